import FaultlineTLS
/// Shared test material: one in-memory CA, contexts made from it, temporary directories and PEM files.
import FaultlineTestSupport
import Glibc

/// One test's CA and the contexts made from it (EC P-256 keys are quick to make, so each test has its own).
struct Fixtures {
    let authority: CertificateAuthority
    let server: TLSServerContext
    let client: TLSClientContext

    init(names: [String] = ["localhost", "127.0.0.1"], options: TLSOptions = TLSOptions()) throws {
        authority = try CertificateAuthority.ephemeral()
        server = try TLSServerContext(identity: authority.identity(for: names), options: options)
        client = try TLSClientContext(trustAnchors: authority.trustAnchors, options: options)
    }

    func pair(
        serverName: String? = "localhost",
        server: TLSServerContext? = nil,
        client: TLSClientContext? = nil,
        certificate: TLSIdentity? = nil,
        clientHello: TLSSession.ClientHelloAction = .proceed
    ) throws -> SessionPair {
        let serverSession = try TLSSession(
            server: server ?? self.server, certificate: certificate, clientHello: clientHello)
        let clientSession = try TLSSession(client: client ?? self.client, serverName: serverName)
        return SessionPair(client: clientSession, server: serverSession)
    }

    /// A fresh directory under /tmp, removed by the caller with `removeTree`.
    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/faultline-tls-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw FixtureError("mkdtemp failed: errno \(errno)")
        }
        return String(decoding: UnsafeRawBufferPointer(start: made, count: strlen(made)), as: UTF8.self)
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FixtureError("open \(path): errno \(errno)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw FixtureError("write \(path): errno \(errno)")
        }
    }

    static func read(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else { throw FixtureError("fopen \(path): errno \(errno)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { return String(decoding: bytes, as: UTF8.self) }
            bytes += buffer[..<count]
        }
    }

    static func mode(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    static func removeTree(_ path: String) {
        _ = try? run(["/bin/rm", "-rf", path])
    }

    /// Runs a tool to completion: its exit status and output.
    static func run(_ argv: [String], timeout: Double = 30) throws -> Subprocess.Outcome {
        let process = try Subprocess(argv)
        guard let status = process.wait(timeout: timeout) else {
            process.terminate()
            throw FixtureError("\(argv.joined(separator: " ")) still running after \(timeout) s")
        }
        return Subprocess.Outcome(status: status, stdout: process.stdout, stderr: process.stderr)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

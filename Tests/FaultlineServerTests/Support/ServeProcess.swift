/// `faultline serve` as a child process: started from a config, its admin and proxy ports read from its log.
import FaultlineTestSupport
import Glibc

final class ServeProcess {
    let process: Subprocess
    let configPath: String
    private(set) var adminPort: UInt16 = 0

    /// Starts `faultline serve --port 0` with `config` (JSON text) and waits until it says it is ready.
    init(config: String, arguments: [String] = [], timeout: Double = 20) throws {
        configPath = ExecutableTests.writeConfig(config)
        process = try Subprocess(
            faultline: ["serve", "--port", "0", "--config", configPath, "--log-level", "info"] + arguments)
        guard TestClock.eventually(timeout: timeout, { process.stderr.contains(" ready ") }) else {
            throw ServeFailure(description: "faultline serve did not get ready: \(process.stderr)")
        }
        guard let port = Self.port(in: process.stderr, line: "admin API listening", key: "address") else {
            throw ServeFailure(description: "no admin address in \(process.stderr)")
        }
        adminPort = port
    }

    deinit {
        process.signal(SIGKILL)
        unlink(configPath)
    }

    /// The port a proxy was started on, from its last "proxy started"/"dns listener started" line.
    func port(of proxy: String) -> UInt16? {
        let lines = process.stderr.split(separator: "\n").filter {
            ($0.contains("proxy started") || $0.contains("listener started")) && $0.contains(" proxy=\(proxy) ")
                || $0.hasSuffix(" proxy=\(proxy)")
        }
        guard let line = lines.last else { return nil }
        return Self.port(in: String(line), line: "started", key: "listen")
    }

    /// True while the process runs and answers `GET /version`.
    var isServing: Bool {
        guard process.wait(timeout: 0) == nil, let client = try? AdminClient(port: adminPort),
            let response = try? client.send("GET", "/version")
        else { return false }
        return response.status == 200
    }

    /// The `key=HOST:PORT` value on the last log line containing `line`.
    static func port(in log: String, line: String, key: String) -> UInt16? {
        guard let text = log.split(separator: "\n").last(where: { $0.contains(line) }),
            let field = text.split(separator: " ").last(where: { $0.hasPrefix("\(key)=") }),
            let port = field.split(separator: ":").last.flatMap({ UInt16($0) })
        else { return nil }
        return port
    }
}

/// `faultline serve` did not start as expected; the description carries its log.
struct ServeFailure: Error, CustomStringConvertible {
    var description: String
}

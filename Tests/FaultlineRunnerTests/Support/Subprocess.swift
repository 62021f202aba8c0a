/// The real `faultline` executable as a child process: spawn, collect its output, signal it, wait for its exit.
import Glibc
import Synchronization

final class Subprocess: Sendable {
    let pid: pid_t
    private let output = Mutex<(stdout: [UInt8], stderr: [UInt8])>(([], []))
    private let exit = Mutex<Int32?>(nil)

    /// The executable built next to this test bundle (`.build/<config>/faultline`).
    static func faultlinePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let exe = String(decoding: buffer[..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var parts = exe.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, !last.hasSuffix(".xctest") && parts.count > 1 { parts.removeLast() }
        parts.removeLast()
        let path = parts.joined(separator: "/") + "/faultline"
        guard access(path, X_OK) == 0 else { throw TestFailure("no faultline executable at \(path)") }
        return path
    }

    /// Starts `faultline arguments…` with the current environment minus `TOXIPROXY_URL` (so `--admin` decides).
    convenience init(faultline arguments: [String]) throws {
        let environment = Self.currentEnvironment().filter { !$0.hasPrefix("TOXIPROXY_URL=") }
        try self.init([try Self.faultlinePath()] + arguments, environment: environment)
    }

    init(_ argv: [String], environment: [String]) throws {
        var outPipe: [CInt] = [0, 0]
        var errPipe: [CInt] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw TestFailure("pipe failed: errno \(errno)") }
        // Close-on-exec, so other children spawned meanwhile do not keep these pipes open (dup2 clears it on 1, 2).
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        let env = environment.map { strdup($0) } + [nil]
        let status = posix_spawn(&pid, argv[0], &actions, nil, cArgs, env)
        (cArgs + env).forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw TestFailure("posix_spawn \(argv[0]) failed: \(status)")
        }
        self.pid = pid
        for (fd, isOut) in [(outPipe[0], true), (errPipe[0], false)] {
            let sink = self
            Thread.detach {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    sink.output.withLock {
                        if isOut { $0.stdout += buffer[..<n] } else { $0.stderr += buffer[..<n] }
                    }
                }
                close(fd)
            }
        }
    }

    static func currentEnvironment() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }

    var stdout: String { output.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    var stderr: String { output.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits up to `timeout` seconds for the exit; the exit code (128+n for signal n), or nil if still running.
    func wait(timeout: Double = 30) -> Int32? {
        if let code = exit.withLock({ $0 }) { return code }
        var code: Int32?
        _ = TestClock.eventually(timeout: timeout) {
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return false }
            let signal = status & 0x7f
            code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
            return true
        }
        if let code { exit.withLock { $0 = code } }
        return code
    }

    /// Runs `faultline arguments…` to completion (killed after `timeout` seconds) and returns its exit code.
    static func run(faultline arguments: [String], timeout: Double = 60) throws -> (Int32?, Subprocess) {
        let process = try Subprocess(faultline: arguments)
        return (process.wait(timeout: timeout), process)
    }

    deinit {
        if wait(timeout: 0) == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
    }
}

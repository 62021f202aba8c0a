/// The one way tests run a child process (the `faultline` executable, a shell): spawn, collect output, signal, wait.
import Glibc
import Synchronization

public final class Subprocess: Sendable {
    public let pid: pid_t
    private let output = Mutex<(stdout: [UInt8], stderr: [UInt8], open: Int)>(([], [], 2))
    private let exit = Mutex<Int32?>(nil)

    /// What a finished run printed and how it ended.
    public struct Outcome: Equatable, Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Why a child could not be started or did not finish.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The `faultline` executable SwiftPM builds next to the test bundle (`.build/<config>/faultline`).
    public static func faultlinePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw Failure(description: "cannot read /proc/self/exe") }
        var parts = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: "/", omittingEmptySubsequences: false)
        // …/.build/debug/faultlinePackageTests.xctest(/…) → …/.build/debug/faultline
        if let bundle = parts.lastIndex(where: { $0.hasSuffix(".xctest") }) { parts.removeSubrange(bundle...) } else {
            parts.removeLast()
        }
        let path = parts.joined(separator: "/") + "/faultline"
        guard access(path, X_OK) == 0 else {
            throw Failure(description: "no faultline executable at \(path): run `swift build --build-tests`")
        }
        return path
    }

    /// This process's environment as `NAME=value` lines.
    public static var currentEnvironment: [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }

    /// Starts `argv` (argv[0] is the path) with `environment` (default: ours); output is collected, stdin empty.
    public init(_ argv: [String], environment: [String]? = nil) throws {
        var outPipe: [CInt] = [-1, -1]
        var errPipe: [CInt] = [-1, -1]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw Failure(description: "pipe: errno \(errno)") }
        // Close-on-exec, so the child (and other children started meanwhile) keep only what dup2 gives them.
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = (environment ?? Self.currentEnvironment).map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        // A child starts with default signal dispositions and nothing blocked, as from a shell: an ignored SIGPIPE
        // here (test runners ignore it) would otherwise be inherited and hide a missing `signal(SIGPIPE, SIG_IGN)`.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        var empty = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let status = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw Failure(description: "posix_spawn \(argv[0]): errno \(status)")
        }
        self.pid = pid
        for (fd, isOut) in [(outPipe[0], true), (errPipe[0], false)] {
            Thread.detach { [self] in
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    output.withLock { if isOut { $0.stdout += buffer[..<n] } else { $0.stderr += buffer[..<n] } }
                }
                close(fd)
                output.withLock { $0.open -= 1 }
            }
        }
    }

    /// Starts the built `faultline` with `arguments`.
    public convenience init(faultline arguments: [String], environment: [String]? = nil) throws {
        try self.init([try Self.faultlinePath()] + arguments, environment: environment)
    }

    public var stdout: String { output.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    public var stderr: String { output.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Sends a signal, unless the child was already reaped (its pid may belong to someone else by then).
    public func signal(_ number: Int32) {
        if exit.withLock({ $0 }) == nil { kill(pid, number) }
    }

    /// Waits up to `timeout` seconds for the child to exit; its exit code (128+n for signal n), or nil.
    @discardableResult
    public func wait(timeout: Double = 30) -> Int32? {
        let deadline = Self.now() + timeout
        var pause = 200
        while true {
            if let code = exit.withLock({ $0 }) { return code }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let signal = status & 0x7f
                let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
                exit.withLock { $0 = code }
                // Let the readers take what the child wrote last before anyone looks at the output.
                while output.withLock({ $0.open }) > 0 && Self.now() < deadline + 5 { Self.pause(microseconds: 100) }
                return code
            }
            if Self.now() >= deadline { return nil }
            Self.pause(microseconds: pause)
            pause = min(pause * 2, 20_000)
        }
    }

    /// SIGTERM, then wait; the exit code, or nil when the child did not stop in time.
    @discardableResult
    public func terminate(timeout: Double = 10) -> Int32? {
        signal(SIGTERM)
        return wait(timeout: timeout)
    }

    /// Runs `faultline arguments…` to completion (nil code: still running after `timeout`, then killed).
    public static func run(faultline arguments: [String], timeout: Double = 60) throws -> (Int32?, Subprocess) {
        let process = try Subprocess(faultline: arguments)
        return (process.wait(timeout: timeout), process)
    }

    /// Runs `faultline arguments…` with exactly `environment` (plus PATH) and returns how it ended.
    public static func faultline(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 30)
        throws -> Outcome
    {
        let env = ["PATH=/usr/bin:/bin"] + environment.map { "\($0.key)=\($0.value)" }
        let process = try Subprocess(faultline: arguments, environment: env)
        guard let status = process.wait(timeout: timeout) else {
            throw Failure(description: "faultline \(arguments.joined(separator: " ")) still running after \(timeout) s")
        }
        return Outcome(status: status, stdout: process.stdout, stderr: process.stderr)
    }

    deinit {
        if wait(timeout: 0) == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The back-off between polls of a child's state (a bounded poll, not a synchronisation point).
    private static func pause(microseconds: Int) {
        var spec = timespec(tv_sec: 0, tv_nsec: microseconds * 1000)
        nanosleep(&spec, nil)
    }
}

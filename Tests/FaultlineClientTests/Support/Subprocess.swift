/// Runs the built `faultline` executable as a child process (posix_spawn) and collects its exit status and output.
import Glibc

struct Subprocess {
    struct Outcome: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `faultline` binary built beside this test bundle (`.build/<triple>/debug/faultline`).
    static func faultlinePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw TestFailure("cannot read /proc/self/exe") }
        let exe = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var directory = exe
        while let last = directory.last, last != "/" { directory.removeLast() }
        let path = directory + "faultline"
        guard access(path, X_OK) == 0 else {
            throw TestFailure("no faultline executable at \(path): run `swift build` (or `swift build --build-tests`)")
        }
        return path
    }

    /// Runs `faultline arguments…` with exactly `environment` (plus PATH), stdin closed, and waits for it.
    /// A child still running after `timeout` seconds is killed and reported as a failure.
    static func faultline(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 30)
        throws -> Outcome
    {
        try run(faultlinePath(), arguments, environment: environment, timeout: timeout)
    }

    static func run(_ path: String, _ arguments: [String], environment: [String: String], timeout: Double)
        throws -> Outcome
    {
        var out: [CInt] = [-1, -1]
        var err: [CInt] = [-1, -1]
        guard pipe(&out) == 0, pipe(&err) == 0 else { throw TestFailure("pipe failed: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in out + err { posix_spawn_file_actions_addclose(&actions, fd) }

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        var env = ["PATH=/usr/bin:/bin"] + environment.map { "\($0.key)=\($0.value)" }
        env.sort()
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(out[1])
        close(err[1])
        defer {
            close(out[0])
            close(err[0])
        }
        guard spawned == 0 else { throw TestFailure("posix_spawn \(path) failed: \(spawned)") }

        let (stdout, stderr, finished) = drain(out[0], err[0], timeout: timeout)
        if !finished { kill(pid, SIGKILL) }
        var status: CInt = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard finished else { throw TestFailure("faultline \(arguments) did not finish within \(timeout)s") }
        // WIFEXITED/WEXITSTATUS are macros Swift cannot see: a normal exit has low 7 bits 0, code in bits 8-15.
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(
            status: code, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Reads both pipes until both reach EOF (the child exited) or the deadline passes.
    private static func drain(_ out: CInt, _ err: CInt, timeout: Double) -> ([UInt8], [UInt8], Bool) {
        var collected: [CInt: [UInt8]] = [out: [], err: []]
        var open: Set<CInt> = [out, err]
        let deadline = now() + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            let remaining = deadline - now()
            if remaining <= 0 { return (collected[out] ?? [], collected[err] ?? [], false) }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), CInt(max(1, remaining * 1000)))
            if ready < 0 && errno != EINTR { return (collected[out] ?? [], collected[err] ?? [], false) }
            for descriptor in fds where descriptor.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptor.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[descriptor.fd, default: []] += buffer[..<count]
                } else if count == 0 || errno != EINTR {
                    open.remove(descriptor.fd)
                }
            }
        }
        return (collected[out] ?? [], collected[err] ?? [], true)
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

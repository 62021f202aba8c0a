/// A child process started with posix_spawn (no shell): stdout through a non-blocking pipe, its exit through a pidfd.
import CFaultlineLinux
import Glibc

/// One spawned program. It leads its own process group, so a timeout can kill it with everything it started, and
/// Ctrl-C at the terminal reaches only the parent. Nothing blocks: register `output` and `exitNotifier` on a loop.
public final class ChildProcess {
    /// How a child ended.
    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    public let pid: Int32
    /// The read end of the child's stdout (non-blocking); EOF once every writer is gone.
    public let output: FileDescriptor
    /// Readable when the child has exited; then `reap()` returns without blocking.
    public let exitNotifier: FileDescriptor
    public private(set) var termination: Termination?

    private init(pid: Int32, output: consuming FileDescriptor, exitNotifier: consuming FileDescriptor) {
        self.pid = pid
        self.output = output
        self.exitNotifier = exitNotifier
    }

    /// Runs `argv[0]` (looked up in PATH when it has no slash) with `argv`, the parent's environment, stdin and
    /// stderr on /dev/null, default signal dispositions and an empty signal mask.
    public static func spawn(_ argv: [String]) throws(Errno) -> ChildProcess {
        guard let program = argv.first else { throw Errno.invalidArgument }
        var fds: [CInt] = [-1, -1]
        try Syscall.call { cfl_pipe_cloexec(&fds) }
        let readEnd = FileDescriptor(owning: fds[0])
        let writeEnd = FileDescriptor(owning: fds[1])
        try Syscall.call { fcntl(readEnd.rawValue, F_SETFL, O_NONBLOCK) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd.rawValue, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The runner blocks SIGINT/SIGTERM for its signalfd and ignores SIGPIPE; a child must not inherit either.
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, program, &actions, &attributes, arguments, environ)
        guard status == 0 else { throw Errno(rawValue: status) }
        writeEnd.close()
        let notifier: CInt
        do throws(Errno) {
            notifier = try Syscall.call { cfl_pidfd_open(pid) }
        } catch {
            kill(-pid, SIGKILL)
            var ignored: CInt = 0
            while waitpid(pid, &ignored, 0) < 0 && errno == EINTR {}
            throw error
        }
        return ChildProcess(pid: pid, output: readEnd, exitNotifier: FileDescriptor(owning: notifier))
    }

    /// Reads what the child wrote; `.processed(0)` is EOF.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int> {
        try Syscall.io { Glibc.read(output.rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Collects the exit status if the child has exited (never blocks); the pid is released then.
    @discardableResult
    public func reap() -> Termination? {
        if let termination { return termination }
        var status: CInt = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
        guard result == pid else { return nil }
        // WIFEXITED/WEXITSTATUS are macros Swift cannot see: a normal exit has low 7 bits 0, the code in bits 8-15.
        let signal = status & 0x7F
        termination = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        return termination
    }

    /// SIGKILL to the child's whole process group. Safe until reaped: an unreaped child's pid cannot be reused.
    public func killGroup() {
        guard termination == nil else { return }
        kill(-pid, SIGKILL)
    }

    /// A child dropped while running is killed and reaped here, so no zombie outlives its owner.
    deinit {
        guard termination == nil else { return }
        kill(-pid, SIGKILL)
        var status: CInt = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}

/// A process the test starts (the `faultline` executable built beside the tests), measured through /proc.
import Glibc
import Synchronization

final class ChildProcess: Sendable {
    let pid: pid_t
    /// Once reaped the pid may belong to someone else: never signal it again.
    private let exitStatus = Mutex<CInt?>(nil)

    /// The `faultline` executable SwiftPM builds next to this test bundle, if it is there.
    static var faultlineExecutable: String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let exe = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = exe.lastIndex(of: "/") else { return nil }
        let path = String(exe[..<slash]) + "/faultline"
        return access(path, X_OK) == 0 ? path : nil
    }

    /// Starts `path` with `arguments`, its output discarded.
    init(_ path: String, _ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard status == 0 else { throw BlockingSocket.Failure.errno(status) }
        self.pid = pid
    }

    /// SIGTERM (the server shuts down gracefully) and wait for it; returns the exit status.
    @discardableResult
    func terminate() -> CInt {
        exitStatus.withLock { reaped in
            if let reaped { return reaped }
            kill(pid, SIGTERM)
            var status: CInt = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = status
            return status
        }
    }

    deinit { terminate() }

    /// Entries in /proc/PID/fd.
    var openDescriptors: Int {
        guard let directory = opendir("/proc/\(pid)/fd") else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { $0.first }
            if name != UInt8(ascii: ".") { count += 1 }
        }
        return count
    }

    /// Resident set size from /proc/PID/statm (its second field, in pages), in bytes.
    var residentBytes: Int {
        guard let file = fopen("/proc/\(pid)/statm", "r") else { return -1 }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, CInt(buffer.count), file) != nil else { return -1 }
        let fields = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Process limits: the open-file soft limit raised to the hard one, and the CPUs this process may use.
import CFaultlineLinux
import Glibc

public enum ResourceLimits {
    /// Raises RLIMIT_NOFILE's soft limit to its hard limit; returns (before, after).
    @discardableResult
    public static func raiseOpenFiles() -> (before: UInt64, after: UInt64) {
        var limit = rlimit()
        guard getrlimit(CInt(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (0, 0) }
        let before = UInt64(limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return (before, before) }
        limit.rlim_cur = limit.rlim_max
        guard setrlimit(CInt(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (before, before) }
        return (before, UInt64(limit.rlim_cur))
    }

    /// CPUs in this process's affinity mask (what `--threads` defaults to).
    public static var usableCPUs: Int {
        let count = cfl_usable_cpus()
        return count > 0 ? Int(count) : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

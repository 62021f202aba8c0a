/// Figures about this process read from /proc and getrlimit: memory, descriptors, CPU time, start time.
import Glibc

public struct ProcessStats: Sendable {
    public var residentBytes: UInt64 = 0
    public var virtualBytes: UInt64 = 0
    /// RLIMIT_AS; `UInt64.max` when unlimited (what Go's collector reports then, as a float).
    public var virtualMaxBytes: UInt64 = .max
    public var openDescriptors = 0
    public var maxDescriptors: UInt64 = 0
    /// User plus system CPU time.
    public var cpuSeconds: Double = 0
    /// When the process started, in seconds since the Unix epoch.
    public var startTimeSeconds: Double = 0

    /// This process's id (request ids include it, as xid does).
    public static var processID: Int32 { getpid() }

    public static func read() -> ProcessStats {
        var stats = ProcessStats()
        let ticks = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        if let stat = readFile("/proc/self/stat"), let close = stat.lastIndex(of: ")") {
            // Fields after "pid (comm)": state is field 3, so field n sits at index n - 3.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            func field(_ number: Int) -> UInt64? { number - 3 < fields.count ? UInt64(fields[number - 3]) : nil }
            stats.cpuSeconds = Double((field(14) ?? 0) + (field(15) ?? 0)) / ticks
            stats.virtualBytes = field(23) ?? 0
            stats.residentBytes = (field(24) ?? 0) * UInt64(sysconf(Int32(_SC_PAGESIZE)))
            if let start = field(22), let boot = bootTime() { stats.startTimeSeconds = boot + Double(start) / ticks }
        }
        if let directory = opendir("/proc/self/fd") {
            var count = 0
            while readdir(directory) != nil { count += 1 }
            closedir(directory)
            stats.openDescriptors = max(0, count - 3)  // ".", ".." and the directory's own descriptor
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { stats.maxDescriptors = UInt64(limit.rlim_cur) }
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0 {
            stats.virtualMaxBytes = limit.rlim_cur == rlim_t.max ? .max : UInt64(limit.rlim_cur)  // RLIM_INFINITY
        }
        return stats
    }

    /// The `btime` line of /proc/stat: when the machine booted, in seconds since the epoch.
    private static func bootTime() -> Double? {
        guard let text = readFile("/proc/stat", limit: 1 << 16) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingPrefix(" "))
        }
        return nil
    }

    private static func readFile(_ path: String, limit: Int = 4096) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: limit)
        let count = fread(&buffer, 1, buffer.count - 1, file)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

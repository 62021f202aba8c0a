/// Figures about this process read from /proc: resident memory, open descriptors, start time.
import Glibc

public struct ProcessStats: Sendable {
    public var residentBytes: UInt64 = 0
    public var openDescriptors = 0
    public var startTimeSeconds: Double = 0

    /// This process's id (request ids include it, as xid does).
    public static var processID: Int32 { getpid() }

    public static func read() -> ProcessStats {
        var stats = ProcessStats()
        if let statm = readFile("/proc/self/statm") {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = UInt64(fields[1]) {
                stats.residentBytes = pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
            }
        }
        if let directory = opendir("/proc/self/fd") {
            var count = 0
            while readdir(directory) != nil { count += 1 }
            closedir(directory)
            stats.openDescriptors = max(0, count - 3)  // ".", ".." and the directory's own descriptor
        }
        return stats
    }

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = fread(&buffer, 1, buffer.count - 1, file)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

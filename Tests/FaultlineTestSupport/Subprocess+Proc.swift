/// A child's descriptors and memory, read from /proc (leak tests measure the real executable this way).
import Glibc

extension Subprocess {
    /// Entries in /proc/PID/fd.
    public var openDescriptors: Int {
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
    public var residentBytes: Int {
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

/// Reads a whole (small) file, with errno on failure: the config file and /proc entries.
import Glibc

public enum FileReader {
    /// At most `limit` bytes; a longer file is an error (`EFBIG`) rather than a silent truncation.
    public static func read(_ path: String, limit: Int = 64 << 20) throws(Errno) -> [UInt8] {
        let fd = try Syscall.call { open(path, O_RDONLY | O_CLOEXEC) }
        let owner = FileDescriptor(owning: fd)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = try Syscall.call { buffer.withUnsafeMutableBytes { Glibc.read(owner.rawValue, $0.baseAddress, $0.count) } }
            if count == 0 { return bytes }
            bytes += buffer[..<count]
            if bytes.count > limit { throw Errno(rawValue: EFBIG) }
        }
    }
}

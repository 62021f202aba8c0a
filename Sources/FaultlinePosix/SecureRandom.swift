/// Secrets from the kernel's random source (getrandom(2)), with no fallback: a guessable secret is worse than none.
import CFaultlineLinux
import Glibc

public enum SecureRandom {
    /// `count` random bytes as lower-case hex (2 × `count` characters). Throws when the kernel cannot supply them.
    public static func hex(byteCount count: Int) throws(Errno) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                getrandom(buffer.baseAddress.map { $0 + filled }, count - filled, 0)
            }
            if result < 0 {
                let error = Errno.current
                if error.rawValue == EINTR { continue }
                throw error
            }
            filled += result
        }
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

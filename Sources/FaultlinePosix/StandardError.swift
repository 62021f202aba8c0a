/// Whole-line writes to stderr and stdout (one write(2) per call, retried on short writes).
import Glibc

public enum StandardError {
    public static func write(_ text: String) { StandardStream.write(text, to: 2) }
}

public enum StandardOutput {
    public static func write(_ text: String) { StandardStream.write(text, to: 1) }
    /// True when stdout is a terminal (colour and hints only then).
    public static var isTerminal: Bool { isatty(1) == 1 }
}

enum StandardStream {
    static func write(_ text: String, to fd: CInt) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}

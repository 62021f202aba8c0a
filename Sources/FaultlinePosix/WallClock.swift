/// Calendar time for humans (log timestamps, the HTTP Date header); never used for timing decisions.
import CFaultlineLinux
import Glibc

public enum WallClock {
    /// Seconds since the Unix epoch.
    public static func secondsSinceEpoch() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Nanoseconds since the Unix epoch (Go's `time.Now().UnixNano()`).
    public static func nanosecondsSinceEpoch() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) &* 1_000_000_000 &+ Int64(spec.tv_nsec)
    }

    /// `2026-11-29T03:12:12.123Z`
    public static func iso8601() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: spec.tv_sec, "%Y-%m-%dT%H:%M:%S") + "." + pad(spec.tv_nsec / 1_000_000, 3) + "Z"
    }

    /// `Sun, 29 Nov 2026 03:12:12 GMT` (RFC 7231 IMF-fixdate), as Go's net/http writes Date.
    public static func httpDate() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: spec.tv_sec, "%a, %d %b %Y %H:%M:%S GMT")
    }

    private static func format(seconds: Int, _ pattern: String) -> String {
        var time = seconds
        var parts = tm()
        gmtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, pattern, &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// 64 bits from the kernel's random source, for a default `--seed` (printed so a run can be replayed).
    public static func randomSeed() -> UInt64 {
        var value: UInt64 = 0
        if getrandom(&value, MemoryLayout<UInt64>.size, 0) != MemoryLayout<UInt64>.size {
            value = UInt64(bitPattern: Int64(secondsSinceEpoch() * 1e9))
        }
        return value
    }
}

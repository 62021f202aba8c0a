/// How big an admin request may be: whole configs and DNS record lists are large, everything else is small.
import FaultlineHTTP

extension AdminAPI {
    /// A body of /populate, or of a proxy's create or update (a DNS proxy's records), may be 64 MiB; Toxiproxy has
    /// no limit, and a config of thousands of proxies is a real use. Every other body stays within 1 MiB. The
    /// server bounds what all sessions together may buffer.
    public static let requestLimits = RequestParser.Limits(
        maxHeadBytes: 16 * 1024, maxBodyBytes: 1 << 20, largeBodyBytes: 64 << 20,
        allowsLargeBody: { method, path in
            if method == .post && path == "/populate" { return true }
            guard method == .post || method == .patch, path.hasPrefix("/proxies") else { return false }
            // "/proxies" or "/proxies/{proxy}", not a toxic route below it.
            return path.utf8.count(where: { $0 == UInt8(ascii: "/") }) <= 2
        })
}

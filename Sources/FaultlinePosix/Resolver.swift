/// Hostname lookups (getaddrinfo) off the loop: a blocking call runs on a worker thread, the result comes back as a value.
import CFaultlineLinux
import Dispatch
import FaultlineCore
import Glibc

/// Why a lookup failed, with Go's wording (`lookup db.invalid: no such host`).
public struct ResolveError: Error, Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var reason: String
    public var description: String { "lookup \(host): \(reason)" }
}

public enum Resolver {
    /// Runs getaddrinfo on a worker thread and hands the outcome to `completion` there (post it to a loop).
    public static func resolve(
        host: String, port: UInt16, completion: @escaping @Sendable (Result<[SocketAddress], ResolveError>) -> Void
    ) {
        DispatchQueue.global().async {
            completion(resolveBlocking(host: host, port: port))
        }
    }

    /// Numeric hosts are parsed without a lookup; everything else goes through getaddrinfo (blocking).
    public static func resolveBlocking(host: String, port: UInt16) -> Result<[SocketAddress], ResolveError> {
        if let numeric = SocketAddress(numericHost: host, port: port) { return .success([numeric]) }
        var hints = addrinfo()
        hints.ai_socktype = CInt(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            let reason: String
            switch status {
            case EAI_NONAME, -5, -9: reason = "no such host"  // -5 EAI_NODATA, -9 EAI_ADDRFAMILY: GNU-only names
            case EAI_AGAIN: reason = "temporary failure in name resolution"
            default: reason = String(cString: gai_strerror(status)).lowercased()
            }
            return .failure(ResolveError(host: host, reason: reason))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let entry = cursor, addresses.count < 32 {
            if let address = entry.pointee.ai_addr,
                entry.pointee.ai_family == AF_INET || entry.pointee.ai_family == AF_INET6
            {
                var storage = sockaddr_storage()
                let length = min(Int(entry.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
                withUnsafeMutableBytes(of: &storage) { raw in
                    raw.copyMemory(from: UnsafeRawBufferPointer(start: address, count: length))
                }
                let resolved = SocketAddress(storage: storage, length: socklen_t(length))
                if !addresses.contains(resolved) { addresses.append(resolved) }
            }
            cursor = entry.pointee.ai_next
        }
        // Go prefers IPv4 for "localhost"-style dual answers when dialling; keep IPv4 first for the same reason.
        addresses.sort { $0.family == AF_INET && $1.family != AF_INET }
        if addresses.isEmpty { return .failure(ResolveError(host: host, reason: "no such host")) }
        return .success(addresses)
    }
}

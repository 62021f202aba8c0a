/// An IPv4 or IPv6 socket address: numeric parsing, Go-style "host:port" splitting, and printing.
import Glibc

public struct SocketAddress: Sendable, CustomStringConvertible {
    public private(set) var storage: sockaddr_storage
    public private(set) var length: socklen_t

    public init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    /// The address family (`AF_INET` or `AF_INET6`).
    public var family: CInt { CInt(storage.ss_family) }

    public var port: UInt16 {
        withSockaddr { pointer, _ in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    /// True for 0.0.0.0 and ::, the "every interface" addresses.
    public var isWildcard: Bool {
        if family == AF_INET6 {
            return withIPv6 { $0.sin6_addr.__in6_u.__u6_addr32 == (0, 0, 0, 0) }
        }
        return withIPv4 { $0.sin_addr.s_addr == 0 }
    }

    /// Parses a numeric IPv4 or IPv6 host (no brackets) and a port; nil when the host is not numeric.
    public init?(numericHost host: String, port: UInt16) {
        var storage = sockaddr_storage()
        var parsed = false
        var length = socklen_t(0)
        withUnsafeMutableBytes(of: &storage) { raw in
            guard let base = raw.baseAddress else { return }
            var v4 = sockaddr_in()
            if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
                v4.sin_family = sa_family_t(AF_INET)
                v4.sin_port = port.bigEndian
                base.storeBytes(of: v4, as: sockaddr_in.self)
                length = socklen_t(MemoryLayout<sockaddr_in>.size)
                parsed = true
                return
            }
            var v6 = sockaddr_in6()
            if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
                v6.sin6_family = sa_family_t(AF_INET6)
                v6.sin6_port = port.bigEndian
                base.storeBytes(of: v6, as: sockaddr_in6.self)
                length = socklen_t(MemoryLayout<sockaddr_in6>.size)
                parsed = true
            }
        }
        guard parsed else { return nil }
        self.init(storage: storage, length: length)
    }

    /// The IPv6 wildcard `[::]:port`, which Go (and so Toxiproxy) binds for empty and 0.0.0.0 hosts.
    public static func ipv6Wildcard(port: UInt16) -> SocketAddress {
        SocketAddress(numericHost: "::", port: port) ?? SocketAddress(storage: sockaddr_storage(), length: 0)
    }

    /// The host part alone, as Go prints it (no brackets).
    public var hostText: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let count = buffer.count
        let ok: Bool = buffer.withUnsafeMutableBufferPointer { out in
            if family == AF_INET6 {
                return withIPv6 { address in
                    var a = address.sin6_addr
                    return inet_ntop(AF_INET6, &a, out.baseAddress, socklen_t(count)) != nil
                }
            }
            return withIPv4 { address in
                var a = address.sin_addr
                return inet_ntop(AF_INET, &a, out.baseAddress, socklen_t(count)) != nil
            }
        }
        guard ok else { return "?" }
        return buffer.withUnsafeBufferPointer { pointer in
            String(decoding: pointer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// `127.0.0.1:8080` or `[::1]:8080`, as Go's `net.Addr.String()` prints it.
    public var description: String {
        family == AF_INET6 ? "[\(hostText)]:\(port)" : "\(hostText):\(port)"
    }

    public func withSockaddr<R, E: Error>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R) throws(E) -> R {
        let length = self.length
        return try withUnsafePointer(to: storage) { pointer throws(E) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(E) in try body(address, length) }
        }
    }

    private func withIPv4<R>(_ body: (sockaddr_in) -> R) -> R {
        withUnsafeBytes(of: storage) { body($0.load(as: sockaddr_in.self)) }
    }

    private func withIPv6<R>(_ body: (sockaddr_in6) -> R) -> R {
        withUnsafeBytes(of: storage) { body($0.load(as: sockaddr_in6.self)) }
    }
}

extension SocketAddress: Equatable {
    public static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        lhs.family == rhs.family && lhs.description == rhs.description
    }
}

/// A UDP peer's address packed into 24 bytes: a cheap dictionary key, and enough to rebuild the sockaddr to reply.
import Glibc

/// Hashing a `SocketAddress` would mean hashing 128 bytes of storage (or its text); a UDP proxy looks its sessions up
/// once per datagram, so the key is three words taken straight from the sockaddr the kernel filled in.
public struct PeerKey: Hashable, Sendable {
    /// IPv4: address (network order) | port << 32. IPv6: the first 8 bytes of the address.
    let high: UInt64
    /// IPv6: the last 8 bytes of the address; 0 for IPv4.
    let low: UInt64
    /// Port | scope id << 16 | family << 48 (the scope keeps link-local peers on different interfaces apart).
    let tail: UInt64

    /// Reads the peer from a sockaddr the kernel filled in (`AF_INET` or `AF_INET6`; anything else keys as zero).
    public init(_ storage: UnsafePointer<sockaddr_storage>) {
        let raw = UnsafeRawPointer(storage)
        let family = UInt64(storage.pointee.ss_family)
        switch CInt(family) {
        case AF_INET:
            let v4 = raw.load(as: sockaddr_in.self)
            high = UInt64(v4.sin_addr.s_addr) | UInt64(v4.sin_port) << 32
            low = 0
            tail = family << 48
        case AF_INET6:
            let v6 = raw.load(as: sockaddr_in6.self)
            let bytes = withUnsafeBytes(of: v6.sin6_addr) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
            high = bytes.0
            low = bytes.1
            tail = UInt64(v6.sin6_port) | UInt64(v6.sin6_scope_id) << 16 | family << 48
        default:
            high = 0
            low = 0
            tail = 0
        }
    }

    public init(_ address: SocketAddress) {
        self = withUnsafePointer(to: address.storage) { PeerKey($0) }
    }

    /// The address in network order: 4 bytes for IPv4, 16 for IPv6, none otherwise (a toxic's `clients` match it).
    public var addressBytes: [UInt8] {
        switch CInt(tail >> 48) {
        case AF_INET6: withUnsafeBytes(of: high) { Array($0) } + withUnsafeBytes(of: low) { Array($0) }
        case AF_INET: withUnsafeBytes(of: UInt32(truncatingIfNeeded: high)) { Array($0) }
        default: []
        }
    }

    /// Writes the sockaddr back for sendmmsg; returns its length.
    func write(into storage: UnsafeMutablePointer<sockaddr_storage>) -> socklen_t {
        let raw = UnsafeMutableRawPointer(storage)
        if CInt(tail >> 48) == AF_INET6 {
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(truncatingIfNeeded: tail)
            v6.sin6_scope_id = UInt32(truncatingIfNeeded: tail >> 16)
            withUnsafeMutableBytes(of: &v6.sin6_addr) {
                $0.storeBytes(of: high, as: UInt64.self)
                $0.storeBytes(of: low, toByteOffset: 8, as: UInt64.self)
            }
            raw.storeBytes(of: v6, as: sockaddr_in6.self)
            return socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = in_port_t(truncatingIfNeeded: high >> 32)
        v4.sin_addr.s_addr = in_addr_t(truncatingIfNeeded: high)
        raw.storeBytes(of: v4, as: sockaddr_in.self)
        return socklen_t(MemoryLayout<sockaddr_in>.size)
    }

    /// The peer as a `SocketAddress` (for logs and tests).
    public var address: SocketAddress {
        var storage = sockaddr_storage()
        let length = write(into: &storage)
        return SocketAddress(storage: storage, length: length)
    }
}

/// Who a DNS reply goes back to: a UDP sender's address, or a TCP session of the same listener.
import FaultlineDNS
import FaultlinePosix

enum DNSClient {
    /// Replies go to the datagram's source address, never to an address read from the payload.
    case udp(SocketAddress)
    case tcp(session: UInt64)

    var transport: DNSTransport {
        switch self {
        case .udp: .udp
        case .tcp: .tcp
        }
    }
}

/// A DNS listener's counters, read by tests and the benchmark.
public struct DNSListenerStats: Sendable, Equatable {
    /// Messages received (datagrams and TCP frames), well-formed or not.
    public var queries: UInt64 = 0
    /// Replies sent (or handed to a TCP session).
    public var replies: UInt64 = 0
    /// Queries relayed to the upstream resolver.
    public var forwarded: UInt64 = 0
    /// Forwarded queries the upstream did not answer in time (answered SERVFAIL).
    public var upstreamTimeouts: UInt64 = 0
    /// Messages that got no reply: not queries, dropped by a toxic, or over a limit.
    public var dropped: UInt64 = 0
    /// Queries each `drop` (or `truncate` with `tcp: drop`) toxic swallowed, by toxic name.
    public var toxicDrops: [String: UInt64] = [:]
    /// Open TCP sessions.
    public var tcpSessions = 0

    public init() {}
}

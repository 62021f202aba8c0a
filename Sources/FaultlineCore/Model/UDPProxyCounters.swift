/// What a `udp` proxy did: datagrams and bytes per direction, drops by cause, sessions made, evicted and expired.
///
/// Kept by the data loop that runs the proxy and read by /metrics and tests; counters only grow (the active session
/// count excepted) for the life of the proxy, across disable and enable.
public struct UDPProxyCounters: Equatable, Sendable {
    /// One direction (`upstream` is client → server, as for TCP proxies).
    public struct Flow: Equatable, Sendable {
        /// Datagrams and payload bytes read from the direction's source socket.
        public var datagramsReceived: UInt64 = 0
        public var bytesReceived: UInt64 = 0
        /// Datagrams and payload bytes the kernel accepted for the destination.
        public var datagramsSent: UInt64 = 0
        public var bytesSent: UInt64 = 0
        /// Drops and alterations by the direction's toxics, removed toxics and ended sessions included.
        public var toxics = DatagramCounters()
        /// Datagrams the kernel would not send (send buffer full, or an ICMP error it reported instead).
        public var sendFailed: UInt64 = 0

        public init() {}

        public static func += (lhs: inout Flow, rhs: Flow) {
            lhs.datagramsReceived &+= rhs.datagramsReceived
            lhs.bytesReceived &+= rhs.bytesReceived
            lhs.datagramsSent &+= rhs.datagramsSent
            lhs.bytesSent &+= rhs.bytesSent
            lhs.toxics += rhs.toxics
            lhs.sendFailed &+= rhs.sendFailed
        }
    }

    public var flows = PerDirection(repeating: Flow())
    /// Client datagrams dropped because no session could get a socket (out of descriptors, nothing to evict).
    public var noDescriptor: UInt64 = 0
    public var sessionsActive = 0
    public var sessionsCreated: UInt64 = 0
    /// Sessions closed to make room: for a new client beyond `max_sessions`, or for a descriptor (EMFILE).
    public var sessionsEvicted: UInt64 = 0
    public var sessionsEvictedForDescriptors: UInt64 = 0
    /// Sessions closed after `idle_timeout` without a datagram.
    public var sessionsExpired: UInt64 = 0
    /// ICMP errors (port or host unreachable) reported on sessions' upstream sockets; the sessions keep running.
    public var upstreamUnreachable: UInt64 = 0

    public init() {}

    /// Every datagram dropped on the way, whatever the cause.
    public var dropped: UInt64 {
        flows.upstream.toxics.dropped &+ flows.downstream.toxics.dropped &+ flows.upstream.sendFailed
            &+ flows.downstream.sendFailed &+ noDescriptor
    }
}

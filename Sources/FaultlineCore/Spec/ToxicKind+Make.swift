/// Turns a configured toxic kind into a fresh runtime toxic for one direction of one connection.
extension ToxicKind {
    /// A new toxic with no state; randomised toxics own a generator seeded with `seed`, and timers that run
    /// from the toxic's arrival (timeout) start at `now`.
    public func makeToxic(seed: UInt64, now: Instant) -> any Toxic {
        switch self {
        case .latency(let attributes): Latency(attributes, seed: seed)
        case .bandwidth(let attributes): Bandwidth(attributes)
        case .slowClose(let attributes): SlowClose(attributes)
        case .timeout(let attributes): Timeout(attributes, now: now)
        case .resetPeer(let attributes): ResetPeer(attributes)
        case .slicer(let attributes): Slicer(attributes, seed: seed)
        case .limitData(let attributes): LimitData(attributes)
        case .noop: Noop()
        case .loss(let attributes): Loss(attributes, seed: seed)
        case .packetLoss(let attributes): PacketLoss(attributes, seed: seed)
        // It acts when a connection is accepted (`NXDomainGate`); inside a link it never touches bytes.
        case .nxdomain: Passthrough()
        // DNS toxics act on a DNS listener's queries; a TCP link never carries them.
        case .dns: Passthrough()
        // HTTP faults act on exchanges, at the head of both directions (FaultlineHTTPFaults), not inside a link.
        case .http: Passthrough()
        // TLS faults act on a connection's handshake (the server's TLS stage), not inside a link.
        case .tls: Passthrough()
        // Datagram toxics run in UDP sessions' `DatagramLink`s; a TCP link never carries them.
        case .udp: Passthrough()
        }
    }
}

extension ToxicSpec {
    /// The runtime toxic for this spec: its kind's, shared-rate aware (proxy-wide `bandwidth`), and wrapped in
    /// `Scheduled` when the toxic flaps. Links build every toxic through here.
    public func makeToxic(seed: UInt64, now: Instant) -> any Toxic {
        if let schedule = options.schedule, kind.actsOnStream {
            return Scheduled(self, schedule: schedule, seed: seed, now: now)
        }
        if case .bandwidth(let attributes) = kind, attributes.isProxyWide {
            // Without a rate the server shares (a spec made outside the server), the connection has its own.
            guard let shared = sharedRate else {
                return SharedBandwidth(attributes, allocator: LocalRateAllocator(rate: attributes.rate))
            }
            return SharedBandwidth(attributes, allocator: shared.allocator)
        }
        return kind.makeToxic(seed: seed, now: now)
    }
}

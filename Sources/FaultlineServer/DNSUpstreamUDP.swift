/// Relaying UDP clients' queries to the upstream resolver: fresh IDs, a bounded pending map, timeouts.
import FaultlineCore
import FaultlineDNS
import FaultlinePosix

/// One UDP socket towards the upstream, and the queries waiting for its answers keyed by the ID we gave them.
///
/// RFC 5452: each relayed query gets a random ID unique among those in flight, and an answer is accepted only
/// from the upstream's address with a pending ID and the same question (`DNSForwardPlan.reply(toUpstream:)`);
/// anything else is dropped, since the map is the only anti-spoofing there is.
final class DNSUpstreamUDP: EventHandler {
    /// Queries in flight at once; beyond this a query is answered SERVFAIL straight away.
    static let maxPending = 4096

    private struct Pending {
        var plan: DNSForwardPlan
        var client: DNSClient
        var timer: TimerID
    }

    let upstream: SocketAddress
    private unowned let listener: DNSListener
    private var socket: UDPSocket?
    private var registration: Registration?
    private var pending: [UInt16: Pending] = [:]
    private var rng: SplitMix64

    init(upstream: SocketAddress, listener: DNSListener, rng: SplitMix64) throws(Errno) {
        self.upstream = upstream
        self.listener = listener
        self.rng = rng
        let socket = try UDPSocket(family: upstream.family)
        registration = try listener.context.loop.register(socket.rawValue, .readable, self)
        self.socket = consume socket
    }

    func forward(_ query: [UInt8], plan: DNSForwardPlan, client: DNSClient, timeout: Duration) {
        guard pending.count < Self.maxPending, let id = freeID() else {
            return listener.upstreamFinished(plan.failureReply(), to: client, timedOut: false)
        }
        let bytes = DNSForwardPlan.upstreamQuery(query, id: id)
        let result = bytes.withUnsafeBytes { raw in Result { () throws(Errno) in try socket?.send(raw, to: upstream) } }
        if case .failure = result {
            // ECONNREFUSED from an earlier ICMP error, or no route: the resolver is unreachable right now.
            return listener.upstreamFinished(plan.failureReply(), to: client, timedOut: false)
        }
        // A datagram the kernel would not queue (`.wouldBlock`) is lost like one on the wire: the timeout answers.
        let loop = listener.context.loop
        let timer = loop.schedule(at: loop.now + timeout) { [weak self] in self?.expire(id) }
        pending[id] = Pending(plan: plan, client: client, timer: timer)
    }

    /// A random ID not in flight; with at most `maxPending` of 65536 taken, a few draws almost always do.
    private func freeID() -> UInt16? {
        for _ in 0..<64 {
            let id = UInt16(truncatingIfNeeded: rng.next())
            if pending[id] == nil { return id }
        }
        return (0...UInt16.max).first { pending[$0] == nil }
    }

    func handle(_ events: Interest, registration: Registration) {
        let buffer = UnsafeMutableRawBufferPointer(rebasing: listener.context.scratch[..<DNSListener.maxDatagram])
        for _ in 0..<DNSListener.datagramsPerTurn {
            let result: IOResult<Datagram>?
            do {
                result = try socket?.receive(into: buffer)
            } catch {
                continue  // ICMP port unreachable for an earlier query: its timeout will answer
            }
            guard case .processed(let datagram)? = result else { return }
            guard datagram.count >= 2, datagram.count <= buffer.count, datagram.sender == upstream else { continue }
            let id = UInt16(buffer[0]) << 8 | UInt16(buffer[1])
            guard let entry = pending[id] else { continue }
            let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer[..<datagram.count]))
            // Not an answer to this question: maybe a spoof; the real answer may still come before the timeout.
            guard let reply = entry.plan.reply(toUpstream: bytes) else { continue }
            pending[id] = nil
            listener.context.loop.cancel(entry.timer)
            listener.upstreamFinished(reply, to: entry.client, timedOut: false)
        }
    }

    private func expire(_ id: UInt16) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        listener.upstreamFinished(entry.plan.failureReply(), to: entry.client, timedOut: true)
    }

    /// Forgets every pending query without answering (the listener is going away).
    func close() {
        if let registration { listener.context.loop.deregister(registration, closing: true) }
        registration = nil
        for entry in pending.values { listener.context.loop.cancel(entry.timer) }
        pending.removeAll()
        _ = socket.take()
    }
}

/// Drives a `DatagramLink` on virtual time from scripted datagrams and records what leaves, and when.
import FaultlineCore
import FaultlineTesting

/// "At 0 ms send datagram 1; expect it at 100 ms" becomes `send(tag:at:)` calls, `advance(to:)` and a look at
/// `outputs`. Wakes run at exactly the link's `nextWake` instants, as the one timer of a session would fire.
struct DatagramHarness {
    struct Output: Equatable, CustomStringConvertible {
        var time: Instant
        var datagram: UDPDatagram

        /// The sequence number written into the first four bytes by `send(tag:size:at:)`.
        var tag: Int { DatagramHarness.tag(of: datagram) }
        var milliseconds: Double { Double(time.nanoseconds) / 1_000_000 }
        var description: String { "#\(tag)@\(milliseconds)ms" }
    }

    var link: DatagramLink
    var rng: SplitMix64
    private(set) var now = Instant.zero
    private(set) var outputs: [Output] = []

    /// A link holding `specs`, added at time zero in order, rolled with a generator seeded by `seed`.
    init(_ specs: [DatagramToxicSpec], seed: UInt64 = 0, heldLimit: Int = DatagramLink.defaultHeldLimit) {
        link = DatagramLink(heldLimit: heldLimit)
        rng = SplitMix64(seed: seed)
        for spec in specs { link.append(spec, now: .zero, rng: &rng) }
    }

    init(_ kind: DatagramToxicKind, seed: UInt64 = 0) {
        self.init([DatagramToxicSpec(kind: kind)], seed: seed)
    }

    /// Runs every wake-up due by `time`, in order, and leaves the clock there.
    mutating func advance(to time: Instant) {
        while let wake = link.nextWake, wake <= time {
            now = max(now, wake)
            var out: [UDPDatagram] = []
            link.wake(now: now, into: &out)
            record(out)
        }
        now = max(now, time)
    }

    mutating func send(_ datagram: UDPDatagram, at time: Instant) {
        advance(to: time)
        var out: [UDPDatagram] = []
        link.receive(datagram, now: now, into: &out)
        record(out)
    }

    /// Sends a datagram of `size` bytes (at least 4) whose first four bytes carry `tag`.
    mutating func send(tag: Int, size: Int = 64, at time: Instant) {
        send(Self.datagram(tag: tag, size: size), at: time)
    }

    mutating func remove(_ name: String, at time: Instant) {
        advance(to: time)
        var out: [UDPDatagram] = []
        link.remove(name: name, now: now, into: &out)
        record(out)
    }

    mutating func update(_ name: String, to spec: DatagramToxicSpec, at time: Instant) {
        advance(to: time)
        var out: [UDPDatagram] = []
        link.update(name: name, to: spec, now: now, rng: &rng, into: &out)
        record(out)
    }

    mutating func clearOutputs() { outputs.removeAll() }

    var tags: [Int] { outputs.map(\.tag) }

    static func datagram(tag: Int, size: Int = 64) -> UDPDatagram {
        var bytes = [UInt8](repeating: 0xA5, count: max(size, 4))
        for index in 0..<4 { bytes[index] = UInt8(truncatingIfNeeded: tag >> (24 - 8 * index)) }
        return UDPDatagram(bytes)
    }

    static func tag(of datagram: UDPDatagram) -> Int {
        guard datagram.count >= 4 else { return -1 }
        return datagram.payload[0..<4].reduce(0) { $0 << 8 | Int($1) }
    }

    private mutating func record(_ out: [UDPDatagram]) {
        for datagram in out { outputs.append(Output(time: now, datagram: datagram)) }
    }
}

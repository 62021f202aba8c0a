/// Pins the identity toxics: `noop` (a real type) and `Passthrough` (the stand-in for a toxic rolled out).
import FaultlineCore
import Testing

struct NoopTests {
    static let events: [StreamEvent] = [.bytes([1, 2, 3]), .bytes([]), .end]

    @Test func noopPassesEverythingAndAdoptsOnlyNoop() {
        var toxic = Noop()
        var out: [ToxicAction] = []
        for event in Self.events { toxic.receive(event, now: .zero, into: &out) }
        #expect(out == Self.events.map { .emit($0) })
        #expect(toxic.update(to: .noop, now: .zero, into: &out))
        #expect(!toxic.update(to: .latency(LatencyAttributes()), now: .zero, into: &out))
        #expect(toxic.nextWake == nil && toxic.heldBytes == 0 && toxic.wantsInput)
    }

    @Test func passthroughPassesEverythingAndAdoptsNothing() {
        var toxic = Passthrough()
        var out: [ToxicAction] = []
        for event in Self.events { toxic.receive(event, now: .zero, into: &out) }
        toxic.flush(now: .zero, into: &out)
        #expect(out == Self.events.map { .emit($0) })
        #expect(!toxic.update(to: .noop, now: .zero, into: &out))
        #expect(out.count == Self.events.count)
    }
}

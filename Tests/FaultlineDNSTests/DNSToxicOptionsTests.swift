/// `clients` and `schedule` on DNS toxics: a toxic acts only on queries from its clients, and only in on phases.
import FaultlineCore
import Testing
@testable import FaultlineDNS

@Suite struct DNSToxicOptionsTests {
    private func decide(
        _ responder: DNSResponder, from source: [UInt8]?, at now: Instant = Harness.now
    ) -> DNSDecision {
        var rng = SplitMix64(seed: 3)
        return responder.decide(WireFixtures.query("db.test"), transport: .udp, now: now, rng: &rng, source: source)
    }

    @Test func clientsMatchTheQuerySource() throws {
        var options = ToxicOptions()
        options.clients = ClientRange("127.0.0.2/32").map { [$0] }
        let responder = try Harness.responder(toxics: [DNSToxicSpec(name: "d", kind: .drop(.init()), options: options)])
        #expect(decide(responder, from: [127, 0, 0, 2]) == .drop(.injected(toxic: "d")))
        #expect(decide(responder, from: [127, 0, 0, 3]) != .drop(.injected(toxic: "d")))
        #expect(decide(responder, from: nil) != .drop(.injected(toxic: "d")))
    }

    @Test func scheduleFlapsFromCreation() throws {
        var options = ToxicOptions(schedule: ToxicSchedule(on: 100, off: 100))
        options.createdAt = Harness.now
        let responder = try Harness.responder(toxics: [DNSToxicSpec(name: "d", kind: .drop(.init()), options: options)])
        let dropped = [0, 50, 99, 100, 150, 199, 200].map { ms in
            decide(responder, from: nil, at: Harness.now + .milliseconds(ms)) == .drop(.injected(toxic: "d"))
        }
        #expect(dropped == [true, true, true, false, false, false, true])
    }
}

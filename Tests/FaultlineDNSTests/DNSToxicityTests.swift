/// Per-query toxicity: binomial bounds over seeded runs, determinism by seed, independence between toxics.
import FaultlineCore
import Testing
@testable import FaultlineDNS

@Suite struct DNSToxicityTests {
    static let queries = 1000

    /// Which of `queries` consecutive queries each named toxic decided, under one seed.
    private func outcomes(_ responder: DNSResponder, seed: UInt64) -> [DNSDecision] {
        var rng = SplitMix64(seed: seed)
        return (0..<Self.queries).map { index in
            responder.decide(
                WireFixtures.query("db.test", id: UInt16(index)), transport: .udp, now: .zero, rng: &rng)
        }
    }

    private func dropped(_ decisions: [DNSDecision], by name: String) -> [Bool] {
        decisions.map { $0 == .drop(.injected(toxic: name)) }
    }

    @Test(arguments: [(0.1, 11), (0.5, 12), (0.9, 13), (0.01, 14)] as [(Float, UInt64)])
    func hitsStayWithinBinomialBounds(p: Float, seed: UInt64) throws {
        let responder = try Harness.responder(toxics: [DNSToxicSpec(name: "d", kind: .drop(.init()), toxicity: p)])
        let hits = dropped(outcomes(responder, seed: seed), by: "d").filter { $0 }.count
        let mean = Double(Self.queries) * Double(p)
        let sd = (mean * (1 - Double(p))).squareRoot()
        // Five standard deviations: a false failure is rarer than one in a million runs.
        #expect(abs(Double(hits) - mean) <= 5 * sd + 1, "\(hits) hits for p=\(p)")
    }

    @Test(arguments: [(0, 0), (1, 1000), (-0.5, 0), (7, 1000)] as [(Float, Int)])
    func extremeToxicitiesAreClamped(p: Float, expected: Int) throws {
        let responder = try Harness.responder(toxics: [DNSToxicSpec(name: "d", kind: .drop(.init()), toxicity: p)])
        #expect(dropped(outcomes(responder, seed: 5), by: "d").filter { $0 }.count == expected)
    }

    @Test func sameSeedSameDecisionsOtherSeedOthers() throws {
        let toxics = [
            DNSToxicSpec(name: "nx", kind: .nxdomain(.init()), toxicity: 0.3),
            DNSToxicSpec(name: "l", kind: .latency(.init(latency: 10, jitter: 10)), toxicity: 0.5),
        ]
        let responder = try Harness.responder(toxics: toxics)
        #expect(outcomes(responder, seed: 42) == outcomes(responder, seed: 42))
        #expect(outcomes(responder, seed: 42) != outcomes(responder, seed: 43))
    }

    @Test func addingAToxicDoesNotShiftAnothersRolls() throws {
        let drop = DNSToxicSpec(name: "d", kind: .drop(.init()), toxicity: 0.5)
        let alone = try Harness.responder(toxics: [drop])
        let withOthers = try Harness.responder(toxics: [
            DNSToxicSpec(name: "l", kind: .latency(.init(latency: 1)), toxicity: 0.5),
            DNSToxicSpec(name: "sf", kind: .servfail(.init(names: ["other.test"])), toxicity: 0.5), drop,
        ])
        #expect(dropped(outcomes(alone, seed: 7), by: "d") == dropped(outcomes(withOthers, seed: 7), by: "d"))
    }

    @Test func laterToxicOnlyDecidesWhereEarlierMissed() throws {
        let responder = try Harness.responder(toxics: [
            DNSToxicSpec(name: "first", kind: .drop(.init()), toxicity: 0.5),
            DNSToxicSpec(name: "second", kind: .drop(.init()), toxicity: 1),
        ])
        let decisions = outcomes(responder, seed: 8)
        let first = dropped(decisions, by: "first")
        #expect(zip(first, dropped(decisions, by: "second")).allSatisfy { $0 != $1 })
        #expect((400...600).contains(first.filter { $0 }.count))
    }

    @Test func eachAcceptedQueryDrawsOnceFromTheCallersGenerator() throws {
        let responder = try Harness.responder()
        var rng = SplitMix64(seed: 99)
        var reference = SplitMix64(seed: 99)
        _ = responder.decide(WireFixtures.query("db.test"), transport: .udp, now: .zero, rng: &rng)
        _ = reference.next()
        #expect(rng.state == reference.state)
    }
}

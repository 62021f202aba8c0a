/// The size and transport matrix of dns-and-loss.md §2.6: who gets TC, and what a TC reply holds.
import FaultlineCore
import Testing
@testable import FaultlineDNS

@Suite struct DNSSizeRuleTests {
    typealias F = WireFixtures

    // big.test has 100 A records: 12 + 12 + 100 * 16 = 1624 bytes uncut.

    @Test func withoutEDNSTheLimitIs512() throws {
        let reply = try #require(Harness.answer(try Harness.responder(), F.query("big.test"))).bytes
        let decoded = try #require(Decoded(reply))
        #expect(reply.count <= 512 && decoded.tc && decoded.answers.isEmpty && decoded.additionals.isEmpty)
        #expect(decoded.questions.map(\.name) == ["big.test."] && decoded.aa && decoded.rcode == 0)
    }

    @Test(arguments: [(1232, 1232, 1232), (4096, 1232, 1232), (4096, 2000, 2000), (100, 1232, 512), (1500, 4096, 1500)]
          as [(UInt16, UInt16, Int)])
    func clientAndServerSizesCombine(client: UInt16, ours: UInt16, limit: Int) throws {
        let responder = try Harness.responder(udpSize: ours)
        let query = F.query("big.test", udpSize: client)
        let reply = try #require(Harness.answer(responder, query)).bytes
        let decoded = try #require(Decoded(reply))
        #expect(reply.count <= limit)
        // 1624 bytes plus OPT fits only when the limit allows it.
        #expect(decoded.tc == (limit < 1635))
        #expect(decoded.opt?.rrClass == ours)
        if decoded.tc { #expect(decoded.answers.isEmpty && decoded.additionals.count == 1) }
        var rng = SplitMix64(seed: 1)
        guard case .forward(let plan, _) = try Harness.responder(fallback: .forward, hasUpstream: true, udpSize: ours)
            .decide(F.query("x.example", udpSize: client), transport: .udp, now: .zero, rng: &rng)
        else { return }
        #expect(plan.replyLimit == limit)
    }

    @Test func tcpIsNeverTruncated() throws {
        let reply = try #require(Harness.decoded(try Harness.responder(), F.query("big.test"), transport: .tcp))
        #expect(!reply.tc && reply.answers.count == 100)
    }

    @Test func answersThatFitAreWhole() throws {
        let reply = try #require(Harness.decoded(try Harness.responder(), F.query("db.test")))
        #expect(!reply.tc && reply.answers.count == 1)
    }
}

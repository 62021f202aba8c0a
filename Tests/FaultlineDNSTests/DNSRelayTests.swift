/// Relaying upstream answers: ID restore, acceptance rules, TC when too big, truncation, and timeouts.
import FaultlineCore
import Testing
@testable import FaultlineDNS

@Suite struct DNSRelayTests {
    typealias F = WireFixtures

    private func plan(
        for query: [UInt8], transport: DNSTransport = .udp, toxics: [DNSToxicSpec] = []
    ) throws -> DNSForwardPlan? {
        let responder = try Harness.responder(fallback: .forward, hasUpstream: true, toxics: toxics)
        var rng = SplitMix64(seed: 1)
        guard case .forward(let plan, _) = responder.decide(query, transport: transport, now: .zero, rng: &rng) else {
            Issue.record("not forwarded")
            return nil
        }
        return plan
    }

    /// An upstream answer for example.com A with `count` compressed A records and upstream ID 0x9999.
    private func upstreamAnswer(count: Int, withOPT: Bool = true, flags: UInt16 = 0x8180) -> [UInt8] {
        var bytes = F.header(id: 0x9999, flags: flags, an: UInt16(count), ar: withOPT ? 1 : 0)
        bytes += F.wireName("example.com") + [0, 1, 0, 1]
        for index in 0..<count { bytes += [0xC0, 12, 0, 1, 0, 1, 0, 0, 1, 0x2C, 0, 4, 93, 184, 216, UInt8(index)] }
        if withOPT { bytes += F.opt(udpSize: 4096) }
        return bytes
    }

    @Test func upstreamQueryOnlyChangesTheID() {
        let rewritten = DNSForwardPlan.upstreamQuery(F.digQuery, id: 0xBEEF)
        #expect(rewritten[0] == 0xBE && rewritten[1] == 0xEF && rewritten.dropFirst(2) == F.digQuery.dropFirst(2))
    }

    @Test func replyGetsTheClientsIDBackAndStaysOpaque() throws {
        let plan = try #require(try plan(for: F.digQuery))
        let upstream = upstreamAnswer(count: 2)
        let reply = try #require(plan.reply(toUpstream: upstream))
        #expect(reply[0] == 0x4A && reply[1] == 0x1F && reply.dropFirst(2) == upstream.dropFirst(2))
    }

    @Test func questionIsMatchedIgnoringCaseOnly() throws {
        let plan = try #require(try plan(for: F.query("ExAmple.COM")))
        #expect(plan.reply(toUpstream: upstreamAnswer(count: 1, withOPT: false)) != nil)
        var otherType = upstreamAnswer(count: 1, withOPT: false)
        otherType[12 + 13 + 1] = 28
        #expect(plan.reply(toUpstream: otherType) == nil)
        var otherName = upstreamAnswer(count: 1, withOPT: false)
        otherName[13] = UInt8(ascii: "x")
        #expect(plan.reply(toUpstream: otherName) == nil)
    }

    @Test(arguments: [
        Array(WireFixtures.upstreamAnswer.prefix(11)),
        WireFixtures.digQuery,  // QR=0
        WireFixtures.header(id: 0x9999, flags: 0x8181, qd: 0),  // FORMERR without a question
        Array(WireFixtures.upstreamAnswer.prefix(20)),  // question cut
    ])
    func nonAnswersAreDropped(bytes: [UInt8]) throws {
        let plan = try #require(try plan(for: F.digQuery))
        #expect(plan.reply(toUpstream: bytes) == nil)
    }

    @Test func tooBigForTheClientBecomesTC() throws {
        let plan = try #require(try plan(for: F.query("example.com")))
        let reply = try #require(plan.reply(toUpstream: upstreamAnswer(count: 100, flags: 0x8183)))
        let decoded = try #require(Decoded(reply))
        #expect(reply.count <= 512 && decoded.tc && decoded.id == 0x1234 && decoded.rcode == 3)
        #expect(decoded.answers.isEmpty && decoded.opt == nil && decoded.questions.map(\.name) == ["example.com."])
    }

    @Test func tooBigForAnEDNSClientKeepsOurOPT() throws {
        let plan = try #require(try plan(for: F.query("example.com", udpSize: 1000)))
        let reply = try #require(plan.reply(toUpstream: upstreamAnswer(count: 100)))
        let decoded = try #require(Decoded(reply))
        #expect(reply.count <= 1000 && decoded.tc && decoded.opt?.rrClass == 1232 && decoded.additionals.count == 1)
    }

    @Test func tcpClientsGetEverything() throws {
        let plan = try #require(try plan(for: F.query("example.com"), transport: .tcp))
        let upstream = upstreamAnswer(count: 100)
        #expect(plan.reply(toUpstream: upstream)?.dropFirst(2) == upstream.dropFirst(2))
    }

    @Test func upstreamTCIsPassedOn() throws {
        let plan = try #require(try plan(for: F.query("example.com")))
        let reply = try #require(plan.reply(toUpstream: upstreamAnswer(count: 0, withOPT: false, flags: 0x8380)))
        #expect(Decoded(reply)?.tc == true)
    }

    @Test func partialTruncationCutsTheRelayedAnswer() throws {
        let toxic = DNSToxicSpec(name: "t", kind: .truncate(.init(mode: "partial", size: 300)))
        let plan = try #require(try plan(for: F.query("example.com", udpSize: 1232), toxics: [toxic]))
        let reply = try #require(plan.reply(toUpstream: upstreamAnswer(count: 20)))
        let decoded = try #require(Decoded(reply))
        // 12 + 17 + 11 (our OPT) leave 260 bytes: 16 whole records of 16 bytes.
        #expect(reply.count <= 300 && decoded.tc && decoded.answers.count == 16 && decoded.opt?.rrClass == 1232)
        #expect(decoded.answers.allSatisfy { $0.name == "example.com." })
    }

    @Test func timeoutIsServfailNeverNxdomain() throws {
        let plain = try #require(try plan(for: F.query("Nope.Example", type: 28, id: 0xB00B)))
        let decoded = try #require(Decoded(plain.failureReply()))
        #expect(decoded.id == 0xB00B && decoded.rcode == 2 && !decoded.aa && decoded.ra && decoded.opt == nil)
        #expect(decoded.questions.map(\.name) == ["Nope.Example."])
        let edns = try #require(try plan(for: F.digQuery))
        let ede = try #require(Decoded(edns.failureReply())?.opt)
        #expect(Array(ede.rdata.prefix(6)) == [0, 15, 0, 25, 0, 22])
    }
}

/// The responder's wire behaviour: flags, echoes, EDNS, error RCODEs, size rules and fallbacks.
import FaultlineCore
import Testing
@testable import FaultlineDNS

@Suite struct DNSResponderTests {
    typealias F = WireFixtures

    @Test func staticAnswerEchoesIdQuestionAndFlags() throws {
        let responder = try Harness.responder()
        let query = F.query("Db.TeSt", id: 0xA55A, flags: 0x0110)  // RD + CD
        let reply = try #require(Harness.decoded(responder, query))
        #expect(reply.id == 0xA55A && reply.qr && reply.aa && reply.rd && reply.cd && !reply.ra && !reply.tc)
        #expect(reply.rcode == 0)
        #expect(reply.questions.map(\.name) == ["Db.TeSt."])
        #expect(reply.answers == [.init(name: "Db.TeSt.", type: 1, rrClass: 1, ttl: 5, rdata: [127, 0, 0, 1])])
        #expect(reply.additionals.isEmpty)
        // The question bytes are echoed verbatim, case included.
        let raw = try #require(Harness.answer(responder, query)).bytes
        #expect(Array(raw[12..<(12 + 13)]) == Array(query[12..<(12 + 13)]))
    }

    @Test func raIsSetOnlyWithAnUpstream() throws {
        let reply = try #require(Harness.decoded(try Harness.responder(hasUpstream: true), F.query("db.test")))
        #expect(reply.ra)
        let noRD = try #require(Harness.decoded(try Harness.responder(), F.query("db.test", flags: 0)))
        #expect(!noRD.rd && !noRD.ra)
    }

    @Test func cnameIsChasedInTheAnswer() throws {
        let reply = try #require(Harness.decoded(try Harness.responder(), F.query("alias.test", type: 28)))
        #expect(reply.answers.map(\.type) == [5, 28])
        #expect(reply.answers.map(\.name) == ["alias.test.", "db.test."])
    }

    @Test func nodataCarriesTheSyntheticSOA() throws {
        let reply = try #require(Harness.decoded(try Harness.responder(), F.query("a.svc.test", type: 28)))
        #expect(reply.rcode == 0 && reply.aa && reply.answers.isEmpty)
        let soa = try #require(reply.authorities.first)
        #expect(soa.name == "svc.test." && soa.type == 6 && soa.ttl == 5)
        // SERIAL 1, REFRESH 3600, RETRY 600, EXPIRE 86400, MINIMUM 5.
        let numbers: [UInt8] = [0, 0, 0, 1, 0, 0, 0x0E, 0x10, 0, 0, 2, 0x58, 0, 1, 0x51, 0x80, 0, 0, 0, 5]
        #expect(Array(soa.rdata.suffix(20)) == numbers)
    }

    @Test func unknownNameByFallback() throws {
        let nx = try #require(Harness.decoded(try Harness.responder(fallback: .nxdomain), F.query("x.example")))
        #expect(nx.rcode == 3 && nx.aa && nx.authorities.map(\.name) == ["example."])
        let refused = try #require(Harness.decoded(try Harness.responder(fallback: .refused), F.query("x.example")))
        #expect(refused.rcode == 5 && !refused.aa && refused.authorities.isEmpty)
        let noUpstream = try #require(Harness.decoded(try Harness.responder(fallback: .forward), F.query("x.example")))
        #expect(noUpstream.rcode == 2)
    }

    @Test func unknownNameIsForwardedWithAnUpstream() throws {
        let responder = try Harness.responder(fallback: .forward, hasUpstream: true)
        var rng = SplitMix64(seed: 1)
        guard case .forward(let plan, let at) = responder.decide(
            F.query("x.example"), transport: .udp, now: Harness.now, rng: &rng)
        else {
            Issue.record("not forwarded")
            return
        }
        #expect(at == Harness.now && plan.query.id == 0x1234 && plan.replyLimit == 512 && plan.truncation == nil)
    }

    @Test func ednsIsEchoedWithOurSizeOnlyWhenAsked() throws {
        let responder = try Harness.responder(udpSize: 1400)
        let withOPT = try #require(Harness.decoded(responder, F.digQuery))
        let opt = try #require(withOPT.opt)
        #expect(opt.name == "." && opt.rrClass == 1400 && opt.ttl == 0 && opt.rdata.isEmpty)
        #expect(withOPT.additionals.count == 1)
        let without = try #require(Harness.decoded(responder, F.glibcQuery))
        #expect(without.opt == nil)
    }

    @Test func badVersionGetsBadvers() throws {
        var query = F.query("db.test")
        query[11] = 1
        query += F.opt(udpSize: 1232, version: 1)
        let reply = try #require(Harness.decoded(try Harness.responder(), query))
        let opt = try #require(reply.opt)
        #expect(reply.rcode == 0 && opt.ttl >> 24 == 1 && (opt.ttl >> 16) & 0xFF == 0)
        #expect(reply.answers.isEmpty && reply.questions.count == 1)
    }

    @Test func twoOPTsAreFormerr() throws {
        let query = F.query("db.test").replacingCount(ar: 2) + F.opt(udpSize: 1232) + F.opt(udpSize: 1232)
        let reply = try #require(Harness.decoded(try Harness.responder(), query))
        #expect(reply.rcode == 1 && reply.questions.count == 1 && reply.opt == nil)
    }

    @Test func optNotOwnedByRootIsFormerr() throws {
        let query = F.query("db.test").replacingCount(ar: 1) + [0xC0, 12] + Array(F.opt(udpSize: 1232).dropFirst())
        #expect(try #require(Harness.decoded(try Harness.responder(), query)).rcode == 1)
    }

    @Test(arguments: [
        (WireFixtures.header(qd: 0), 1, 0),
        (WireFixtures.header(qd: 2) + WireFixtures.wireName("a.test") + [0, 1, 0, 1] + WireFixtures.wireName("b.test")
            + [0, 1, 0, 1], 1, 0),
        (WireFixtures.header(id: 7) + [0xC0, 0x0C, 0, 1, 0, 1], 1, 0),
        (WireFixtures.query("db.test") + [0], 1, 1),
        (WireFixtures.query("db.test", flags: 0x2900), 4, 1),  // OPCODE 5 (UPDATE)
        (WireFixtures.header(flags: 0x1000) + [0xC0], 4, 0),  // OPCODE 2, garbage question
    ] as [([UInt8], UInt16, Int)])
    func malformedQueriesGetErrorRCodesEchoingTheID(query: [UInt8], rcode: UInt16, questions: Int) throws {
        let reply = try #require(Harness.decoded(try Harness.responder(), query))
        #expect(reply.id == UInt16(query[0]) << 8 | UInt16(query[1]))
        #expect(reply.qr && !reply.aa && reply.rcode == rcode && reply.questions.count == questions)
        #expect(reply.answers.isEmpty && reply.authorities.isEmpty)
    }

    @Test func nonInternetClassIsRefused() throws {
        var query = F.query("version.bind", type: 16)
        query[query.count - 1] = 3  // CH
        #expect(try #require(Harness.decoded(try Harness.responder(), query)).rcode == 5)
    }

    @Test func zoneTransfersAreRefusedByTransport() throws {
        let responder = try Harness.responder()
        #expect(try #require(Harness.decoded(responder, F.query("test", type: 252))).rcode == 1)
        #expect(try #require(Harness.decoded(responder, F.query("test", type: 252), transport: .tcp)).rcode == 5)
        #expect(try #require(Harness.decoded(responder, F.query("test", type: 251))).rcode == 1)
    }

    @Test(arguments: [Array(WireFixtures.digQuery.prefix(11)), [], WireFixtures.upstreamAnswer])
    func nonQueriesAreIgnored(bytes: [UInt8]) throws {
        var rng = SplitMix64(seed: 1)
        #expect(try Harness.responder().decide(bytes, transport: .udp, now: .zero, rng: &rng) == .drop(.notAQuery))
        #expect(rng.state == SplitMix64(seed: 1).state, "ignored input must not consume randomness")
    }
}

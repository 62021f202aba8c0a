/// DNS toxics: validation, selection order, each outcome on the wire, latency, and transport rules.
import FaultlineCore
import Testing
@testable import FaultlineDNS

@Suite struct DNSFaultTests {
    typealias F = WireFixtures

    static func toxic(_ name: String, _ kind: DNSFaultKind, _ toxicity: Float = 1) -> DNSToxicSpec {
        DNSToxicSpec(name: name, kind: kind, toxicity: toxicity)
    }

    @Test(arguments: [
        (DNSFaultKind.nxdomain(.init(names: ["ok.test", "a.*.test"])), "attributes.names[1]"),
        (.servfail(.init(names: [String(repeating: "x", count: 64)])), "attributes.names[0]"),
        (.drop(.init(qtypes: ["A", "BOGUS"])), "attributes.qtypes[1]"),
        (.nxdomain(.init(negativeTTL: -1)), "attributes.negative_ttl"),
        (.nxdomain(.init(zone: "bad..zone")), "attributes.zone"),
        (.nxdomain(.init(zone: "*.zone")), "attributes.zone"),
        (.servfail(.init(ede: 65536)), "attributes.ede"),
        (.latency(.init(latency: -1)), "attributes.latency"),
        (.latency(.init(jitter: 3_600_001)), "attributes.jitter"),
        (.drop(.init(transport: "sctp")), "attributes.transport"),
        (.truncate(.init(mode: "half")), "attributes.mode"),
        (.truncate(.init(size: 11)), "attributes.size"),
        (.truncate(.init(tcp: "reset")), "attributes.tcp"),
    ])
    func badAttributesNameTheirField(kind: DNSFaultKind, field: String) {
        do {
            _ = try DNSFault(Self.toxic("t", kind))
            Issue.record("accepted \(kind)")
        } catch {
            guard case .invalidValue(let named, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(named == field)
        }
    }

    @Test func defaultsAndSpellingsAreAccepted() throws {
        for kind: DNSFaultKind in [
            .nxdomain(.init()), .servfail(.init(ede: 0)), .latency(.init()), .drop(.init(transport: "UDP")),
            .drop(.init(transport: "")), .truncate(.init(mode: "Partial", tcp: "DROP")),
            .nxdomain(.init(names: ["*", "*.test", "db.test."], qtypes: ["a", "TYPE65", "https"], zone: "Zone.Test")),
        ] {
            _ = try DNSFault(Self.toxic("t", kind))
        }
    }

    @Test func firstMatchingHitInCreationOrderDecides() throws {
        let nx = Self.toxic("nx", .nxdomain(.init()))
        let sf = Self.toxic("sf", .servfail(.init()))
        #expect(try #require(Harness.decoded(try Harness.responder(toxics: [nx, sf]), F.query("db.test"))).rcode == 3)
        #expect(try #require(Harness.decoded(try Harness.responder(toxics: [sf, nx]), F.query("db.test"))).rcode == 2)
    }

    @Test func nonMatchingOrMissingToxicsFallThrough() throws {
        let toxics = [
            Self.toxic("never", .servfail(.init()), 0),
            Self.toxic("other name", .servfail(.init(names: ["other.test"]))),
            Self.toxic("other type", .servfail(.init(qtypes: ["AAAA"]))),
            Self.toxic("only tcp", .drop(.init(transport: "tcp"))),
            Self.toxic("wild", .nxdomain(.init(names: ["*.svc.test", "db.test"]))),
        ]
        let responder = try Harness.responder(toxics: toxics)
        #expect(try #require(Harness.decoded(responder, F.query("db.test"))).rcode == 3)
        #expect(try #require(Harness.decoded(responder, F.query("svc.test"))).rcode == 0)
    }

    @Test func nxdomainSOAOwnerAndTTL() throws {
        func soaOwner(_ attributes: DNSNXDomainAttributes, _ name: String) throws -> (String, UInt32, UInt32)? {
            let responder = try Harness.responder(toxics: [Self.toxic("nx", .nxdomain(attributes))])
            guard let reply = Harness.decoded(responder, F.query(name, udpSize: 1232)) else { return nil }
            #expect(reply.aa && reply.rcode == 3 && reply.answers.isEmpty && reply.opt != nil)
            guard let soa = reply.authorities.first, soa.rdata.count >= 4 else { return nil }
            let minimum = soa.rdata.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return (soa.name, soa.ttl, minimum)
        }
        #expect(try soaOwner(.init(names: ["*.Corp.test"], negativeTTL: 60), "db.corp.test")! == ("corp.test.", 60, 60))
        #expect(try soaOwner(.init(names: ["db.test"]), "Db.Test")! == ("Test.", 0, 0))
        #expect(try soaOwner(.init(zone: "My.Zone"), "db.test")! == ("My.Zone.", 0, 0))
    }

    @Test func servfailCarriesEDEOnlyWhenTheClientSpokeEDNS() throws {
        let responder = try Harness.responder(toxics: [Self.toxic("sf", .servfail(.init(ede: 23)))])
        let plain = try #require(Harness.decoded(responder, F.glibcQuery))
        #expect(plain.rcode == 2 && !plain.aa && plain.additionals.isEmpty)
        let edns = try #require(Harness.decoded(responder, F.digQuery))
        let expected: [UInt8] = [0, 15, 0, 23, 0, 23] + Array("injected by faultline".utf8)
        #expect(edns.rcode == 2 && edns.opt?.rdata == [0, 15] + [0, UInt8(expected.count - 4)] + expected.dropFirst(4))
        let noCode = try Harness.responder(toxics: [Self.toxic("sf", .servfail(.init()))])
        #expect(try #require(Harness.decoded(noCode, F.digQuery)).opt?.rdata == [])
    }

    @Test func latencyStacksAndDelaysInjectedErrors() throws {
        let toxics = [
            Self.toxic("l1", .latency(.init(latency: 100))),
            Self.toxic("sf", .servfail(.init())),
            Self.toxic("l2", .latency(.init(qtypes: ["A"], latency: 50))),
            Self.toxic("l3", .latency(.init(names: ["other.test"], latency: 1000))),
        ]
        let reply = try #require(Harness.answer(try Harness.responder(toxics: toxics), F.query("db.test")))
        #expect(reply.at == Harness.now + .milliseconds(150))
        #expect(Decoded(reply.bytes)?.rcode == 2)
    }

    @Test func latencyDelaysForwarding() throws {
        let responder = try Harness.responder(
            fallback: .forward, hasUpstream: true, toxics: [Self.toxic("l", .latency(.init(latency: 250)))])
        var rng = SplitMix64(seed: 3)
        let decision = responder.decide(F.query("x.example"), transport: .udp, now: Harness.now, rng: &rng)
        guard case .forward(_, let at) = decision else {
            Issue.record("not forwarded: \(decision)")
            return
        }
        #expect(at == Harness.now + .milliseconds(250))
    }

    @Test func jitterStaysWithinItsUniformRange() throws {
        let responder = try Harness.responder(toxics: [Self.toxic("l", .latency(.init(latency: 100, jitter: 20)))])
        var rng = SplitMix64(seed: 9)
        var seen: Set<Int64> = []
        for _ in 0..<500 {
            guard case .answer(_, let at) = responder.decide(F.query("db.test"), transport: .udp, now: .zero, rng: &rng)
            else { continue }
            seen.insert(Int64(at.nanoseconds / 1_000_000))
        }
        #expect(seen.min() == 80 && seen.max() == 119 && seen.count == 40)
    }

    @Test(arguments: [("both", true, true), ("udp", true, false), ("tcp", false, true)])
    func dropRespectsTransport(transport: String, udp: Bool, tcp: Bool) throws {
        let responder = try Harness.responder(toxics: [Self.toxic("d", .drop(.init(transport: transport)))])
        for (kind, dropped) in [(DNSTransport.udp, udp), (.tcp, tcp)] {
            var rng = SplitMix64(seed: 1)
            let decision = responder.decide(F.query("db.test"), transport: kind, now: .zero, rng: &rng)
            #expect((decision == .drop(.injected(toxic: "d"))) == dropped, "\(kind)")
        }
    }

    @Test func droppingOnlyAAAAKeepsA() throws {
        let responder = try Harness.responder(toxics: [Self.toxic("aaaa", .drop(.init(qtypes: ["AAAA"])))])
        var rng = SplitMix64(seed: 1)
        let decision = responder.decide(F.glibcQuery, transport: .udp, now: .zero, rng: &rng)
        #expect(decision == .drop(.injected(toxic: "aaaa")))
        #expect(try #require(Harness.decoded(responder, F.query("db.test"))).answers.count == 1)
    }

    @Test func truncateEmptyKeepsOnlyHeaderQuestionAndOPT() throws {
        let responder = try Harness.responder(toxics: [Self.toxic("t", .truncate(.init()))])
        let reply = try #require(Harness.decoded(responder, F.digQuery.withName("db.test")))
        #expect(reply.tc && reply.aa && reply.answers.isEmpty && reply.authorities.isEmpty && reply.opt != nil)
        #expect(reply.questions.map(\.name) == ["db.test."])
    }

    @Test func truncatePartialKeepsWholeRecordsWithinSize() throws {
        let responder = try Harness.responder(toxics: [Self.toxic("t", .truncate(.init(mode: "partial", size: 200)))])
        let bytes = try #require(Harness.answer(responder, F.query("big.test", udpSize: 4096))).bytes
        let reply = try #require(Decoded(bytes))
        // 12 header + 14 question + 11 OPT leave 163 bytes: 10 records of 16.
        #expect(bytes.count <= 200 && reply.tc && reply.answers.count == 10 && reply.opt != nil)
    }

    @Test func truncateOverTCPAnswersOrDrops() throws {
        let ok = try Harness.responder(toxics: [Self.toxic("t", .truncate(.init()))])
        let whole = try #require(Harness.decoded(ok, F.query("big.test"), transport: .tcp))
        #expect(!whole.tc && whole.answers.count == 100)
        let drop = try Harness.responder(toxics: [Self.toxic("t", .truncate(.init(tcp: "drop")))])
        var rng = SplitMix64(seed: 1)
        #expect(drop.decide(F.query("db.test"), transport: .tcp, now: .zero, rng: &rng) == .drop(.injected(toxic: "t")))
    }

    @Test func truncateOnForwardedNames() throws {
        let empty = try Harness.responder(
            fallback: .forward, hasUpstream: true, toxics: [Self.toxic("t", .truncate(.init()))])
        let stub = try #require(Harness.decoded(empty, F.query("x.example")))
        #expect(stub.tc && stub.rcode == 0 && !stub.aa && stub.ra && stub.answers.isEmpty)
        let partial = try Harness.responder(
            fallback: .forward, hasUpstream: true, toxics: [Self.toxic("t", .truncate(.init(mode: "partial")))])
        var rng = SplitMix64(seed: 1)
        guard case .forward(let plan, _) = partial.decide(F.query("x.example"), transport: .udp, now: .zero, rng: &rng)
        else {
            Issue.record("partial truncation did not forward")
            return
        }
        #expect(plan.truncation == .partial(size: 512))
    }

    @Test func malformedQueriesAreNeverFaulted() throws {
        let responder = try Harness.responder(
            toxics: [Self.toxic("d", .drop(.init())), Self.toxic("l", .latency(.init(latency: 9)))])
        let reply = try #require(Harness.answer(responder, F.query("db.test") + [0]))
        #expect(reply.at == Harness.now && Decoded(reply.bytes)?.rcode == 1)
    }
}

extension [UInt8] {
    /// `digQuery` with its question name replaced (the fixture asks for example.com).
    func withName(_ name: String) -> [UInt8] {
        Array(self[0..<12]) + WireFixtures.wireName(name) + Array(self[(12 + 13)...])
    }
}

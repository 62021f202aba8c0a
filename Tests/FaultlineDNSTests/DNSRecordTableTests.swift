/// The static table: validation errors that name the field, wildcards, CNAME chasing, NODATA against NXDOMAIN.
import FaultlineCore
import Testing
@testable import FaultlineDNS

@Suite struct DNSRecordTableTests {
    static let records: [DNSStaticRecord] = [
        .init(name: "db.test", type: "A", value: "127.0.0.1"),
        .init(name: "db.test", type: "AAAA", value: "::1", ttl: 30),
        .init(name: "*.svc.test", type: "A", value: "127.0.0.2"),
        .init(name: "alias.test", type: "CNAME", value: "db.test"),
        .init(name: "hop1.test", type: "cname", value: "alias.test."),
        .init(name: "out.test", type: "CNAME", value: "elsewhere.example"),
        .init(name: "loop1.test", type: "CNAME", value: "loop2.test"),
        .init(name: "loop2.test", type: "CNAME", value: "loop1.test"),
        .init(name: "deep.a.b.test", type: "A", value: "10.0.0.1"),
        .init(name: "exact.svc.test", type: "AAAA", value: "2001:db8::1"),
    ]

    let table: DNSRecordTable

    init() throws {
        table = try DNSRecordTable(records: Self.records)
    }

    private func lookup(_ name: String, _ type: DNSRecordType, fallback: DNSFallback = .nxdomain) throws
        -> DNSRecordTable.Lookup
    {
        table.lookup(DNSQuestion(name: try DNSName(parsing: name), type: type), fallback: fallback)
    }

    private func answers(_ lookup: DNSRecordTable.Lookup) -> [String] {
        guard case .known(let answers, _, _) = lookup else { return [] }
        return answers.map { "\($0.name) \($0.type) \($0.ttl)" }
    }

    @Test func exactNameAnswersWithQueryCase() throws {
        #expect(answers(try lookup("DB.test", .a)) == ["DB.test. A 5"])
        #expect(answers(try lookup("db.test", .aaaa)) == ["db.test. AAAA 30"])
    }

    @Test(arguments: [("a.svc.test", true), ("x.y.svc.test", true), ("svc.test", false), ("a.svc.testx", false)])
    func wildcardMatchesStrictlyBelowItsZone(name: String, answered: Bool) throws {
        let result = try lookup(name, .a)
        #expect((answers(result) == ["\(name). A 5"]) == answered)
    }

    @Test func exactNameShadowsWildcard() throws {
        // exact.svc.test has only AAAA: its A query is NODATA, not the wildcard's A.
        #expect(try lookup("exact.svc.test", .a)
            == .known(answers: [], rcode: .noError, soaOwner: try DNSName(parsing: "svc.test")))
    }

    @Test func missingTypeIsNodataNeverNxdomain() throws {
        #expect(try lookup("db.test", .https)
            == .known(answers: [], rcode: .noError, soaOwner: try DNSName(parsing: "test")))
        #expect(try lookup("a.svc.test", .aaaa)
            == .known(answers: [], rcode: .noError, soaOwner: try DNSName(parsing: "svc.test")))
    }

    @Test func emptyNonTerminalsAreNodataSoTheNamesBelowSurvive() throws {
        for name in ["a.b.test", "b.test", "svc.test"] {
            guard case .known([], .noError, _) = try lookup(name, .a) else {
                Issue.record("\(name) is not NODATA")
                continue
            }
        }
    }

    @Test func unknownNameGoesToTheFallback() throws {
        #expect(try lookup("nope.example", .a) == .unknown)
        #expect(try lookup("test.", .a) == .known(answers: [], rcode: .noError, soaOwner: .root))
        #expect(table.lookup(DNSQuestion(name: .root, type: .ns), fallback: .forward) == .unknown)
    }

    @Test func cnameChainsAreChasedInsideTheTable() throws {
        #expect(answers(try lookup("Hop1.test", .a)) == ["Hop1.test. CNAME 5", "alias.test. CNAME 5", "db.test. A 5"])
        #expect(answers(try lookup("alias.test", .cname)) == ["alias.test. CNAME 5"])
        #expect(answers(try lookup("alias.test", .any)) == ["alias.test. CNAME 5"])
    }

    @Test func cnameToAMissingTypeIsNodataAtTheTarget() throws {
        let result = try lookup("alias.test", .https)
        #expect(answers(result) == ["alias.test. CNAME 5"])
        guard case .known(_, .noError, let owner) = result else { return }
        #expect(owner == (try DNSName(parsing: "test")))
    }

    @Test func cnameLeavingTheTableDependsOnTheFallback() throws {
        let nx = try lookup("out.test", .a, fallback: .nxdomain)
        let fwd = try lookup("out.test", .a, fallback: .forward)
        guard case .known(let nxAnswers, .nxDomain, .some) = nx, case .known(let fwdAnswers, .noError, nil) = fwd else {
            Issue.record("unexpected \(nx) / \(fwd)")
            return
        }
        #expect(nxAnswers.count == 1 && fwdAnswers.count == 1)
    }

    @Test func cnameLoopsStop() throws {
        #expect(answers(try lookup("loop1.test", .a)) == ["loop1.test. CNAME 5", "loop2.test. CNAME 5"])
    }

    @Test func longChainsStopAtTheCap() throws {
        let chain = (0..<20).map { DNSStaticRecord(name: "c\($0).test", type: "CNAME", value: "c\($0 + 1).test") }
        let table = try DNSRecordTable(records: chain + [.init(name: "c20.test", type: "A", value: "1.2.3.4")])
        guard case .known(let answers, .noError, nil) = table.lookup(
            DNSQuestion(name: try DNSName(parsing: "c0.test"), type: .a), fallback: .nxdomain)
        else {
            Issue.record("chain not answered")
            return
        }
        #expect(answers.count == DNSRecordTable.maxChain)
    }

    @Test func anyReturnsEveryRecordOfTheName() throws {
        #expect(answers(try lookup("db.test", .any)) == ["db.test. A 5", "db.test. AAAA 30"])
    }

    @Test(arguments: [
        ([DNSStaticRecord(name: "db..test", type: "A", value: "1.2.3.4")], "dns.records[0].name"),
        ([DNSStaticRecord(name: "a.*.test", type: "A", value: "1.2.3.4")], "dns.records[0].name"),
        ([DNSStaticRecord(name: "db.test", type: "MX", value: "1.2.3.4")], "dns.records[0].type"),
        ([DNSStaticRecord(name: "db.test", type: "A", value: "::1")], "dns.records[0].value"),
        ([DNSStaticRecord(name: "db.test", type: "AAAA", value: "1.2.3.4")], "dns.records[0].value"),
        ([DNSStaticRecord(name: "db.test", type: "CNAME", value: "*.test")], "dns.records[0].value"),
        ([DNSStaticRecord(name: "db.test", type: "A", value: "1.2.3.4", ttl: -1)], "dns.records[0].ttl"),
        ([DNSStaticRecord(name: "db.test", type: "A", value: "1.2.3.4", ttl: 1 << 31)], "dns.records[0].ttl"),
        ([.init(name: "ok.test", type: "A", value: "1.2.3.4"), .init(name: "ok.test", type: "CNAME", value: "x.test")],
         "dns.records[1].type"),
        ([.init(name: "c.test", type: "CNAME", value: "x.test"), .init(name: "C.test", type: "A", value: "1.2.3.4")],
         "dns.records[1].type"),
        ([.init(name: "c.test", type: "CNAME", value: "x.test"), .init(name: "c.test", type: "CNAME", value: "y.test")],
         "dns.records[1].type"),
    ])
    func badRecordsNameTheirField(records: [DNSStaticRecord], field: String) {
        do {
            _ = try DNSRecordTable(records: records)
            Issue.record("accepted \(records)")
        } catch {
            guard case .invalidValue(let named, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(named == field)
        }
    }

    @Test func tablesAreCapped() throws {
        let many = (0..<DNSRecordTable.maxRecords).map {
            DNSStaticRecord(name: "m.test", type: "A", value: "10.0.\($0 / 256).\($0 % 256)")
        }
        let table = try DNSRecordTable(records: many)
        // Too big even for TCP: a TC header and question, never a wrapped count.
        let responder = DNSResponder(table: table, fallback: .nxdomain, hasUpstream: false)
        let reply = try #require(Harness.decoded(responder, WireFixtures.query("m.test"), transport: .tcp))
        #expect(reply.tc && reply.answers.isEmpty)
        #expect(throws: FaultlineError.invalidValue(field: "dns.records", reason: "at most 10000 records")) {
            try DNSRecordTable(records: many + many.prefix(1))
        }
    }

    @Test func errorTextReadsWell() {
        let expected = FaultlineError.invalidValue(field: "dns.records[0].value", reason: "not an IPv4 address: nope")
        #expect(expected.message == "invalid value for dns.records[0].value: not an IPv4 address: nope")
        #expect(throws: expected) {
            try DNSRecordTable(records: [.init(name: "db.test", type: "A", value: "nope")])
        }
    }

    @Test func specValidationNamesItsFields() {
        #expect(throws: FaultlineError.invalidValue(field: "dns.udp_size", reason: "must be between 512 and 4096")) {
            try DNSSpec(udpSize: 511).validate(hasUpstream: false)
        }
        #expect(throws: FaultlineError.invalidValue(
            field: "dns.upstream_timeout", reason: "must be between 1 and 60000 milliseconds")) {
            try DNSSpec(upstreamTimeout: 0).validate(hasUpstream: true)
        }
        #expect(throws: FaultlineError.invalidValue(
            field: "dns.fallback", reason: "must be forward, nxdomain or refused")) {
            try DNSSpec(fallback: "servfail").validate(hasUpstream: true)
        }
        #expect(throws: FaultlineError.invalidValue(
            field: "dns.fallback", reason: "forward needs an upstream resolver")) {
            try DNSSpec(fallback: "forward").validate(hasUpstream: false)
        }
    }

    @Test func fallbackDefaultsDependOnTheUpstream() throws {
        #expect(try DNSSpec().resolvedFallback(hasUpstream: true) == .forward)
        #expect(try DNSSpec().resolvedFallback(hasUpstream: false) == .nxdomain)
        #expect(try DNSSpec(fallback: "").resolvedFallback(hasUpstream: false) == .nxdomain)
        #expect(try DNSSpec(fallback: "REFUSED").resolvedFallback(hasUpstream: true) == .refused)
    }
}

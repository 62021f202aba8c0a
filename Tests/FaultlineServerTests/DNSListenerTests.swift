/// The DNS listener on real sockets: UDP and TCP on one port, static answers, toxics, forwarding, hostile input.
import FaultlineAdmin
import FaultlineCore
import FaultlineDNS
import FaultlineServer
import Glibc
import Testing

@Suite(.serialized) struct DNSListenerTests {
    typealias W = DNSWire

    @Test func answersOverUDPAndTCPOnOnePortEchoingIDAndCase() throws {
        let h = try ProxyHarness([ProxyHarness.dnsSpec()])
        let port = try h.port("d")
        let udp = try BlockingUDP()
        let reply = try W.parse(try udp.exchange(try W.query("Db.TeSt", id: 0xBEEF), port: port))
        #expect(reply.id == 0xBEEF && reply.flags.isResponse && reply.flags.authoritative)
        #expect(reply.questions.first?.name.description == "Db.TeSt.")
        #expect(W.addresses(reply) == ["127.0.0.1"])

        // Two pipelined queries on one TCP connection, to the same port number.
        let tcp = try BlockingSocket.connect(port: port)
        try tcp.send(W.framed(try W.query("db.test", .aaaa, id: 1)) + W.framed(try W.query("alias.test", id: 2)))
        var answers: [UInt16: [String]] = [:]
        for _ in 0..<2 {
            let message = try W.parse(try W.readFrame(tcp))
            answers[message.id] = W.addresses(message)
        }
        #expect(answers == [1: ["::1"], 2: ["127.0.0.1"]])
        #expect(h.dnsStats()?.queries == 3)
    }

    @Test func negativeAnswersCarryTheSOA() throws {
        let h = try ProxyHarness([ProxyHarness.dnsSpec()])
        let udp = try BlockingUDP()
        let port = try h.port("d")
        let missing = try W.parse(try udp.exchange(try W.query("nope.test"), port: port))
        #expect(W.rcode(missing) == .nxDomain && missing.answers.isEmpty)
        #expect(missing.authorities.map(\.type) == [.soa])
        let nodata = try W.parse(try udp.exchange(try W.query("db.test", .mx), port: port))
        #expect(W.rcode(nodata) == .noError && nodata.answers.isEmpty && nodata.authorities.map(\.type) == [.soa])
    }

    @Test func apiShowsKindAndBlockWhileTCPProxiesStayToxiproxys() throws {
        let h = try ProxyHarness([ProxyHarness.spec("t", upstream: "127.0.0.1:9"), ProxyHarness.dnsSpec()])
        let tcp = try h.wireJSON("t")
        #expect(tcp == #"{"name":"t","listen":"\#(try h.port("t").listenText)","upstream":"127.0.0.1:9","enabled":true,"Logger":{},"toxics":[]}"#)
        let dns = try h.wireJSON("d")
        #expect(dns.hasPrefix(#"{"name":"d","listen":"\#(try h.port("d").listenText)","upstream":"","enabled":true,"Logger":{},"toxics":[],"kind":"dns","dns":{"records":[{"name":"db.test","type":"A","value":"127.0.0.1","ttl":5}"#))
        #expect(dns.hasSuffix(#"],"fallback":"nxdomain","udp_size":1232,"upstream_timeout":2000}}"#))
    }

    @Test func toxicsApplyFromTheNextQueryAndBadOnesNameTheField() throws {
        let h = try ProxyHarness([ProxyHarness.dnsSpec(), ProxyHarness.spec("t", upstream: "127.0.0.1:9")])
        let udp = try BlockingUDP()
        let port = try h.port("d")
        func rcode(_ name: String) throws -> DNSRCode {
            W.rcode(try W.parse(try udp.exchange(try W.query(name), port: port)))
        }

        let added = try h.server.control { control throws(FaultlineError) in
            try control.addToxic(try ProxyHarness.dnsToxic("servfail", #"{"Names":["*.svc.test"]}"#), to: "d")
        }
        #expect(added.kind == .dns(type: "servfail", attributes: .object([
            JSONMember(key: "names", value: .array([.string("*.svc.test")])),
            JSONMember(key: "qtypes", value: .array([])), JSONMember(key: "ede", value: .null),
        ])))
        #expect(try rcode("a.svc.test") == .servFail && rcode("db.test") == .noError)
        try h.update("servfail_downstream", .dns(type: "servfail", attributes: .object([
            JSONMember(key: "names", value: .array([.string("db.test")])),
        ])), proxy: "d")
        #expect(try rcode("a.svc.test") == .noError && rcode("db.test") == .servFail)
        try h.remove("servfail_downstream", proxy: "d")
        #expect(try rcode("db.test") == .noError)

        let emptyLabel = FaultlineError.invalidValue(field: "attributes.names[0]", reason: "the name has an empty label")
        #expect(throws: emptyLabel) {
            try h.server.control { control throws(FaultlineError) in
                try control.addToxic(try ProxyHarness.dnsToxic("drop", #"{"names":["a..b"]}"#), to: "d")
            }
        }
        #expect(throws: FaultlineError.invalidToxicType) { try h.add(.latency(LatencyAttributes()), proxy: "d") }
        #expect(throws: FaultlineError.invalidToxicType) {
            try h.add(.dns(type: "drop", attributes: .object([])), proxy: "t")
        }
    }

    @Test func dropAndLatencyOverUDP() throws {
        let h = try ProxyHarness([ProxyHarness.dnsSpec()])
        let udp = try BlockingUDP()
        let port = try h.port("d")
        try h.server.control { control throws(FaultlineError) in
            _ = try control.addToxic(try ProxyHarness.dnsToxic("drop", #"{"qtypes":["AAAA"]}"#), to: "d")
            _ = try control.addToxic(try ProxyHarness.dnsToxic("latency", #"{"latency":200}"#), to: "d")
        }
        #expect(try udp.exchange(try W.query("db.test", .aaaa), port: port, timeout: 0.6) == nil)
        let start = TestClock.now()
        #expect(W.addresses(try W.parse(try udp.exchange(try W.query("db.test"), port: port))) == ["127.0.0.1"])
        let elapsed = TestClock.now() - start
        #expect(elapsed >= 0.18 && elapsed < 2, "answered after \(elapsed) s")
        #expect(h.dnsStats()?.toxicDrops == ["drop_downstream": 1])
    }

    @Test func pipelinedQueriesBeyondTheInFlightCapWaitTheirTurnAndAllGetAnswers() throws {
        let h = try ProxyHarness([ProxyHarness.dnsSpec()])
        try h.server.control { control throws(FaultlineError) in
            _ = try control.addToxic(try ProxyHarness.dnsToxic("latency", #"{"latency":60}"#), to: "d")
        }
        let tcp = try BlockingSocket.connect(port: try h.port("d"))
        var burst: [UInt8] = []
        for id in 0..<40 { burst += W.framed(try W.query("db.test", id: UInt16(id))) }
        let start = TestClock.now()
        try tcp.send(burst)
        var ids: Set<UInt16> = []
        for _ in 0..<40 { ids.insert(try W.parse(try W.readFrame(tcp)).id) }
        let elapsed = TestClock.now() - start
        #expect(ids == Set(0..<40))
        // 16 at a time: three waves of 60 ms, not one.
        #expect(elapsed >= 0.15 && elapsed < 3, "40 answers after \(elapsed) s")
    }

    @Test func forwardsToASecondListenerOverUDPAndTCP() throws {
        let upstream = try ProxyHarness([ProxyHarness.dnsSpec("up")])
        let front = try ProxyHarness([
            ProxyHarness.dnsSpec(
                "d", upstream: "127.0.0.1:\(try upstream.port("up"))",
                block: #"{"records":[{"name":"local.test","type":"A","value":"10.0.0.1"}]}"#),
        ])
        let port = try front.port("d")
        let udp = try BlockingUDP()
        let relayed = try W.parse(try udp.exchange(try W.query("DB.test", id: 77), port: port))
        #expect(relayed.id == 77 && W.addresses(relayed) == ["127.0.0.1"])
        #expect(relayed.questions.first?.name.description == "DB.test.")
        let local = try W.parse(try udp.exchange(try W.query("local.test"), port: port))
        #expect(W.addresses(local) == ["10.0.0.1"])
        let tcp = try BlockingSocket.connect(port: port)
        try tcp.send(W.framed(try W.query("db.test", .aaaa, id: 9)))
        let overTCP = try W.parse(try W.readFrame(tcp))
        #expect(overTCP.id == 9 && W.addresses(overTCP) == ["::1"])
        #expect(front.dnsStats()?.forwarded == 2 && upstream.dnsStats("up")?.queries == 2)
    }

    @Test func silentUpstreamIsServfailAfterTheTimeout() throws {
        let silent = try BlockingUDP()
        let silentPort = try silent.bindLoopback()
        let h = try ProxyHarness([
            ProxyHarness.dnsSpec(upstream: "127.0.0.1:\(silentPort)", block: #"{"upstream_timeout":200}"#),
        ])
        let udp = try BlockingUDP()
        let start = TestClock.now()
        let reply = try W.parse(try udp.exchange(try W.query("example.com", id: 5), port: try h.port("d")))
        let elapsed = TestClock.now() - start
        #expect(reply.id == 5 && W.rcode(reply) == .servFail)
        #expect(elapsed >= 0.18 && elapsed < 2, "SERVFAIL after \(elapsed) s")
        #expect(silent.receive(timeout: 1).map { $0.count > 12 } == true)  // the upstream did get the query
        #expect(h.dnsStats()?.upstreamTimeouts == 1)
    }

    @Test func garbageAndStalledClientsNeverBlockOthers() throws {
        let h = try ProxyHarness([ProxyHarness.dnsSpec()])
        let port = try h.port("d")
        let stalled = try BlockingSocket.connect(port: port)
        try stalled.send([0x00, 0x40, 0x12])  // a frame of 64 bytes that never finishes
        let flood = try BlockingUDP()
        var rng = SplitMix64(seed: 11)
        let valid = try W.query("db.test")
        for index in 0..<2_000 {
            // Even: a valid query with one byte flipped; odd: up to 40 random bytes.
            var bytes = valid
            if index % 2 == 0 {
                bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            } else {
                bytes = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            try flood.send(bytes, port: port)
        }
        // The flood may fill the socket's receive queue, where the kernel drops datagrams: retry as resolvers do.
        let client = try BlockingUDP()
        var reply: [UInt8]?
        for _ in 0..<5 where reply == nil { reply = try client.exchange(valid, port: port, timeout: 1) }
        #expect(W.addresses(try W.parse(reply)) == ["127.0.0.1"])
        let other = try BlockingSocket.connect(port: port)
        try other.send(W.framed(valid))
        #expect(W.addresses(try W.parse(try W.readFrame(other))) == ["127.0.0.1"])
        // The kernel may drop part of the flood (a full receive buffer); what arrived was all read and decided.
        #expect(TestClock.eventually { (h.dnsStats()?.queries ?? 0) >= 100 })
    }

    @Test func disableKeepsThePortAndABlockUpdateAppliesLive() throws {
        let h = try ProxyHarness([ProxyHarness.dnsSpec()])
        let port = try h.port("d")
        let udp = try BlockingUDP()
        func update(_ enabled: Bool, dns: String? = nil) throws {
            let block = try dns.map { try JSONParser.parseFirstValue(Array($0.utf8)) }
            _ = try h.server.control { control throws(FaultlineError) in
                let current = try control.proxy(named: "d")
                return try control.updateProxy(
                    named: "d",
                    to: ProxyUpdate(listen: current.listen, upstream: current.upstream, enabled: enabled, dns: block))
            }
        }
        try update(false)
        #expect(try udp.exchange(try W.query("db.test"), port: port, timeout: 0.3) == nil)
        try update(true)
        #expect(try h.port("d") == port)
        #expect(W.addresses(try W.parse(try udp.exchange(try W.query("db.test"), port: port))) == ["127.0.0.1"])
        try update(true, dns: #"{"records":[{"name":"db.test","type":"A","value":"192.0.2.7"}]}"#)
        #expect(W.addresses(try W.parse(try udp.exchange(try W.query("db.test"), port: port))) == ["192.0.2.7"])
        #expect(throws: FaultlineError.invalidValue(field: "dns.records[0].type", reason: "must be A, AAAA or CNAME")) {
            try update(true, dns: #"{"records":[{"name":"x.test","type":"MX","value":"x"}]}"#)
        }
        #expect(W.addresses(try W.parse(try udp.exchange(try W.query("db.test"), port: port))) == ["192.0.2.7"])
        try h.server.control { control throws(FaultlineError) in try control.deleteProxy(named: "d") }
        #expect(try udp.exchange(try W.query("db.test"), port: port, timeout: 0.3) == nil)
    }

    @Test func badBlocksAndUpstreamsAreRefusedBeforeAnythingBinds() throws {
        let h = try ProxyHarness([])
        for (spec, error) in [
            (try ProxyHarness.dnsSpec(upstream: "localhost:53"),
             FaultlineError.invalidValue(
                 field: "upstream", reason: "must be an IP:port literal (or empty for static records only)")),
            (try ProxyHarness.dnsSpec(block: #"{"records":[{"name":"a","type":"A","value":"::1"}]}"#),
             .invalidValue(field: "dns.records[0].value", reason: "not an IPv4 address: ::1")),
            (try ProxyHarness.dnsSpec(block: #"{"fallback":"forward"}"#),
             .invalidValue(field: "dns.fallback", reason: "forward needs an upstream resolver")),
        ] {
            #expect(throws: error) {
                try h.server.control { control throws(FaultlineError) in try control.createProxy(spec) }
            }
        }
        #expect(h.server.perform { $0.listProxies().isEmpty })
    }
}

@Suite(.serialized) struct DNSPopulateTests {
    @Test func populateReplacesOnlyChangedDNSProxiesAndNamesABadEntry() throws {
        let h = try ProxyHarness([ProxyHarness.dnsSpec()])
        let port = try h.port("d")
        var unchanged = try ProxyHarness.dnsSpec()
        unchanged.listen = "127.0.0.1:\(port)"  // port 0 would always count as a change, as in Toxiproxy
        let same = unchanged
        var edited = try ProxyHarness.dnsSpec(
            block: #"{"records":[{"name":"db.test","type":"A","value":"192.0.2.1"}]}"#)
        edited.listen = "127.0.0.1:\(port)"
        let changed = edited
        let udp = try BlockingUDP()
        _ = try udp.exchange(try DNSWire.query("db.test"), port: port)
        let outcome = h.server.perform { server in server.populate([same]) }
        #expect(outcome.error == nil && outcome.proxies.first?.listen == "127.0.0.1:\(port)")
        #expect(h.dnsStats()?.queries == 1)  // the same listener: left alone
        let replaced = h.server.perform { server in server.populate([changed]) }
        #expect(replaced.error == nil && h.dnsStats()?.queries == 0)
        #expect(DNSWire.addresses(try DNSWire.parse(try udp.exchange(try DNSWire.query("db.test"), port: port)))
            == ["192.0.2.1"])
        let bad = try ProxyHarness.dnsSpec("e", block: #"{"udp_size":100}"#)
        let refused = h.server.perform { server in server.populate([same, bad]) }
        #expect(
            refused.error == .invalidValue(field: "dns.udp_size at proxy 2", reason: "must be between 512 and 4096"))
    }

    @Test func bootNamesTheEntryWhoseBlockIsBad() throws {
        let good = try ProxyHarness.dnsSpec()
        let bad = try ProxyHarness.dnsSpec("e", toxics: [ProxyHarness.dnsToxic("truncate", #"{"size":5}"#)])
        do {
            _ = try ProxyHarness([good, bad])
            Issue.record("booted with a bad entry")
        } catch let error as BootError {
            #expect(error.index == 1 && error.name == "e")
            #expect(error.error == .invalidValue(field: "attributes.size", reason: "must be between 12 and 65535 bytes"))
        }
    }
}

private extension UInt16 {
    var listenText: String { "127.0.0.1:\(self)" }
}

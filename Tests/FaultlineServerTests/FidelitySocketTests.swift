/// The fidelity issue's features on real loopback sockets: clients, ttl, schedule, proxy-wide bandwidth, shaped
/// latency, and --max-toxic-ttl. Generous bounds; the benchmark (`scripts/bench fidelity`) measures precision.
import FaultlineAdmin
import FaultlineCore
import FaultlineServer
import FaultlineTestSupport
import Glibc
import Synchronization
import Testing

/// A toxic spec with Faultline's options, as the API decodes one.
private func toxic(
    _ kind: ToxicKind, name: String? = nil, _ stream: Direction = .downstream, clients: [String]? = nil,
    ttl: Int64? = nil, schedule: ToxicSchedule? = nil
) -> ToxicSpec {
    var spec = ToxicSpec(name: name, kind: kind, stream: stream)
    spec.options.clients = clients?.compactMap(ClientRange.init)
    spec.options.ttl = ttl
    spec.options.schedule = schedule
    return spec
}

private let seconds = ToxicKind.latency(LatencyAttributes(latency: 10_000))

@Suite(.serialized) struct FidelitySocketTests {
    let echo: TestUpstream
    init() throws { echo = try TestUpstream.echo() }

    private func harness(_ toxics: [ToxicSpec] = [], threads: Int = 2, maxTTL: Int64? = nil) throws -> ProxyHarness {
        var config = ServerConfig(adminHost: nil, threads: threads)
        config.maxToxicTTL = maxTTL
        return try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(echo.port)", toxics: toxics)], config: config)
    }

    private func add(_ spec: ToxicSpec, to h: ProxyHarness) throws -> ToxicSpec {
        try h.server.control { control throws(FaultlineError) in try control.addToxic(spec, to: "p") }
    }

    @Test func clientsPickConnectionsByAddressOnEveryLoop() throws {
        let slow = toxic(.latency(LatencyAttributes(latency: 300)), clients: ["127.0.0.2/32"])
        let h = try harness([slow])
        let port = try h.port()
        // Several connections each, so both data loops accept some of them.
        let two = try (0..<4).map { _ in try BlockingSocket.connect(port: port, source: "127.0.0.2") }
        let three = try (0..<4).map { _ in try BlockingSocket.connect(port: port, source: "127.0.0.3") }
        for client in two { #expect(try client.roundTrip() >= 0.3) }
        for client in three { #expect(try client.roundTrip() < 0.2) }
        // Added to live connections later: decided by the address each was accepted from.
        _ = try add(toxic(.latency(LatencyAttributes(latency: 250)), name: "up", .upstream, clients: ["127.0.0.3"]), to: h)
        for client in three { #expect(try client.roundTrip() >= 0.25) }
        for client in two {
            let trip = try client.roundTrip()
            #expect(trip >= 0.3 && trip < 0.5)
        }
    }

    @Test func ttlRemovesTheToxicByItselfFlushingWhatItHeld() throws {
        let h = try harness()
        let client = try h.connect()
        let start = TestClock.now()
        let stored = try add(toxic(seconds, ttl: 400), to: h)
        #expect(stored.options.ttl == 400 && stored.options.remaining == 400)
        try client.send([7])
        // Held by 10 s of latency, released when the toxic expires (removal flushes): at 400 ms.
        #expect(try client.receive(exactly: 1, timeout: 5) == [7])
        let elapsed = TestClock.now() - start
        #expect(elapsed >= 0.38 && elapsed < 1.0, "arrived after \(elapsed) s")
        let toxics = try h.server.control { control throws(FaultlineError) in try control.proxy(named: "p").toxics }
        #expect(toxics.isEmpty)
        #expect(try client.roundTrip() < 0.2)
    }

    @Test func ttlShowsWhatRemainsAndARenewalRestartsIt() throws {
        let h = try harness()
        _ = try add(toxic(seconds, name: "t", ttl: 60_000), to: h)
        let shown = try h.server.control { control throws(FaultlineError) in try control.proxy(named: "p").toxics }
        let remaining = try #require(shown.first?.options.remaining)
        #expect(remaining <= 60_000 && remaining > 50_000)
        let json = String(decoding: try #require(shown.first).wireJSON, as: UTF8.self)
        #expect(json.hasPrefix(#"{"attributes":{"latency":10000,"jitter":0,"ttl":"#))
        var renewed = try #require(shown.first)
        renewed.options = try renewed.options.merging([JSONMember(key: "ttl", value: .number("300"))])
        let patch = renewed
        _ = try h.server.control { control throws(FaultlineError) in try control.updateToxic(named: "t", on: "p", to: patch) }
        #expect(TestClock.eventually(timeout: 3) {
            let left = try? h.server.control { control throws(FaultlineError) in try control.proxy(named: "p").toxics }
            return left?.isEmpty == true
        })
    }

    @Test func maxToxicTTLMakesATTLMandatoryAndCapsIt() throws {
        let h = try harness(maxTTL: 1000)
        let required = FaultlineError.invalidValue(
            field: "attributes.ttl", reason: "is required by this server (at most 1000 milliseconds)")
        #expect(throws: required) { try add(toxic(seconds), to: h) }
        #expect(throws: FaultlineError.invalidValue(field: "attributes.ttl", reason: "must be between 1 and 1000 milliseconds")) {
            try add(toxic(seconds, ttl: 1001), to: h)
        }
        #expect(try add(toxic(seconds, ttl: 1000), to: h).options.ttl == 1000)
        let toxics = try h.server.control { control throws(FaultlineError) in try control.proxy(named: "p").toxics }
        #expect(toxics.count == 1)  // the refused ones changed nothing
    }

    @Test func scheduleFlapsFromCreationOnEveryConnection() throws {
        let h = try harness()
        let clients = try (0..<4).map { _ in try h.connect() }
        let start = TestClock.now()
        _ = try add(toxic(seconds, schedule: ToxicSchedule(on: 300, off: 300)), to: h)
        // On: held (10 s of latency) until the off edge at 300 ms flushes it.
        for client in clients { try client.send([1]) }
        for client in clients { #expect(try client.receive(exactly: 1, timeout: 5) == [1]) }
        let edge = TestClock.now() - start
        #expect(edge >= 0.28 && edge < 0.5, "off edge seen at \(edge) s")
        // Off: transparent.
        TestClock.pace(until: start + 0.4)
        for client in clients { #expect(try client.roundTrip() < 0.1) }
        // On again from 600 ms: held until 900 ms.
        TestClock.pace(until: start + 0.65)
        for client in clients { try client.send([2]) }
        for client in clients { #expect(try client.receive(exactly: 1, timeout: 5) == [2]) }
        let second = TestClock.now() - start
        #expect(second >= 0.88 && second < 1.1, "second off edge seen at \(second) s")
    }

    @Test func shapedLatencyOnRealSockets() throws {
        let h = try harness([toxic(.latency(LatencyAttributes(latency: 40, jitter: 10, distribution: "normal")))])
        let client = try h.connect()
        let trips = try (0..<40).map { _ in try client.roundTrip() }
        let mean = trips.reduce(0, +) / Double(trips.count)
        #expect(mean > 0.034 && mean < 0.06, "mean \(mean) s")
        #expect(Set(trips.map { Int($0 * 1000) }).count > 5)  // it varies
    }

    @Test func proxyWideBandwidthSharesOneRateBetweenConnections() throws {
        let chunk = [UInt8](repeating: 0x42, count: 65_536)
        let source = try TestUpstream { socket in
            while (try? socket.send(chunk)) != nil {}
        }
        var config = ServerConfig(adminHost: nil, threads: 2)
        config.directionBudget = 1 << 20
        let h = try ProxyHarness([ProxyHarness.spec(upstream: "127.0.0.1:\(source.port)", toxics: [
            toxic(.bandwidth(BandwidthAttributes(rate: 1000, scope: "proxy"))),
        ])], config: config)
        let clients = try (0..<4).map { _ in try h.connect() }
        var received = [Int](repeating: 0, count: clients.count)
        let start = TestClock.now()
        let (from, to) = (start + 0.5, start + 2.5)
        while TestClock.now() < to {
            for (index, client) in clients.enumerated() {
                guard let bytes = try? client.receive(max: 1 << 20, timeout: 0.002) else { continue }
                if TestClock.now() >= from { received[index] += bytes.count }
            }
        }
        let total = received.reduce(0, +)
        // 1000 KB/s shared: 2 MB in the 2 s window, whatever the number of connections.
        #expect(abs(Double(total) / 2_000_000 - 1) < 0.1, "total \(total) B, per connection \(received)")
        #expect(received.allSatisfy { abs(Double($0) / (Double(total) / 4) - 1) < 0.35 }, "shares \(received)")
    }

    @Test func clientsAndScheduleOnUDPSessions() throws {
        let upstream = try UDPEchoServer()
        var blackhole = try ProxyHarness.udpToxic("blackhole", stream: .upstream)
        blackhole.options.clients = ClientRange("127.0.0.2").map { [$0] }
        let h = try ProxyHarness([try ProxyHarness.udpSpec(upstream: upstream.port, toxics: [blackhole])])
        let port = try h.port("u")
        let two = try BlockingUDP(host: "127.0.0.2", port: 0)
        let three = try BlockingUDP(host: "127.0.0.3", port: 0)
        #expect(try three.exchange([3], port: port, timeout: 2) == [3])
        #expect(try two.exchange([2], port: port, timeout: 0.3) == nil)
    }

    @Test func clientsOnDNSToxicsMatchTheQuerySource() throws {
        var servfail = try ProxyHarness.dnsToxic("servfail")
        servfail.options.clients = ClientRange("127.0.0.2").map { [$0] }
        let h = try ProxyHarness([try ProxyHarness.dnsSpec(toxics: [servfail])])
        let port = try h.port("d")
        let two = try BlockingUDP(host: "127.0.0.2", port: 0)
        let three = try BlockingUDP(host: "127.0.0.3", port: 0)
        #expect(DNSWire.rcode(try DNSWire.parse(try two.exchange(try DNSWire.query("db.test"), port: port))) == .servFail)
        #expect(DNSWire.rcode(try DNSWire.parse(try three.exchange(try DNSWire.query("db.test"), port: port))) == .noError)
    }
}

/// Faultline's new toxic attributes on the wire: echoed only when set, after Toxiproxy's keys; bad values are 400s.
import FaultlineCore
import Testing

private func create(_ text: String, kind: ProxyKind = .tcp) throws(FaultlineError) -> ToxicSpec.CreateBody {
    try ToxicSpec.decodeCreateBody(Array(text.utf8), proxyKind: kind)
}

private func createError(_ text: String, kind: ProxyKind = .tcp) -> FaultlineError? {
    do throws(FaultlineError) {
        return try create(text, kind: kind).attributeError
    } catch {
        return error
    }
}

private func json(_ toxic: ToxicSpec) -> String { String(decoding: toxic.wireJSON, as: UTF8.self) }

private func invalid(_ key: String, _ reason: String) -> FaultlineError {
    .invalidValue(field: "attributes.\(key)", reason: reason)
}

@Suite struct ToxicOptionsCodingTests {
    @Test(
        arguments: [
            // Toxiproxy's fields alone: exactly today's bytes.
            (
                #"{"type":"latency","attributes":{"latency":100,"jitter":10}}"#,
                #"{"attributes":{"latency":100,"jitter":10},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"bandwidth","attributes":{"rate":5}}"#,
                #"{"attributes":{"rate":5},"name":"bandwidth_downstream","type":"bandwidth","stream":"downstream","toxicity":1}"#
            ),
            // The new keys, each only when set, after Toxiproxy's, in the documented order.
            (
                #"{"type":"latency","attributes":{"schedule":{"off":200,"on":100},"ttl":5000,"clients":["127.0.0.2/32","::1"],"correlation":0.25,"distribution":"normal","latency":100,"jitter":10}}"#,
                #"{"attributes":{"latency":100,"jitter":10,"distribution":"normal","correlation":0.25,"clients":["127.0.0.2/32","::1"],"ttl":5000,"schedule":{"on":100,"off":200}},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"latency","attributes":{"Distribution":"pareto"}}"#,
                #"{"attributes":{"latency":0,"jitter":0,"distribution":"pareto"},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"bandwidth","attributes":{"rate":100,"scope":"proxy","TTL":60000}}"#,
                #"{"attributes":{"rate":100,"scope":"proxy","ttl":60000},"name":"bandwidth_downstream","type":"bandwidth","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"noop","attributes":{"clients":["10.0.0.0/8"]}}"#,
                #"{"attributes":{"clients":["10.0.0.0/8"]},"name":"noop_downstream","type":"noop","stream":"downstream","toxicity":1}"#
            ),
            (
                #"{"type":"timeout","attributes":{"timeout":0,"schedule":{"on":1,"off":86400000},"clients":null}}"#,
                #"{"attributes":{"timeout":0,"schedule":{"on":1,"off":86400000}},"name":"timeout_downstream","type":"timeout","stream":"downstream","toxicity":1}"#
            ),
        ])
    func acceptedBodies(request: String, response: String) throws {
        let body = try create(request)
        #expect(body.attributeError == nil)
        #expect(json(body.toxic) == response)
    }

    @Test(
        arguments: [
            (#"{"type":"latency","attributes":{"correlation":1.5}}"#, invalid("correlation", "must be between 0 and 1")),
            (#"{"type":"latency","attributes":{"correlation":-0.1}}"#, invalid("correlation", "must be between 0 and 1")),
            (
                #"{"type":"latency","attributes":{"distribution":"gaussian"}}"#,
                invalid("distribution", "must be one of uniform, normal, pareto, paretonormal")
            ),
            (#"{"type":"bandwidth","attributes":{"scope":"global"}}"#, invalid("scope", "must be connection or proxy")),
            (
                #"{"type":"latency","attributes":{"clients":["127.0.0.2/32","10.0.0.0/33"]}}"#,
                invalid("clients[1]", "must be an IPv4 or IPv6 address or CIDR block (e.g. 10.0.0.0/8, ::1/128)")
            ),
            (
                #"{"type":"latency","attributes":{"clients":["localhost"]}}"#,
                invalid("clients[0]", "must be an IPv4 or IPv6 address or CIDR block (e.g. 10.0.0.0/8, ::1/128)")
            ),
            (
                #"{"type":"latency","attributes":{"clients":"127.0.0.1"}}"#,
                invalid("clients", "must be a list of addresses or CIDR blocks")
            ),
            (
                #"{"type":"latency","attributes":{"clients":[]}}"#,
                invalid("clients", "must list between 1 and 256 addresses or blocks")
            ),
            (#"{"type":"latency","attributes":{"ttl":0}}"#, invalid("ttl", "must be between 1 and 86400000 milliseconds")),
            (#"{"type":"latency","attributes":{"ttl":-5}}"#, invalid("ttl", "must be between 1 and 86400000 milliseconds")),
            (#"{"type":"latency","attributes":{"ttl":1.5}}"#, invalid("ttl", "must be an integer")),
            (
                #"{"type":"latency","attributes":{"schedule":{"on":0,"off":10}}}"#,
                invalid("schedule.on", "must be between 1 and 86400000 milliseconds")
            ),
            (
                #"{"type":"latency","attributes":{"schedule":{"on":10,"off":-1}}}"#,
                invalid("schedule.off", "must be between 1 and 86400000 milliseconds")
            ),
            (#"{"type":"latency","attributes":{"schedule":{"on":10}}}"#, invalid("schedule.off", "is required (milliseconds)")),
            (#"{"type":"latency","attributes":{"schedule":5}}"#, invalid("schedule", "must be an object")),
            (
                #"{"type":"latency","attributes":{"schedule":{"on":1,"off":1,"phase":3}}}"#,
                invalid("schedule.phase", "unknown attribute (expected on, off)")
            ),
        ])
    func rejectedBodies(request: String, error: FaultlineError) {
        #expect(createError(request) == error)
    }

    @Test func toxiproxysOwnTypeErrorsComeFirst() {
        // Go's type error for a Toxiproxy key is reported before Faultline's range errors.
        #expect(
            createError(#"{"type":"latency","attributes":{"latency":"x","ttl":0}}"#)
                == .badRequestBody(
                    "json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64"))
        #expect(
            createError(#"{"type":"latency","attributes":{"correlation":"high"}}"#)
                == .badRequestBody(
                    "json: cannot unmarshal string into Go struct field LatencyToxic.attributes.correlation of type float64"
                ))
    }

    @Test func dnsAndUDPToxicsCarryTheOptionsToo() throws {
        let dns = try create(#"{"type":"servfail","attributes":{"clients":["127.0.0.3"],"ttl":100}}"#, kind: .dns)
        #expect(dns.attributeError == nil)
        #expect(dns.toxic.options.ttl == 100 && dns.toxic.options.clients?.map(\.text) == ["127.0.0.3"])
        guard case .dns(_, let attributes) = dns.toxic.kind else { return #expect(Bool(false)) }
        #expect(attributes == .object([]))  // the options never reach the DNS type's own (strict) keys
        let udp = try create(#"{"type":"loss","attributes":{"probability":0.5,"schedule":{"on":5,"off":5}}}"#, kind: .udp)
        #expect(udp.attributeError == nil)
        #expect(udp.toxic.options.schedule == ToxicSchedule(on: 5, off: 5))
        #expect(json(udp.toxic).hasSuffix(#""schedule":{"on":5,"off":5}},"name":"loss_downstream","type":"loss","stream":"downstream","toxicity":1}"#))
    }

    @Test func patchesMergeTheOptionsAtomically() throws {
        let stored = try create(#"{"type":"latency","attributes":{"latency":5,"ttl":1000,"clients":["127.0.0.2"]}}"#).toxic
        var live = stored
        live.options.expiresAt = .milliseconds(1000)
        // Without a ttl the expiry stands; clients and schedule merge over what was there.
        let kept = try live.applyingPatchBody(Array(#"{"attributes":{"schedule":{"on":10,"off":20}}}"#.utf8))
        #expect(kept.options.expiresAt == .milliseconds(1000))
        #expect(kept.options.clients == stored.options.clients && kept.options.schedule == ToxicSchedule(on: 10, off: 20))
        // A new ttl starts a new countdown (the server sets the expiry again).
        let renewed = try live.applyingPatchBody(Array(#"{"attributes":{"ttl":30}}"#.utf8))
        #expect(renewed.options.ttl == 30 && renewed.options.expiresAt == nil)
        // A bad value changes nothing: the whole PATCH is refused.
        #expect(throws: FaultlineError.invalidValue(field: "attributes.correlation", reason: "must be between 0 and 1")) {
            try live.applyingPatchBody(Array(#"{"attributes":{"latency":7,"correlation":2}}"#.utf8))
        }
        #expect(throws: FaultlineError.invalidValue(field: "attributes.ttl", reason: "must be between 1 and 86400000 milliseconds")) {
            try live.applyingPatchBody(Array(#"{"attributes":{"latency":7,"ttl":0}}"#.utf8))
        }
    }

    @Test func ttlEchoesWhatRemains() throws {
        var toxic = try create(#"{"type":"noop","attributes":{"ttl":5000}}"#).toxic
        toxic.options.remaining = 1234
        #expect(json(toxic).hasPrefix(#"{"attributes":{"ttl":1234},"name":"noop_downstream""#))
    }
}

@Suite struct ClientMatchTests {
    @Test func clientsAdmitTheirAddressesOnly() throws {
        let options = ToxicOptions(clients: [try #require(ClientRange("127.0.0.2/32")), try #require(ClientRange("fd00::/8"))])
        #expect(options.admits([127, 0, 0, 2]))
        #expect(!options.admits([127, 0, 0, 3]))
        #expect(options.admits([0xFD] + Array(repeating: 0, count: 14) + [1]))
        // A v4 client on a dual-stack listener arrives IPv4-mapped.
        #expect(options.admits(Array(repeating: 0, count: 10) + [0xFF, 0xFF, 127, 0, 0, 2]))
        #expect(!options.admits(nil))
        #expect(ToxicOptions().admits(nil))
    }

    @Test func aClientOutsideTheListIsALostRoll() {
        var spec = ToxicSpec(kind: .latency(LatencyAttributes(latency: 100)), toxicity: 0.7)
        spec.options.clients = ClientRange("127.0.0.2").map { [$0] }
        #expect(spec.forClient([127, 0, 0, 2]).toxicity == 0.7)
        #expect(spec.forClient([127, 0, 0, 3]).toxicity == 0)
        // The roll still takes its one draw, so the next toxic's roll does not depend on the client.
        var first = SplitMix64(seed: 4)
        var second = SplitMix64(seed: 4)
        _ = Link.roll(spec.forClient([127, 0, 0, 2]), using: &first)
        _ = Link.roll(spec.forClient([127, 0, 0, 3]), using: &second)
        #expect(first.next() == second.next())
    }

    @Test func nxdomainActsOnlyOnItsClientsAndInItsOnPhases() {
        var spec = ToxicSpec(kind: .nxdomain(NXDomainAttributes(negativeTTL: 10_000)))
        spec.options.clients = ClientRange("127.0.0.2").map { [$0] }
        var gate = NXDomainGate()
        var rng = SplitMix64(seed: 1)
        #expect(gate.decide(toxics: [spec], now: .zero, rng: &rng, client: [127, 0, 0, 3]) == .pass)
        #expect(gate.decide(toxics: [spec], now: .zero, rng: &rng, client: [127, 0, 0, 2]) != .pass)
        // The negative-cache window opened by .2 does not catch .3.
        #expect(gate.decide(toxics: [spec], now: .milliseconds(5), rng: &rng, client: [127, 0, 0, 3]) == .pass)
        #expect(gate.decide(toxics: [spec], now: .milliseconds(6), rng: &rng, client: [127, 0, 0, 2]) != .pass)
        var flapping = ToxicSpec(kind: .nxdomain(NXDomainAttributes()))
        flapping.options.schedule = ToxicSchedule(on: 10, off: 10)
        flapping.options.createdAt = .zero
        var other = NXDomainGate()
        #expect(other.decide(toxics: [flapping], now: .milliseconds(5), rng: &rng) != .pass)
        #expect(other.decide(toxics: [flapping], now: .milliseconds(15), rng: &rng) == .pass)
    }
}

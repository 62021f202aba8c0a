/// Toxic calls through the Client against a real server, the scoped `with(toxic:on:)` helper, and API errors.
import FaultlineClient
import FaultlineCore
import Testing

@Suite struct ClientToxicTests {
    @Test func addTypedToxicEchoesEveryAttribute() throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web"))
        let toxic = ToxicSpec(
            name: "cut", kind: .slicer(SlicerAttributes(averageSize: 10, sizeVariation: 2, delay: 5)),
            stream: .upstream, toxicity: 0.5)
        let added = try client.addToxic(toxic, to: "web")
        #expect(added.name == "cut")
        #expect(added.type == "slicer")
        #expect(added.stream == "upstream")
        #expect(added.toxicity == 0.5)
        #expect(added.attributes.map(\.key) == ["average_size", "size_variation", "delay"])
        #expect(added.spec == toxic)
        #expect(try client.toxics(of: "web") == [added])
        #expect(try client.toxic(named: "cut", on: "web") == added)
    }

    @Test func addGenericToxicLetsTheServerNameIt() throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web"))
        let request = ToxicRequest(type: "latency", attributes: [JSONMember(key: "latency", value: .number("100"))])
        #expect(request.effectiveName == "latency_downstream")
        let added = try client.addToxic(request, to: "web")
        #expect(added.name == "latency_downstream")
        #expect(added.toxicity == 1)
        #expect(added.attribute("latency") == .number("100"))
        #expect(added.attribute("jitter") == .number("0"))
        #expect(added.attribute("nope") == nil)
    }

    @Test func updateMergesAttributesAndKeepsToxicityUnlessGiven() throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web"))
        try client.addToxic(
            ToxicSpec(name: "slow", kind: .latency(LatencyAttributes(latency: 100)), toxicity: 0.25), to: "web")

        let jittered = try client.updateToxic(
            named: "slow", on: "web", attributes: [JSONMember(key: "jitter", value: .number("5"))])
        #expect(jittered.attribute("latency") == .number("100"))
        #expect(jittered.attribute("jitter") == .number("5"))
        #expect(jittered.toxicity == 0.25)

        let rolled = try client.updateToxic(named: "slow", on: "web", toxicity: 0.75)
        #expect(rolled.toxicity == 0.75)
        #expect(rolled.attribute("jitter") == .number("5"))

        let replaced = try client.updateToxic(
            ToxicSpec(name: "slow", kind: .latency(LatencyAttributes(latency: 7))), on: "web")
        #expect(replaced.spec == ToxicSpec(name: "slow", kind: .latency(LatencyAttributes(latency: 7))))
    }

    @Test func removeTakesTheToxicOff() throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web", toxics: [latency(10)]))
        try client.removeToxic(named: "latency_downstream", from: "web")
        #expect(try client.toxics(of: "web").isEmpty)
    }

    @Test(arguments: [
        ("missing proxy", 404, "proxy not found", FaultlineError.proxyNotFound),
        ("missing toxic", 404, "toxic not found", .toxicNotFound),
        ("duplicate toxic", 409, "toxic already exists", .toxicAlreadyExists),
        ("unknown type", 400, "invalid toxic type", .invalidToxicType),
        (
            "bad attribute", 400,
            "bad request body: json: cannot unmarshal string into Go struct field "
                + "LatencyToxic.attributes.latency of type int64",
            .badRequestBody(
                "json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64")
        ),
    ])
    func apiErrorsCarryStatusTextAndDomainError(
        _ case: String, status: Int, message: String, domain: FaultlineError
    ) throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web", toxics: [latency(10)]))
        let thrown = #expect(throws: ClientError.self, "\(`case`)") {
            switch `case` {
            case "missing proxy": _ = try client.toxics(of: "nope")
            case "missing toxic": try client.removeToxic(named: "nope", from: "web")
            case "duplicate toxic": try client.addToxic(latency(20), to: "web")
            case "unknown type": try client.addToxic(ToxicRequest(type: "nope"), to: "web")
            default:
                let bad = [JSONMember(key: "latency", value: .string("abc"))]
                try client.addToxic(ToxicRequest(name: "x", type: "latency", attributes: bad), to: "web")
            }
        }
        #expect(thrown == .api(status: status, message: message))
        #expect(thrown?.apiError == domain)
        #expect(thrown?.description == "HTTP \(status): \(message)")
    }

    @Test func proxyAlreadyExistsIsAConflict() throws {
        let server = try TestServer()
        try server.client.create(spec("web"))
        let thrown = #expect(throws: ClientError.self) { try server.client.create(spec("web")) }
        #expect(thrown == .api(status: 409, message: "proxy already exists"))
        #expect(thrown?.apiError == .proxyAlreadyExists)
    }

    // MARK: - with(toxic:on:)

    @Test func scopedToxicIsInstalledDuringTheBodyAndRemovedAfter() throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web"))
        let seen = try client.with(toxic: latency(30, name: "scoped"), on: "web") { toxic in
            #expect(toxic.name == "scoped")
            return try client.toxics(of: "web").map(\.name)
        }
        #expect(seen == ["scoped"])
        #expect(try client.toxics(of: "web").isEmpty)
    }

    @Test func scopedToxicIsRemovedWhenTheBodyThrows() throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web"))
        var ran = false
        #expect(throws: TestFailure.self) {
            try client.with(toxic: latency(30, name: "scoped"), on: "web") { _ in
                ran = true
                throw TestFailure("the body failed")
            }
        }
        #expect(ran)
        #expect(try client.toxics(of: "web").isEmpty)
    }

    @Test func scopedToxicThatCannotBeAddedNeverRunsTheBody() throws {
        let server = try TestServer()
        let client = server.client
        var ran = false
        #expect(throws: ClientError.api(status: 404, message: "proxy not found")) {
            try client.with(toxic: latency(30), on: "nope") { _ in ran = true }
        }
        #expect(!ran)
    }
}

/// Every Client call against a real in-process server over HTTP: proxies, populate, reset and version.
import FaultlineClient
import FaultlineCore
import Testing

@Suite struct ClientTests {
    @Test func versionIsTheToxiproxyAPILevel() throws {
        let server = try TestServer()
        #expect(try server.client.version() == FaultlineVersion.toxiproxyAPI)
    }

    @Test func createListAndFetchProxies() throws {
        let server = try TestServer()
        let client = server.client
        #expect(try client.proxies().isEmpty)

        let created = try client.create(spec("web"))
        #expect(created.name == "web")
        #expect(created.upstream == "127.0.0.1:9")
        #expect(created.enabled)
        #expect(created.kind == nil)
        #expect(created.toxics.isEmpty)
        let port = try #require(created.listenPort)
        #expect(port != 0)
        #expect(created.listen == "127.0.0.1:\(port)")

        try client.create(spec("db", enabled: false))
        let listed = try client.proxies()
        #expect(listed.map(\.name) == ["db", "web"])
        #expect(listed[0].enabled == false)
        #expect(listed[0].listen == "127.0.0.1:0")
        #expect(try client.proxy(named: "web") == created)
    }

    @Test func createWithToxicsAddsThemAfterTheProxy() throws {
        let server = try TestServer()
        let created = try server.client.create(spec("web", toxics: [latency(50), latency(7, stream: .upstream)]))
        #expect(created.toxics.map(\.name) == ["latency_upstream", "latency_downstream"])
        #expect(created.toxics[1].attribute("latency") == .number("50"))
    }

    @Test func namesThatNeedEscapingReachTheServerIntact() throws {
        let server = try TestServer()
        let client = server.client
        for name in ["a b", "100%", "q?x#y", "ünï"] {
            try client.create(spec(name))
            #expect(try client.proxy(named: name).name == name)
            try client.addToxic(latency(1, name: "t \(name)"), to: name)
            #expect(try client.toxic(named: "t \(name)", on: name).name == "t \(name)")
            try client.delete(proxy: name)
        }
        #expect(try client.proxies().isEmpty)
    }

    @Test func updateChangesOnlyTheGivenFields() throws {
        let server = try TestServer()
        let client = server.client
        let created = try client.create(spec("web"))

        let disabled = try client.update(proxy: "web", enabled: false)
        #expect(disabled.enabled == false)
        #expect(disabled.upstream == created.upstream)

        let moved = try client.update(proxy: "web", upstream: "127.0.0.1:10")
        #expect(moved.upstream == "127.0.0.1:10")
        #expect(moved.enabled == false)

        let relisted = try client.update(proxy: "web", listen: "127.0.0.1:0", enabled: true)
        #expect(relisted.enabled)
        #expect(relisted.listenPort != 0)
        #expect(try client.proxy(named: "web") == relisted)
    }

    @Test func deleteRemovesTheProxy() throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web"))
        try client.delete(proxy: "web")
        #expect(try client.proxies().isEmpty)
        #expect(throws: ClientError.api(status: 404, message: "proxy not found")) { try client.delete(proxy: "web") }
    }

    @Test func populateCreatesAndReportsProxiesWithTheirToxics() throws {
        let server = try TestServer()
        let client = server.client
        let populated = try client.populate([spec("a"), spec("b", toxics: [latency(20, name: "slow")])])
        #expect(populated.map(\.name) == ["a", "b"])
        #expect(try client.toxics(of: "b").map(\.name) == ["slow"])
        #expect(try client.populate([]).isEmpty)
        #expect(throws: ClientError.api(status: 400, message: "missing required field: upstream at proxy 1")) {
            try client.populate([ProxySpec(name: "c", listen: "127.0.0.1:0", upstream: "")])
        }
    }

    @Test func resetEnablesProxiesAndRemovesToxics() throws {
        let server = try TestServer()
        let client = server.client
        try client.create(spec("web", toxics: [latency(10)]))
        try client.update(proxy: "web", enabled: false)
        try client.reset()
        let proxy = try client.proxy(named: "web")
        #expect(proxy.enabled)
        #expect(proxy.toxics.isEmpty)
    }
}

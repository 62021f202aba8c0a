/// The experiment runner against a locked-down admin API: over its Unix socket, with the bearer token.
import FaultlineAdmin
import FaultlineClient
import FaultlineCore
import FaultlineExperiment
import FaultlineRunner
import FaultlineServer
import Glibc
import Logging
import Testing

@Suite(.serialized) struct GatedAdminRunTests {
    @Test func aRunUsesTheUnixSocketAndTheToken() throws {
        let web = try LoopbackHTTPServer()
        let directory = try TemporaryDirectory()
        let socket = directory.file("admin.sock")
        var config = ServerConfig(adminHost: nil, adminPort: 0)
        config.adminSocket = AdminSocket(path: socket)
        config.adminGate = AdminGate(token: Array("run-token".utf8))
        let logger = Logger(label: "gated") { _ in SwiftLogNoOpLogHandler() }
        let server = try ServerHandle.start(
            config: config, logger: logger,
            proxies: [ProxySpec(name: "web", listen: "127.0.0.1:0", upstream: "127.0.0.1:\(web.port)")])
        defer { server.stop() }
        let admin = "unix://\(socket)"
        let client = try Client(url: admin, token: "run-token")
        let url = "http://127.0.0.1:\(try #require(try client.proxy(named: "web").listenPort))/"
        let text = Experiments.json(admin: admin, url: url, faults: Experiments.latency(20, duration: "1s"))

        var configuration = RunConfiguration(
            file: try Experiments.decode(text), admin: admin, seed: 11, runID: "0000abcd",
            reportPath: directory.file("report.json"), stateDirectory: directory.file("state"), handleSignals: false)
        let anonymous = ExperimentRunner.run(configuration, console: .silent)
        #expect(anonymous.status == .invalid)
        #expect(anonymous.errors.contains { $0.contains("HTTP 401") }, "\(anonymous.errors)")

        configuration.token = "run-token"
        let report = ExperimentRunner.run(configuration, console: .silent)
        #expect(report.status == .passed, "\(report.errors)")
        #expect(report.faults.first?.injectedAtMs != nil)
        #expect(report.server?.seededToxics == true)
        #expect(try client.proxy(named: "web").toxics.isEmpty)
    }
}

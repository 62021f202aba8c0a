/// The `faultline` client commands run as a subprocess against a server started by the test: exact non-TTY stdout
/// (toxiproxy-cli's formats), aliases, `--host`/`-h`/`TOXIPROXY_URL`, and the server state each command leaves.
import FaultlineTestSupport
import FaultlineClient
import FaultlineCore
import Testing

@Suite(.serialized) struct CLIOutputTests {
    /// Runs `faultline` with `--host` pointing at `server`, expecting success and no stderr.
    private func run(_ server: TestServer, _ arguments: [String]) throws -> String {
        let outcome = try Subprocess.faultline(arguments + ["--host", server.url])
        #expect(outcome.status == 0, "faultline \(arguments): \(outcome.stderr)")
        #expect(outcome.stderr == "")
        return outcome.stdout
    }

    @Test func listPrintsOneTabSeparatedLinePerProxySortedByName() throws {
        let server = try TestServer(proxies: [spec("web", toxics: [latency(10)]), spec("db", enabled: false)])
        let port = try #require(try server.client.proxy(named: "web").listenPort)
        let expected = "db\t127.0.0.1:0\t127.0.0.1:9\tdisabled\t0\nweb\t127.0.0.1:\(port)\t127.0.0.1:9\tenabled\t1\n"
        for alias in ["list", "l", "li", "ls"] {
            #expect(try run(server, [alias]) == expected)
        }
        // toxiproxy-cli's spellings of the host: the environment, and -h before the command.
        #expect(try Subprocess.faultline(["list"], environment: ["TOXIPROXY_URL": server.url]).stdout == expected)
        #expect(try Subprocess.faultline(["-h", "http://\(server.url)", "ls"]).stdout == expected)
        #expect(try Subprocess.faultline(["--host=\(server.url)", "ls"]).stdout == expected)
    }

    @Test func listOfNoProxiesPrintsNothing() throws {
        let server = try TestServer()
        #expect(try run(server, ["list"]) == "")
    }

    @Test func inspectPrintsOneLinePerToxicUpstreamFirstWithSortedAttributes() throws {
        let toxics = [
            latency(100, name: "slow"),
            ToxicSpec(
                name: "cut", kind: .slicer(SlicerAttributes(averageSize: 10, sizeVariation: 2, delay: 5)),
                stream: .upstream, toxicity: 0.125),
            ToxicSpec(kind: .bandwidth(BandwidthAttributes(rate: 1_000_000)), toxicity: 0.335),
        ]
        let server = try TestServer(proxies: [spec("web", toxics: toxics)])
        let expected = """
            cut\ttype=slicer\tstream=upstream\ttoxicity=0.12\tattributes=[\taverage_size=10\tdelay=5\tsize_variation=2\
            \t]
            slow\ttype=latency\tstream=downstream\ttoxicity=1.00\tattributes=[\tjitter=0\tlatency=100\t]
            bandwidth_downstream\ttype=bandwidth\tstream=downstream\ttoxicity=0.34\tattributes=[\trate=1e+06\t]

            """
        for alias in ["inspect", "i", "ins"] {
            #expect(try run(server, [alias, "web"]) == expected)
        }
        try server.client.reset()
        #expect(try run(server, ["inspect", "web"]) == "")
    }

    @Test func createMakesAnEnabledProxy() throws {
        let server = try TestServer()
        #expect(
            try run(server, ["create", "web", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:9"])
                == "Created new proxy web\n")
        #expect(try run(server, ["c", "-l", "127.0.0.1:0", "-u", "127.0.0.1:10", "db"]) == "Created new proxy db\n")
        #expect(try run(server, ["new", "x", "-l", "127.0.0.1:0", "-u", "127.0.0.1:11"]) == "Created new proxy x\n")
        let proxies = try server.client.proxies()
        #expect(proxies.map(\.name) == ["db", "web", "x"])
        #expect(proxies.map(\.upstream) == ["127.0.0.1:10", "127.0.0.1:9", "127.0.0.1:11"])
        #expect(proxies.map(\.enabled) == [true, true, true])
    }

    @Test func toggleFlipsTheProxy() throws {
        let server = try TestServer(proxies: [spec("web")])
        #expect(try run(server, ["toggle", "web"]) == "Proxy web is now disabled\n")
        #expect(try server.client.proxy(named: "web").enabled == false)
        #expect(try run(server, ["tog", "web"]) == "Proxy web is now enabled\n")
        #expect(try server.client.proxy(named: "web").enabled)
    }

    @Test func deleteRemovesTheProxy() throws {
        let server = try TestServer(proxies: [spec("web"), spec("db")])
        #expect(try run(server, ["delete", "web"]) == "Deleted proxy web\n")
        #expect(try run(server, ["d", "db"]) == "Deleted proxy db\n")
        #expect(try server.client.proxies().isEmpty)
    }

    @Test func toxicAddSendsNumbersAsNumbersAndStringsAsStrings() throws {
        let server = try TestServer(proxies: [spec("web")])
        let added = try run(
            server,
            [
                "toxic", "add", "-t", "latency", "-n", "slow", "-u", "--tox", "0.5", "-a", "latency=100",
                "-a", "jitter=1e1", "web",
            ])
        #expect(added == "Added upstream latency toxic 'slow' on proxy 'web'\n")
        let toxic = try server.client.toxic(named: "slow", on: "web")
        #expect(
            toxic.spec
                == ToxicSpec(
                    name: "slow", kind: .latency(LatencyAttributes(latency: 100, jitter: 10)),
                    stream: .upstream, toxicity: 0.5))
        #expect(
            try run(server, ["t", "a", "--type", "bandwidth", "-a", "rate=5", "web"])
                == "Added downstream bandwidth toxic 'bandwidth_downstream' on proxy 'web'\n")
        #expect(
            try run(server, ["toxic", "add", "-t", "timeout", "--downstream", "--toxicity", "1", "web"])
                == "Added downstream timeout toxic 'timeout_downstream' on proxy 'web'\n")
        #expect(
            try server.client.toxics(of: "web").map(\.name) == ["slow", "bandwidth_downstream", "timeout_downstream"])
    }

    @Test func toxicUpdateWithoutToxicityKeepsTheStoredOne() throws {
        let toxic = ToxicSpec(name: "slow", kind: .latency(LatencyAttributes(latency: 100, jitter: 3)), toxicity: 0.25)
        let server = try TestServer(proxies: [spec("web", toxics: [toxic])])
        #expect(
            try run(server, ["toxic", "update", "-n", "slow", "-a", "latency=200", "web"])
                == "Updated toxic 'slow' on proxy 'web'\n")
        var stored = try server.client.toxic(named: "slow", on: "web")
        #expect(stored.attribute("latency") == .number("200"))
        #expect(stored.attribute("jitter") == .number("3"))
        #expect(stored.toxicity == 0.25)
        #expect(
            try run(server, ["t", "u", "-n", "slow", "--tox", "0.75", "web"]) == "Updated toxic 'slow' on proxy 'web'\n"
        )
        stored = try server.client.toxic(named: "slow", on: "web")
        #expect(stored.toxicity == 0.75)
        #expect(stored.attribute("latency") == .number("200"))
    }

    @Test(arguments: ["remove", "delete", "r", "d"])
    func toxicRemoveTakesItOff(_ alias: String) throws {
        let server = try TestServer(proxies: [spec("web", toxics: [latency(10, name: "slow")])])
        #expect(try run(server, ["toxic", alias, "-n", "slow", "web"]) == "Removed toxic 'slow' on proxy 'web'\n")
        #expect(try server.client.toxics(of: "web").isEmpty)
    }
}

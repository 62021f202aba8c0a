/// `toxiproxy-server`'s command line: every spelling Go's flag package accepts, and its exact messages for the rest.
import Testing

@testable import faultline

@Suite struct ToxiproxyServerTests {
    private func decide(_ arguments: [String]) -> ToxiproxyServer.Decision {
        ToxiproxyServer.decide(arguments, program: "toxiproxy-server", seedDefault: 42)
    }

    private var usage: String { ToxiproxyServer.flags(seedDefault: 42).usage(program: "toxiproxy-server") }

    @Test(arguments: [
        ["-host=0.0.0.0"], ["-host", "0.0.0.0"], ["--host=0.0.0.0"], ["--host", "0.0.0.0"],
        ["-host=x", "-host=0.0.0.0"],  // the last one wins
    ])
    func everyGoSpellingOfAValue(arguments: [String]) {
        #expect(decide(arguments) == .serve(["serve", "--host", "0.0.0.0"]))
    }

    @Test func allFlagsMapOntoServe() {
        let decision = decide([
            "-host=0.0.0.0", "-port", "8475", "--config=/etc/toxiproxy.json", "-seed=-1", "-proxy-metrics",
            "--runtime-metrics=true",
        ])
        #expect(
            decision
                == .serve([
                    "serve", "--host", "0.0.0.0", "--port", "8475", "--config", "/etc/toxiproxy.json", "--seed",
                    "18446744073709551615", "--proxy-metrics", "--runtime-metrics",
                ]))
    }

    @Test func falseBooleansAndArgumentsAfterTheFlagsAreLeftOut() {
        #expect(decide(["-proxy-metrics=false", "-runtime-metrics=0", "extra", "-host=x"]) == .serve(["serve"]))
        #expect(decide(["--", "-host=x"]) == .serve(["serve"]))
        // A boolean never takes the next argument: "false" ends the flags, as in Go.
        #expect(decide(["-proxy-metrics", "false", "-host=x"]) == .serve(["serve", "--proxy-metrics"]))
    }

    @Test func versionPrintsWhatToxiproxyPrints() {
        #expect(decide(["-version"]) == .exit(stdout: "toxiproxy-server version 2.12.0\n", stderr: "", code: 0))
        #expect(decide(["--version=true", "-host=x"]) == .exit(stdout: "toxiproxy-server version 2.12.0\n", stderr: "", code: 0))
    }

    @Test(arguments: [
        (["-nope"], "flag provided but not defined: -nope"),
        (["--hots=1"], "flag provided but not defined: -hots"),
        (["-host"], "flag needs an argument: -host"),
        (["-version=maybe"], #"invalid boolean value "maybe" for -version: parse error"#),
        (["-seed", "abc"], #"invalid value "abc" for flag -seed: parse error"#),
        (["-seed=99999999999999999999"], #"invalid value "99999999999999999999" for flag -seed: value out of range"#),
        (["---host"], "bad flag syntax: ---host"),
        (["-=x"], "bad flag syntax: -=x"),
        (["-seed=1\t"], #"invalid value "1\t" for flag -seed: parse error"#),
    ])
    func malformedFlagsGetGoMessagesAndExit2(arguments: [String], message: String) {
        #expect(decide(arguments) == .exit(stdout: "", stderr: message + "\n" + usage, code: 2))
    }

    @Test(arguments: [["-h"], ["-help"], ["--help"]])
    func helpPrintsTheUsageAndExits0(arguments: [String]) {
        #expect(decide(arguments) == .exit(stdout: "", stderr: usage, code: 0))
    }

    @Test func aPortThatIsNotANumberStopsTheStart() {
        #expect(decide(["-port=http"]) == .exit(stdout: "", stderr: "error: listen tcp: address http: invalid port\n", code: 1))
    }

    @Test func usageIsGoPrintDefaults() {
        #expect(
            usage == """
                Usage of toxiproxy-server:
                  -config string
                    \tJSON file containing proxies to create on startup
                  -host string
                    \tHost for toxiproxy's API to listen on (default "localhost")
                  -port string
                    \tPort for toxiproxy's API to listen on (default "8474")
                  -proxy-metrics
                    \tenable toxiproxy-specific prometheus metrics (default "false")
                  -runtime-metrics
                    \tenable runtime-related prometheus metrics (default "false")
                  -seed int
                    \tSeed for randomizing toxics with (default 42)
                  -version
                    \tprint the version (default "false")

                """)
    }

    @Test(arguments: [
        ("0", Int64(0)), ("-17", -17), ("+5", 5), ("0x1F", 31), ("0o17", 15), ("017", 15), ("0b101", 5),
        ("1_000", 1000), ("0x_1f", 31), ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
    ])
    func integersParseAsStrconvDoes(text: String, value: Int64) {
        #expect(GoInteger.parse(text) == .success(value))
    }

    @Test(arguments: ["", "-", "08", "0x", "1__0", "_1", "1_", "1.5", "1e3", " 1"])
    func integerSyntaxErrors(text: String) {
        #expect(GoInteger.parse(text) == .failure(.syntax))
    }

    @Test func integerRangeErrors() {
        #expect(GoInteger.parse("9223372036854775808") == .failure(.range))
        #expect(GoInteger.parse("-9223372036854775809") == .failure(.range))
        #expect(GoInteger.parse("0xFFFFFFFFFFFFFFFFF") == .failure(.range))
    }

    @Test func goStyleCommandsAreRecognisedOnlyForToxiproxysFlags() {
        #expect(ToxiproxyServer.isGoStyle(["-host=0.0.0.0"]))
        #expect(ToxiproxyServer.isGoStyle(["-config", "x.json"]))
        #expect(!ToxiproxyServer.isGoStyle(["--host", "x"]))
        #expect(!ToxiproxyServer.isGoStyle(["-h"]))
        #expect(!ToxiproxyServer.isGoStyle(["serve"]))
        #expect(!ToxiproxyServer.isGoStyle([]))
    }
}

/// Validation errors: each rule reports its JSON path, every problem is listed, nothing stops at the first.
import FaultlineCore
import FaultlineExperiment
import Testing

/// A valid file with one part replaced; `extra` adds top-level members.
private func file(
    probes: String = #"{"p": {"tcp": {"address": "127.0.0.1:1"}}}"#,
    steady: String = #"{"baseline": "10s", "tolerances": [{"probe": "p", "minSuccessRate": 1}]}"#,
    faults: String = #"[{"name": "f", "proxy": "x", "at": "10s", "duration": "5s", "down": true}]"#,
    halt: String = "[]", extra: String = ""
) -> String {
    """
    {"version": "faultline.experiment/v1", "title": "t", "probes": \(probes), "steadyState": \(steady),
     "faults": \(faults), "halt": \(halt)\(extra)}
    """
}

private let neverExceeded = ": timeouts count at the timeout value, so this bound could never be exceeded"

private func issues(_ text: String) -> [String] {
    do throws(ExperimentValidationError) {
        _ = try ExperimentFile.decode(Array(text.utf8))
        return []
    } catch {
        return error.issues.map(\.description)
    }
}

@Suite struct ExperimentValidationTests {
    @Test func theBaseFileIsValid() {
        #expect(issues(file()) == [])
    }

    @Test(
        arguments: [
            // The document.
            ("{", ["not JSON: unexpected EOF"]),
            ("[]", ["expected an object, got array"]),
            (
                #"{"version": "faultline.experiment/v1"}"#,
                [
                    "title: required", "probes: required: at least one probe", "steadyState: required",
                    "faults: required: at least one entry",
                ]
            ),
            (file(extra: #", "version": "x""#), ["version: duplicate key"]),
            (file(extra: #", "titel": "t""#), [#"titel: unknown key (did you mean "title"?)"#]),
            (file(extra: #", "colour": true"#), ["colour: unknown key"]),
            (file(extra: #", "seed": -1"#), ["seed: expected an unsigned 64-bit integer, got number -1"]),
            (file(extra: #", "seed": "42""#), [#"seed: expected an unsigned 64-bit integer, got string "42""#]),
            (
                file(extra: #", "admin": "https://h:8474""#),
                [
                    #"admin: "https://h:8474" is not an http://, unix:// or dns:// URL (the admin API is plain HTTP)"#
                ]
            ),
            (
                file(extra: #", "maxDuration": 60"#),
                [
                    #"maxDuration: a bare number (60) is not a duration; write it with a unit: "60ms", "60s" or "60m""#
                ]
            ),
            (
                file(extra: #", "maxDuration": "15s""#),
                [
                    "maxDuration: 15s does not leave room for faults[0] to end (up to 15s)"
                ]
            ),
            (
                file(extra: #", "recovery": {"within": "0s", "stablefor": "1s"}"#),
                [
                    #"recovery.stablefor: unknown key (did you mean "stableFor"?)"#,
                    "recovery.within: must be longer than zero",
                ]
            ),
            (
                file(extra: #", "report": {"json": "", "table": "yes"}"#),
                [
                    "report.json: must not be empty", #"report.table: expected true or false, got string "yes""#,
                ]
            ),
        ] as [(String, [String])])
    func topLevelProblems(text: String, expected: [String]) {
        #expect(issues(text) == expected)
    }

    @Test(
        arguments: [
            (
                #"{}"#,
                [
                    "probes: at least one probe is required",
                    #"steadyState.tolerances[0].probe: no probe named "p" in probes"#,
                ]
            ),
            (
                #"{"Check_out": {"tcp": {"address": "h:1"}}}"#,
                [
                    "probes.Check_out: probe names match [a-z0-9-]+",
                    #"steadyState.tolerances[0].probe: no probe named "p" in probes"#,
                ]
            ),
            (
                #"{"p": {"tcp": {"address": "h:1"}, "http": {"url": "http://h/"}}}"#,
                [
                    #"probes.p: give exactly one of "tcp", "http" or "command" (found 2)"#
                ]
            ),
            (#"{"p": {"every": "1s"}}"#, [#"probes.p: give exactly one of "tcp", "http" or "command" (found 0)"#]),
            (#"{"p": {"tcp": {"address": "h"}}}"#, [#"probes.p.tcp.address: "h" is not host:port"#]),
            (#"{"p": {"tcp": {"address": "h:0"}}}"#, [#"probes.p.tcp.address: "h:0" is not host:port"#]),
            (
                #"{"p": {"tcp": {"addr": "h:1"}}}"#,
                [
                    #"probes.p.tcp.addr: unknown key (did you mean "address"?)"#, "probes.p.tcp.address: required",
                ]
            ),
            (
                #"{"p": {"http": {"url": "https://h/"}}}"#,
                [
                    "probes.p.http.url: https is not supported in v1; probe the service over plain http://"
                ]
            ),
            (
                #"{"p": {"http": {"url": "ftp://h/"}}}"#,
                [#"probes.p.http.url: "ftp://h/" is not an http:// URL with a host"#]
            ),
            (
                #"{"p": {"http": {"url": "http://h/", "method": "get", "status": ["6xx", 99, "300-200", 204]}}}"#,
                [
                    #"probes.p.http.method: "get" is not an HTTP method (GET, POST, …)"#,
                    #"probes.p.http.status[0]: string "6xx" is not a status code 100…599, class or range"#,
                    "probes.p.http.status[1]: number 99 is not a status code 100…599, class or range",
                    #"probes.p.http.status[2]: string "300-200" is not a status code 100…599, class or range"#,
                ]
            ),
            (
                #"{"p": {"http": {"url": "http://h/", "status": [], "headers": {"A": 1}}}}"#,
                [
                    "probes.p.http.headers.A: expected a string, got number 1",
                    #"probes.p.http.status: expected a non-empty array of codes, classes ("2xx") or ranges ("200-399")"#,
                ]
            ),
            (
                #"{"p": {"command": {"argv": [], "expectExit": 256}}}"#,
                [
                    "probes.p.command.argv: expected a non-empty array of strings",
                    "probes.p.command.expectExit: 256 is out of range 0…255",
                ]
            ),
            (
                #"{"p": {"command": {"argv": ["", 1]}}}"#,
                [
                    "probes.p.command.argv[1]: expected a string",
                    "probes.p.command.argv[0]: the program must not be empty",
                ]
            ),
            (
                #"{"p": {"tcp": {"address": "h:1"}, "every": 250, "timeout": "2 s"}}"#,
                [
                    "probes.p.every"
                        + #": a bare number (250) is not a duration; write it with a unit: "250ms", "250s" or "250m""#,
                    #"probes.p.timeout: "2 s" is not a duration; write a number with a unit: "250ms", "30s" or "2m""#,
                ]
            ),
            (
                #"{"p": {"tcp": {"address": "h:1"}, "timeout": "1s", "maxLatency": "1s"}}"#,
                [
                    "probes.p.maxLatency: 1s is not below probes.p.timeout (1s): a sample that slow has already timed out"
                ]
            ),
            (#"{"p": {"tcp": {"address": "h:1"}, "every": "0.5ms"}}"#, ["probes.p.every: must be at least 1ms"]),
        ] as [(String, [String])])
    func probeProblems(probes: String, expected: [String]) {
        #expect(issues(file(probes: probes)) == expected)
    }

    @Test(
        arguments: [
            (#"{"tolerances": []}"#, ["steadyState.baseline: required"]),
            (
                #"{"baseline": "10s", "tolerances": [{"probe": "nope", "p50": "1s"}]}"#,
                [
                    #"steadyState.tolerances[0].probe: no probe named "nope" in probes"#
                ]
            ),
            (
                #"{"baseline": "10s", "tolerances": [{"probe": "p", "p99": "2s", "max": "3s"}]}"#,
                [
                    "steadyState.tolerances[0].p99: 2s is not below probes.p.timeout (2s)" + neverExceeded,
                    "steadyState.tolerances[0].max: 3s is not below probes.p.timeout (2s)" + neverExceeded,
                ]
            ),
            (
                #"{"baseline": "10s", "tolerances": [{"probe": "p"}]}"#,
                [
                    "steadyState.tolerances[0]: nothing to check: give minSuccessRate, maxErrorRate, p50, p95, p99 or max"
                ]
            ),
            (
                #"{"baseline": "10s", "tolerances": [{"probe": "p", "minSuccessRate": 1.5, "p95": 800}]}"#,
                [
                    "steadyState.tolerances[0].minSuccessRate: 1.5 is not between 0 and 1",
                    "steadyState.tolerances[0].p95"
                        + #": a bare number (800) is not a duration; write it with a unit: "800ms", "800s" or "800m""#,
                ]
            ),
            (
                #"{"baseline": "10s", "tolerances": [{"probe": "p", "minSuccessRate": 0.9, "maxErrorRate": 0.1}]}"#,
                [
                    "steadyState.tolerances[0]: give minSuccessRate or maxErrorRate, not both (0.9 and 0.1)"
                ]
            ),
            (
                #"{"baseline": "10s", "tolerances": [{"probe": "p", "p95": "1s", "window": "5s"}]}"#,
                [
                    "steadyState.tolerances[0].window: unknown key"
                ]
            ),
        ] as [(String, [String])])
    func steadyStateProblems(steady: String, expected: [String]) {
        #expect(issues(file(steady: steady)) == expected)
    }

    @Test(
        arguments: [
            (#"[{"probe": "p", "maxErrorRate": 0.2}]"#, ["halt[0].window: required"]),
            (
                #"[{"probe": "p", "maxErrorRate": 0.2, "window": "5s", "minSamples": 0, "armed": "never"}]"#,
                [
                    "halt[0].minSamples: 0 is out of range 1…1000000",
                    #"halt[0].armed: "never" is not "injection" or "always""#,
                ]
            ),
            (#"[{"probe": "q", "p99": "5s", "window": "5s"}]"#, [#"halt[0].probe: no probe named "q" in probes"#]),
            (
                #"[{"probe": "p", "p50": "2s", "window": "5s"}]"#,
                [
                    "halt[0].p50: 2s is not below probes.p.timeout (2s)" + neverExceeded
                ]
            ),
            (#"{"probe": "p"}"#, ["halt: expected an array, got object"]),
        ] as [(String, [String])])
    func haltProblems(halt: String, expected: [String]) {
        #expect(issues(file(halt: halt)) == expected)
    }

    @Test(
        arguments: [
            ("[]", ["faults: at least one entry is required"]),
            (
                #"[{"name": "f", "proxy": "x", "at": "5s", "duration": "5s", "down": true}]"#,
                [
                    "faults[0].at: 5s is before the end of steadyState.baseline (10s); faults start after the baseline"
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": {"min": "9s", "max": "20s"}, "duration": "5s", "down": true}]"#,
                [
                    "faults[0].at.min: 9s is before the end of steadyState.baseline (10s); faults start after the baseline"
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": {"min": "30s", "max": "20s"}, "duration": "5s", "down": true}]"#,
                [
                    "faults[0].at: min (30s) is after max (20s)"
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": {"min": "30s"}, "duration": "5s", "down": true}]"#,
                ["faults[0].at.max: required"]
            ),
            (
                #"[{"name": "f", "proxy": ["a", "b", "a"], "pick": 4, "at": "10s", "duration": "5s", "down": true}]"#,
                [
                    #"faults[0].proxy[2]: "a" is listed twice"#
                ]
            ),
            (
                #"[{"name": "f", "proxy": ["a", "b", "c"], "pick": 4, "at": "10s", "duration": "5s", "down": true}]"#,
                [
                    "faults[0].pick: cannot pick 4 of 3 proxies"
                ]
            ),
            (
                #"[{"name": "f", "proxy": [], "at": "10s", "duration": 30, "down": true}]"#,
                [
                    "faults[0].proxy: expected a proxy name or a non-empty array of names, got array",
                    "faults[0].duration"
                        + #": a bare number (30) is not a duration; write it with a unit: "30ms", "30s" or "30m""#,
                ]
            ),
            (
                #"[{"name": "Bad Name", "at": "10s", "duration": "0s"}]"#,
                [
                    "faults[0].name: fault names match [a-z0-9-]+", "faults[0].proxy: required",
                    "faults[0].duration: must be longer than zero",
                    #"faults[0]: give exactly one of "toxic" or "down""#,
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": "10s", "duration": "5s", "down": false}]"#,
                [
                    "faults[0].down: only true is meaningful; leave the fault out instead"
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": "10s", "duration": "5s", "down": true, "toxic": {"type": "noop"}}]"#,
                [
                    #"faults[0]: give exactly one of "toxic" or "down""#
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": "10s", "duration": "5s", "down": true},"# + "\n"
                    + #" {"name": "g", "proxy": "x", "at": "10s", "duration": "5s", "toxcity": 0.5, "down": true}]"#,
                [
                    "faults[1].toxcity: unknown key"
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": "10s", "duration": "5s","#
                    + #" "toxic": {"type": "latncy", "stream": "sideways", "toxicity": 2}}]"#,
                [
                    // An unknown type is the server's to judge (a warning, `ToxicPassThroughTests`).
                    #"faults[0].toxic.stream: "sideways" is not "upstream", "downstream" or "both""#,
                    "faults[0].toxic.toxicity: 2 is not between 0 and 1",
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": "10s", "duration": "5s", "toxic": {"type": "latency", "name": "n","#
                    + #" "attributes": {"latncy": 1, "jitter": 1.5}}}]"#,
                [
                    "faults[0].toxic.name: unknown key",
                    // An attribute latency does not have is passed through (a warning); a known one is type-checked.
                    "faults[0].toxic.attributes.jitter: expected an integer, got number 1.5",
                ]
            ),
            (
                #"[{"name": "f", "proxy": "x", "at": "10s", "duration": "5s", "down": true},"#
                    + #" {"name": "f", "proxy": "y", "at": "10s", "duration": "5s", "down": true}]"#,
                [
                    #"faults[1].name: "f" is also the name of faults[0]"#
                ]
            ),
            (
                #"[{"name": "a", "proxy": ["x", "y"], "at": "10s", "duration": "5s","#
                    + #" "toxic": {"type": "noop", "stream": "both"}},"#
                    + #" {"name": "a-up", "proxy": "y", "at": "30s", "duration": "5s", "toxic": {"type": "noop"}}]"#,
                [
                    #"faults[1].name: toxic "flx-<run>-a-up" on proxy "y" would also be added by faults[0]; "#
                        + "rename one fault"
                ]
            ),
        ] as [(String, [String])])
    func faultProblems(faults: String, expected: [String]) {
        #expect(issues(file(faults: faults)) == expected)
    }

    @Test func everyProblemIsListedNotJustTheFirst() {
        let text = file(
            probes: #"{"p": {"tcp": {"address": "nope"}, "timeout": 2}}"#,
            faults: #"[{"name": "f", "proxy": "x", "at": "1s", "duration": "5s", "down": true, "extra": 1}]"#,
            halt: #"[{"probe": "z", "window": "1s", "p95": "1s"}]"#
        )
        #expect(
            issues(text) == [
                #"probes.p.timeout: a bare number (2) is not a duration; write it with a unit: "2ms", "2s" or "2m""#,
                #"probes.p.tcp.address: "nope" is not host:port"#,
                "faults[0].extra: unknown key",
                #"halt[0].probe: no probe named "z" in probes"#,
                "faults[0].at: 1s is before the end of steadyState.baseline (10s); faults start after the baseline",
            ]
        )
    }

    @Test func anInvalidFileReportsExit64WithItsIssues() {
        let problems = [ValidationIssue(path: "faults[1].toxcity", message: "unknown key")]
        let report = ExperimentReport.invalid(title: "t", issues: problems)
        #expect(report.status == .invalid)
        #expect(report.exitCode == 64)
        #expect(ExperimentValidationError.exitCode == 64)
        #expect(report.errors == ["faults[1].toxcity: unknown key"])
        let json = String(decoding: report.json(pretty: false), as: UTF8.self)
        #expect(json.contains(#""status":"invalid","exitCode":64"#))
        #expect(ReportTable.render(report).contains("faults[1].toxcity: unknown key"))
    }
}

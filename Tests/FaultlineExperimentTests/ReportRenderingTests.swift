/// The report's JSON (key order, insufficient values, pretty and compact agree) and the plain-text table.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

private func deviatedReport() throws -> ExperimentReport {
    let world = World()
    world.probe = { world, _ in
        world.toxics.contains("api/flx-run1-slow")
            ? (.success(latency: .milliseconds(600)), .milliseconds(600))
            : (.success(latency: .milliseconds(10)), .milliseconds(10))
    }
    world.run(try Scenario.plan(probeExtra: #", "maxLatency": "400ms""#))
    return try #require(world.report)
}

private func keys(_ value: JSONValue?) -> [String] {
    guard case .object(let members)? = value else { return [] }
    return members.map(\.key)
}

private func member(_ value: JSONValue?, _ key: String) -> JSONValue? {
    guard case .object(let members)? = value else { return nil }
    return members.first { $0.key == key }?.value
}

@Suite struct ReportRenderingTests {
    @Test func jsonKeysFollowTheDesignsOrder() throws {
        let report = try deviatedReport()
        let root = try JSONParser.parseFirstValue(report.json())
        #expect(
            keys(root) == [
                "version", "title", "status", "exitCode", "seed", "runId", "startedAt", "durationMs", "dryRun",
                "server",
                "faults", "phases", "probes", "hypothesis", "halt", "recovery", "errors", "warnings",
                // Added after the design's keys, and last, so that every one of them keeps its place.
                "timeline",
            ]
        )
        #expect(member(root, "version") == .string("faultline.report/v1"))
        #expect(member(root, "status") == .string("deviated"))
        #expect(member(root, "exitCode") == .number("1"))
        #expect(member(root, "seed") == .number("7"))
        #expect(member(root, "startedAt") == .string("2026-01-01T00:00:00Z"))
        let web = member(member(root, "probes"), "web")
        #expect(keys(web) == ["baseline", "injection", "recovery", "fault:slow", "firstFailureMs", "ttdMs"])
        let injection = member(web, "injection")
        #expect(
            keys(injection) == [
                "samples", "ok", "errors", "timeouts", "slow", "skipped", "successRate", "p50Ms", "p95Ms", "p99Ms",
                "maxMs",
            ]
        )
        #expect(member(injection, "successRate") == .number("0.25"))
        #expect(member(injection, "p95Ms") == .string("insufficient"))
        #expect(member(web, "ttdMs") == .number("695"))
        #expect(
            keys(member(root, "recovery")) == [
                "recovered", "lastRemovalMs", "stableFromMs", "ttrMs", "evaluated", "withinMs", "stableForMs",
            ])
        #expect(member(root, "halt") == .object([JSONMember(key: "triggered", value: .bool(false))]))
        guard case .array(let faults)? = member(root, "faults") else {
            Issue.record("faults is not an array")
            return
        }
        #expect(
            keys(faults.first) == [
                "name", "proxies", "toxics", "effect", "plannedAtMs", "injectedAtMs", "plannedEndMs", "removedAtMs",
            ])
    }

    @Test func prettyAndCompactJSONAreTheSameDocument() throws {
        let report = try deviatedReport()
        let pretty = report.json(pretty: true)
        let compact = report.json(pretty: false)
        #expect(try JSONParser.parseFirstValue(pretty) == JSONParser.parseFirstValue(compact))
        #expect(pretty.count > compact.count)
        #expect(String(decoding: pretty, as: UTF8.self).contains("\n  \"status\": \"deviated\",\n"))
        #expect(String(decoding: pretty, as: UTF8.self).contains(#""proxies": ["api"]"#))
        #expect(!compact.dropLast().contains(0x0A))
    }

    @Test func hypothesisRowsUseMillisecondsForLatencyAndFractionsForRates() throws {
        let report = try deviatedReport()
        let text = String(decoding: report.json(pretty: false), as: UTF8.self)
        #expect(
            text.contains(
                #"{"phase":"baseline","probe":"web","check":"minSuccessRate","limit":0.9,"observed":1.0,"met":true}"#))
        #expect(
            text.contains(
                #"{"phase":"injection","probe":"web","check":"p95","limitMs":500,"observedMs":"insufficient","met":false}"#
            ))
    }

    @Test func theTableIsPlainTextUnlessColourIsAsked() throws {
        let report = try deviatedReport()
        let plain = ReportTable.render(report, reportPath: "experiment-report.json")
        #expect(
            plain == """
                Faultline experiment  scenario
                seed 7  run run1  DEVIATED (exit 1)  4.0s  report: experiment-report.json

                phase      window         probe          samples  success    p50    p95    p99    max
                baseline   0.0s–1.0s      web                10   100.0%   10ms   10ms   10ms   10ms
                injection  1.0s–3.0s      web                 4    25.0% insuff insuff insuff insuff
                                                        (3 slow, 16 skipped ticks)
                recovery   3.0s–4.0s      web                 6    83.3%   10ms  600ms  600ms  600ms
                                                        (1 slow, 4 skipped ticks)

                hypothesis  baseline met · injection NOT met: web minSuccessRate 25.0% < 90.0%, web p95 insufficient samples · recovery met
                detection   web first failure +0.70s after slow
                halt        not triggered
                recovery    TTR 0.50s (500ms stable window began 0.50s after the last fault was removed)
                faults      slow  api  latency 600ms downstream  +1.005s → +3.005s

                """
        )
        #expect(!plain.contains("\u{1B}"))
        var againstToxiproxy = report
        againstToxiproxy.server = ServerInfo(admin: "http://127.0.0.1:8474", seededToxics: false)
        #expect(
            ReportTable.render(againstToxiproxy).contains(
                "server      http://127.0.0.1:8474 is not Faultline: toxic randomness not reproducible\n"))
        let coloured = ReportTable.render(report, colour: true)
        #expect(coloured.contains("\u{1B}[1;33mDEVIATED (exit 1)\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[31mNOT met\u{1B}[0m"))
    }

    @Test func aFailedRollbackListsLeftoversAndTheCleanupCommand() throws {
        let world = World()
        world.admin = { _, request in
            if case .removeToxic = request { return (.failed("connection refused"), .milliseconds(5)) }
            return (.ok, .milliseconds(5))
        }
        world.run(try Scenario.plan(), at: [(2000, { $0.interrupted(.sigint) })])
        let report = try #require(world.report)
        let table = ReportTable.render(report)
        #expect(table.contains("ROLLBACK-FAILED (exit 70)"))
        #expect(table.contains("LEFTOVERS   toxic flx-run1-slow on api"))
        #expect(table.contains("cleanup     faultline experiment cleanup --admin http://127.0.0.1:8474"))
        let json = String(decoding: report.json(pretty: false), as: UTF8.self)
        #expect(
            json.contains(
                #""leftovers":{"toxics":[{"proxy":"api","name":"flx-run1-slow"}],"disabledProxies":[],"#
                    + #""cleanup":"faultline experiment cleanup --admin http://127.0.0.1:8474"}"#
            )
        )
        #expect(json.contains(#""interrupted":{"signal":"SIGINT","atMs":2000}"#))
    }

    @Test func aHaltIsDescribedWithItsTimings() throws {
        let world = World()
        world.probe = failWhileDisabled("api")
        world.run(try Scenario.plan(faults: Scenario.downFault, halts: haltOnErrors))
        let report = try #require(world.report)
        let table = ReportTable.render(report)
        #expect(
            table.contains(
                "halt        triggered (condition) in injection at +1.401s: web maxErrorRate 66.7% > 50.0%; "
                    + "time to halt 0.396s; rollback 5ms"
            )
        )
        let json = String(decoding: report.json(pretty: false), as: UTF8.self)
        #expect(
            json.contains(
                #""halt":{"triggered":true,"reason":"condition","condition":0,"probe":"web","check":"maxErrorRate","#
                    + #""limit":0.5,"observed":0.6667,"detail":null,"phase":"injection","haltedAtMs":1401,"#
                    + #""rollbackCompletedAtMs":1406,"timeToHaltMs":396,"rollbackMs":5}"#
            )
        )
        #expect(table.contains("faults      cut  api  disabled  +1.005s → +1.406s"))
    }
}

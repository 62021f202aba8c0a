/// Whole runs in-process against a real Faultline on loopback: deviation and detection, a halt with rollback and
/// recovery, the dry run, and files that are refused before anything is touched.
import FaultlineExperiment
import FaultlineRunner
import Testing

/// Runs `text` with the runner (signals left alone), writing the report and state under `directory`.
func runExperiment(
    _ text: String, admin: String, in directory: TemporaryDirectory, dryRun: Bool = false
) throws -> ExperimentReport {
    let configuration = RunConfiguration(
        file: try Experiments.decode(text), admin: admin, seed: 11, runID: "0000abcd", dryRun: dryRun,
        reportPath: directory.file("report.json"), stateDirectory: directory.file("state"), handleSignals: false)
    return ExperimentRunner.run(configuration, console: .silent)
}

// Serialized: each run takes a few seconds of wall time and its figures must not depend on a neighbour's load.
@Suite(.serialized) struct ExperimentRunTests {
    @Test func latencyFaultDeviatesAndIsDetectedWithinTwoSeconds() throws {
        let bed = try TestBed()
        let directory = try TemporaryDirectory()
        let text = Experiments.json(
            admin: bed.admin, url: bed.webURL, faults: Experiments.latency(300),
            probeExtra: #", "maxLatency": "200ms""#,
            tolerances: #"[{"probe": "page", "minSuccessRate": 0.9, "p95": "250ms"}]"#)
        let report = try runExperiment(text, admin: bed.admin, in: directory)

        #expect(report.status == .deviated)
        #expect(report.exitCode == 1)
        let page = try #require(report.probes.first { $0.name == "page" })
        let ttd = try #require(page.ttdMs)
        #expect(ttd > 0 && ttd < 2000)
        #expect(report.recovery.recovered)
        #expect(report.halt == nil)
        #expect(report.server?.seededToxics == true)
        #expect(try bed.leftovers().toxics.isEmpty)
        #expect(directory.read("report.json")?.contains(#""status": "deviated""#) == true)
        #expect(directory.entries("state").isEmpty, "the state file is deleted after a clean finish")
    }

    @Test func downFaultTripsTheHaltRollsBackAndReportsTimeToRecover() throws {
        let bed = try TestBed()
        let directory = try TemporaryDirectory()
        let text = Experiments.json(
            admin: bed.admin, url: bed.webURL, faults: Experiments.downAndSlow(duration: "20s"),
            halts: #"[{"probe": "page", "maxErrorRate": 0.5, "window": "1s", "minSamples": 3}]"#)
        let report = try runExperiment(text, admin: bed.admin, in: directory)

        #expect(report.status == .halted)
        #expect(report.exitCode == 2)
        let halt = try #require(report.halt)
        #expect(halt.reason == "condition")
        let rollback = try #require(halt.rollbackMs)
        #expect(rollback < 2000)
        #expect(try #require(halt.timeToHaltMs) < 5000)
        #expect(report.recovery.recovered)
        #expect(report.recovery.ttrMs != nil)
        #expect(report.faults.allSatisfy { ($0.removedAtMs ?? .max) < $0.plannedEndMs })
        let leftovers = try bed.leftovers()
        #expect(leftovers.toxics.isEmpty)
        #expect(leftovers.disabled.isEmpty)
        #expect(directory.entries("state").isEmpty)
    }

    @Test func dryRunProbesTheBaselineAndInjectsNothing() throws {
        let bed = try TestBed()
        let directory = try TemporaryDirectory()
        let text = Experiments.json(admin: bed.admin, url: bed.webURL, faults: Experiments.downAndSlow(duration: "2s"))
        let report = try runExperiment(text, admin: bed.admin, in: directory, dryRun: true)

        #expect(report.status == .passed)
        #expect(report.dryRun)
        #expect(report.faults.allSatisfy { $0.injectedAtMs == nil })
        #expect((report.probes.first?.stats("baseline")?.samples ?? 0) >= 5)
        #expect(try bed.client.proxies().allSatisfy { $0.enabled && $0.toxics.isEmpty })
        #expect(directory.entries("state").isEmpty)
    }

    @Test func failedBaselineInjectsNothingAndExitsFour() throws {
        let bed = try TestBed { _ in .respond(status: 503, body: "down") }
        let directory = try TemporaryDirectory()
        let text = Experiments.json(admin: bed.admin, url: bed.webURL, faults: Experiments.downAndSlow(duration: "2s"))
        let report = try runExperiment(text, admin: bed.admin, in: directory)

        #expect(report.status == .baselineFailed)
        #expect(report.exitCode == 4)
        #expect(report.faults.allSatisfy { $0.injectedAtMs == nil })
        #expect(try bed.client.proxies().allSatisfy { $0.enabled && $0.toxics.isEmpty })
    }

    @Test func missingProxyIsInvalidBeforeAnyProbeOrChange() throws {
        let bed = try TestBed()
        let directory = try TemporaryDirectory()
        let text = Experiments.json(admin: bed.admin, url: bed.webURL, faults: Experiments.latency(100, proxy: "nope"))
        let report = try runExperiment(text, admin: bed.admin, in: directory)

        #expect(report.status == .invalid)
        #expect(report.exitCode == 64)
        #expect(report.validationIssues.map(\.path) == ["faults[0].proxy"])
        #expect(report.validationIssues.first?.message.contains("nope") == true)
        #expect(bed.web.received.isEmpty, "no probe ran")
        #expect(directory.read("report.json")?.contains(#""status": "invalid""#) == true)
    }

    @Test func unreachableAdminIsInvalidAndNamesTheField() throws {
        let web = try LoopbackHTTPServer()
        let directory = try TemporaryDirectory()
        let admin = "http://127.0.0.1:\(try closedPort())"
        let text = Experiments.json(
            admin: admin, url: "http://127.0.0.1:\(web.port)/", faults: Experiments.latency(100))
        let report = try runExperiment(text, admin: admin, in: directory)

        #expect(report.status == .invalid)
        #expect(report.validationIssues.map(\.path) == ["admin"])
        #expect(web.received.isEmpty)
    }
}

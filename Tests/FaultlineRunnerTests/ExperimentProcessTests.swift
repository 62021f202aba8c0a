/// `faultline experiment` as a user runs it: signals mid-run roll everything back, a SIGKILLed run is undone by
/// `cleanup` from its state file, and an invalid file exits 64 before the admin API hears anything.
import FaultlineTestSupport
import FaultlineClient
import Glibc
import Testing

@Suite(.serialized) struct ExperimentProcessTests {
    /// A run whose faults (a disabled proxy and two toxics) last long enough to be interrupted.
    func startLongRun(_ bed: TestBed, in directory: TemporaryDirectory) throws -> Subprocess {
        let text = Experiments.json(admin: bed.admin, url: bed.webURL, faults: Experiments.downAndSlow(duration: "60s"))
        let file = try directory.write("experiment.json", text)
        return try Subprocess(faultline: [
            "experiment", "run", file, "--admin", bed.admin, "--report", directory.file("report.json"),
            "--state-dir", directory.file("state"),
        ])
    }

    /// Waits until the run has injected everything: the proxy disabled and both toxics present.
    func awaitInjection(_ bed: TestBed) -> Bool {
        TestClock.eventually(timeout: 20) {
            guard let leftovers = try? bed.leftovers() else { return false }
            return leftovers.toxics.count == 2 && leftovers.disabled == ["web"]
        }
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func signalMidRunRollsBackEverything(signal: Int32, exitCode: Int32) throws {
        let bed = try TestBed()
        let directory = try TemporaryDirectory()
        let run = try startLongRun(bed, in: directory)
        #expect(awaitInjection(bed), "\(run.stderr)")
        run.signal(signal)
        // A second signal while the rollback runs must not abandon it.
        run.signal(signal)
        #expect(run.wait(timeout: 20) == exitCode, "\(run.stderr)")
        let leftovers = try bed.leftovers()
        #expect(leftovers.toxics.isEmpty)
        #expect(leftovers.disabled.isEmpty)
        #expect(directory.read("report.json")?.contains(#""status": "interrupted""#) == true)
        #expect(directory.entries("state").isEmpty)
        #expect(run.stdout.contains("INTERRUPTED (exit \(exitCode))"))
    }

    @Test func secondSIGINTDuringTheRollbackDoesNotAbandonIt() throws {
        let gate = try Gate()
        // Faultline as far as the runner can tell, except that removals wait for the gate.
        let admin = try LoopbackHTTPServer { request in
            let server = ["Server: faultline/9.9.9"]
            if request.hasPrefix("DELETE ") { return .held(gate, status: 204, body: "", headers: server) }
            return .respond(status: 200, body: "{}", headers: server)
        }
        let web = try LoopbackHTTPServer()
        let directory = try TemporaryDirectory()
        let url = "http://127.0.0.1:\(admin.port)"
        let text = Experiments.json(
            admin: url, url: "http://127.0.0.1:\(web.port)/", faults: Experiments.latency(100, duration: "60s"))
        let run = try Subprocess(faultline: [
            "experiment", "run", try directory.write("experiment.json", text), "--report",
            directory.file("report.json"),
            "--state-dir", directory.file("state"),
        ])
        #expect(
            TestClock.eventually(timeout: 20) { admin.received.contains { $0.hasPrefix("POST /proxies/web/toxics") } })
        run.signal(SIGINT)
        #expect(TestClock.eventually(timeout: 10) { admin.received.contains { $0.hasPrefix("DELETE ") } })
        run.signal(SIGINT)
        #expect(TestClock.eventually(timeout: 10) { run.stderr.contains("rollback in progress") }, "\(run.stderr)")
        #expect(run.wait(timeout: 0) == nil, "the runner waits for its rollback")
        gate.open()
        #expect(run.wait(timeout: 20) == 130)
        #expect(directory.read("report.json")?.contains(#""status": "interrupted""#) == true)
        #expect(directory.entries("state").isEmpty)
    }

    @Test func cleanupAfterSIGKILLRestoresEverythingFromTheStateFile() throws {
        let bed = try TestBed()
        let directory = try TemporaryDirectory()
        let run = try startLongRun(bed, in: directory)
        #expect(awaitInjection(bed), "\(run.stderr)")
        run.signal(SIGKILL)
        #expect(run.wait(timeout: 10) == 128 + SIGKILL)
        // Nothing rolled back: the crash left the faults in place, and the state file that lists them.
        #expect(try bed.leftovers().disabled == ["web"])
        #expect(directory.entries("state").count == 1)

        let (status, cleanup) = try Subprocess.run(faultline: [
            "experiment", "cleanup", "--admin", bed.admin, "--state-dir", directory.file("state"),
        ])
        #expect(status == 0, "\(cleanup.stderr)")
        #expect(cleanup.stdout.contains("enabled proxy web"))
        let leftovers = try bed.leftovers()
        #expect(leftovers.toxics.isEmpty)
        #expect(leftovers.disabled.isEmpty)
        #expect(directory.entries("state").isEmpty)

        let (again, repeated) = try Subprocess.run(faultline: [
            "experiment", "cleanup", "--admin", bed.admin, "--state-dir", directory.file("state"),
        ])
        #expect(again == 0)
        #expect(repeated.stdout == "nothing to clean up\n")
    }

    @Test func cleanupSweepsStrayRunToxicsButNotOthers() throws {
        let bed = try TestBed()
        let directory = try TemporaryDirectory()
        let client = bed.client
        try client.addToxic(ToxicRequest(name: "flx-deadbeef-old", type: "latency"), to: "web")
        try client.addToxic(ToxicRequest(name: "mine", type: "latency"), to: "web")
        let (status, cleanup) = try Subprocess.run(faultline: [
            "experiment", "cleanup", "--admin", bed.admin, "--state-dir", directory.file("state"),
        ])
        #expect(status == 0, "\(cleanup.stderr)")
        #expect(try client.toxics(of: "web").map(\.name) == ["mine"])
    }

    @Test func invalidFileExits64BeforeTheAdminAPIHearsAnything() throws {
        let admin = try LoopbackHTTPServer()
        let directory = try TemporaryDirectory()
        let url = "http://127.0.0.1:\(admin.port)"
        let text = Experiments.json(admin: url, url: "http://127.0.0.1:9/", faults: Experiments.latency(100))
            .replacing(#""every": "100ms""#, with: #""every": 100"#)
        let file = try directory.write("bad.json", text)

        let (validated, validate) = try Subprocess.run(faultline: ["experiment", "validate", file])
        #expect(validated == 64)
        #expect(
            validate.stderr.contains("probes.page.every: a bare number (100) is not a duration"), "\(validate.stderr)")

        let (ran, run) = try Subprocess.run(faultline: [
            "experiment", "run", file, "--report", directory.file("report.json"), "--state-dir",
            directory.file("state"),
        ])
        #expect(ran == 64)
        #expect(run.stdout.contains("probes.page.every"))
        #expect(directory.read("report.json")?.contains(#""status": "invalid""#) == true)
        #expect(admin.received.isEmpty)
    }
}

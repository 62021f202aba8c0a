/// A fleet experiment end to end: three `faultline serve` instances found through Faultline's own DNS listener,
/// `instances: {count: 2}` reaching exactly two of them (the same two again for the same seed), rollback leaving
/// all three clean, an instance killed mid-run reported as lost, and unreachable instances refused or skipped.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct FleetRunTests {
    @Test func countTwoReachesExactlyTwoAndTheSeedReplaysThem() throws {
        let fleet = try Fleet()
        let admin = "\"dns://fleet.test:\(fleet.adminPort)\""
        let first = try fleet.run(fleet.experiment(admin: admin, instances: #"{"count": 2}"#), seed: 5)
        #expect(first.status == 0, "\(first.process.stderr)")
        #expect(first.seen.count == 2, "\(first.seen)")
        #expect(fleet.injected().isEmpty, "rollback leaves all three clean")
        #expect(first.report.contains(#""status": "passed""#))
        #expect(first.report.contains(#""instances": ["#))

        let again = try fleet.run(fleet.experiment(admin: admin, instances: #"{"count": 2}"#), seed: 5)
        #expect(again.status == 0, "\(again.process.stderr)")
        #expect(again.seen == first.seen, "the same seed picks the same instances")
        #expect(fleet.injected().isEmpty)
    }

    @Test func anInstanceKilledMidRunIsReportedLostAndTheOthersRollBack() throws {
        let fleet = try Fleet()
        let admin = "\"dns://fleet.test:\(fleet.adminPort)\""
        let run = try fleet.run(fleet.experiment(admin: admin, instances: #"{"count": 3}"#), seed: 5) { fleet, _ in
            _ = TestClock.eventually(timeout: 10) { fleet.injected().count == 3 }
            fleet.kill(1)
        }
        #expect(run.status == 2, "halted, not rollback-failed: \(run.process.stderr)")
        #expect(run.report.contains(#""reason": "instanceLost""#), "\(run.report)")
        #expect(run.report.contains(#""status": "lost""#))
        #expect(run.report.contains("http://127.0.0.3:\(fleet.adminPort)"))
        #expect(fleet.injected().isEmpty, "the two that remain are clean")
        #expect(run.process.stderr.contains("instance http://127.0.0.3:\(fleet.adminPort) lost"))
    }

    @Test func anUnreachableInstanceFailsThePreflightUnlessOptional() throws {
        let fleet = try Fleet()
        let dead = "http://127.0.0.9:\(fleet.adminPort)"
        let required = try fleet.run(
            fleet.experiment(admin: "[\"\(fleet.admins[0])\", \"\(dead)\"]", instances: #"{"count": 1}"#), seed: 1)
        #expect(required.status == 64, "\(required.process.stderr)")
        #expect(required.report.contains("cannot use the admin API of \(dead)"))
        #expect(required.seen.isEmpty)

        let optional = try fleet.run(
            fleet.experiment(
                admin: "[\"\(fleet.admins[0])\", {\"url\": \"\(dead)\", \"optional\": true}]", instances: #"{"count": 1}"#),
            seed: 2, extra: ["--dry-run"])
        #expect(optional.status == 0, "\(optional.process.stderr)")
        #expect(optional.report.contains(#""status": "skipped""#))
        #expect(optional.process.stderr.contains("optional instance \(dead) skipped"))
    }
}

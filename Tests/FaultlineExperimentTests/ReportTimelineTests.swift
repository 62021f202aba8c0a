/// The report's per-second timeline: buckets by end time, nearest-rank per bucket, appended last in the JSON.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

@Suite struct ReportTimelineTests {
    /// The deviated scenario: 600 ms samples (slow past 400 ms) while the toxic is on, from 1005 to 3005.
    private func deviated() throws -> ExperimentReport {
        let world = World()
        world.probe = { world, _ in
            world.toxics.contains("api/flx-run1-slow")
                ? (.success(latency: .milliseconds(600)), .milliseconds(600))
                : (.success(latency: .milliseconds(10)), .milliseconds(10))
        }
        world.run(try Scenario.plan(probeExtra: #", "maxLatency": "400ms""#))
        return try #require(world.report)
    }

    @Test func eachSecondHoldsTheSamplesThatEndedInIt() throws {
        let report = try deviated()
        let timeline = try #require(report.timeline)
        #expect(timeline.bucketMs == 1000)
        let web = try #require(timeline.series("web"))
        // 4.0 s of run: four buckets. Samples end at 10…910; 1010 (ok) and 1700 (slow); 2300 and 2900 (slow);
        // 3500 (slow) and 3510…3910 (ok).
        #expect(
            web.buckets == [
                TimelineBucket(samples: 10, failed: 0, p50Ms: 10, p99Ms: 10),
                TimelineBucket(samples: 2, failed: 1, p50Ms: 10, p99Ms: 600),
                TimelineBucket(samples: 2, failed: 2, p50Ms: 600, p99Ms: 600),
                TimelineBucket(samples: 6, failed: 1, p50Ms: 10, p99Ms: 600),
            ])
        let phases = ["baseline", "injection", "recovery"].compactMap { report.probes[0].stats($0) }
        #expect(web.buckets.reduce(0) { $0 + $1.samples } == phases.reduce(0) { $0 + $1.samples })
        #expect(web.buckets[2].errorRate == 1)
    }

    @Test func theJSONCarriesOneArrayPerMeasureAfterEveryOtherKey() throws {
        let json = String(decoding: try deviated().json(pretty: false), as: UTF8.self)
        #expect(
            json.hasSuffix(
                #""timeline":{"bucketMs":1000,"probes":{"web":{"samples":[10,2,2,6],"#
                    + #""failed":[0,1,2,1],"p50Ms":[10,10,600,10],"p99Ms":[10,600,600,600]}}}}"# + "\n"))
    }

    @Test func aBucketWithOnlyFastFailuresHasNoLatency() throws {
        let world = World()
        world.probe = failWhileDisabled("api")
        world.run(try Scenario.plan(faults: Scenario.downFault, halts: haltOnErrors))
        let web = try #require(world.report?.timeline?.series("web"))
        // The halt trips at 1401: samples refused between 1000 and 1400 have no latency, the ok ones do.
        #expect(web.buckets[1].failed == 4)
        #expect(web.buckets[1].p50Ms == 10)
        #expect(web.buckets.count == Int((try #require(world.report?.durationMs) + 999) / 1000))
    }

    @Test func anInvalidReportHasNoTimeline() {
        let report = ExperimentReport.invalid(title: "t", issues: [ValidationIssue(path: "x", message: "bad")])
        #expect(report.timeline == nil)
        #expect(!String(decoding: report.json(), as: UTF8.self).contains("timeline"))
    }
}

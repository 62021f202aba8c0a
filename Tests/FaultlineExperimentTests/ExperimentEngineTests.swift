/// Engine scenarios on virtual time: scripted samples and admin answers, exact instants and action order.
import FaultlineCore
import FaultlineExperiment
import FaultlineTesting
import Testing

@Suite struct ExperimentEngineTests {
    @Test func smoke() throws {
        let world = World()
        world.run(try Scenario.plan())
        print(world.adminLog.joined(separator: "\n"))
        let report = try #require(world.report)
        print(String(decoding: report.json(), as: UTF8.self))
        print(ReportTable.render(report))
        #expect(report.status == .passed)
    }
}

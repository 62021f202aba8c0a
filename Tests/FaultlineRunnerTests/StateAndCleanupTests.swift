/// The state file on disk (durable replace, removal) and `ExperimentCleanup` undoing what one lists.
import FaultlineClient
import FaultlineExperiment
import FaultlinePosix
import Testing

@testable import FaultlineRunner

@Suite struct StateAndCleanupTests {
    @Test func stateFileIsReplacedWholeAndRemoved() throws {
        let directory = try TemporaryDirectory()
        let store = StateStore(directory: directory.file("state/nested"), runID: "0000abcd")
        try store.prepare()
        var state = StateFile(runID: "0000abcd", admin: "http://127.0.0.1:8474")
        try store.write(state)
        state.toxics = [StateFile.Toxic(proxy: "web", name: "flx-0000abcd-slow")]
        state.disabledProxies = ["db"]
        try store.write(state)
        let bytes = try FileReader.read(store.path)
        #expect(try StateFile.decode(bytes) == state)
        #expect(directory.entries("state/nested") == ["0000abcd.state.json"], "no temporary file is left behind")
        try store.remove()
        try store.remove()
        #expect(directory.entries("state/nested").isEmpty)
    }

    @Test func cleanupUndoesTheStateFileThenDeletesIt() throws {
        let bed = try TestBed(extraProxies: ["db"])
        let directory = try TemporaryDirectory()
        let client = bed.client
        try client.addToxic(ToxicRequest(name: "flx-0000abcd-slow", type: "latency"), to: "web")
        try client.update(proxy: "db", enabled: false)
        let store = StateStore(directory: directory.file("state"), runID: "0000abcd")
        try store.prepare()
        try store.write(
            StateFile(
                runID: "0000abcd", admin: bed.admin,
                toxics: [
                    StateFile.Toxic(proxy: "web", name: "flx-0000abcd-slow"),
                    StateFile.Toxic(proxy: "web", name: "flx-0000abcd-never-added"),
                ],
                disabledProxies: ["db"]))

        let outcome = ExperimentCleanup.run(admin: nil, stateDirectory: directory.file("state"))
        #expect(outcome.failed.isEmpty)
        #expect(outcome.done == ["removed toxic flx-0000abcd-slow from web", "enabled proxy db"])
        #expect(try client.proxies().allSatisfy { $0.enabled && $0.toxics.isEmpty })
        #expect(directory.entries("state").isEmpty)
    }

    @Test func cleanupKeepsTheStateFileWhenTheAdminAPIIsGone() throws {
        let directory = try TemporaryDirectory()
        let admin = "http://127.0.0.1:\(try closedPort())"
        let store = StateStore(directory: directory.file("state"), runID: "0000abcd")
        try store.prepare()
        try store.write(StateFile(runID: "0000abcd", admin: admin, disabledProxies: ["db"]))

        let outcome = ExperimentCleanup.run(admin: nil, stateDirectory: directory.file("state"))
        #expect(outcome.failed.count == 1)
        #expect(outcome.failed.first?.hasPrefix("enable proxy db: cannot connect") == true)
        #expect(outcome.unreachable.map(\.admin) == [admin])
        #expect(directory.entries("state") == ["0000abcd.state.json"])
    }
}

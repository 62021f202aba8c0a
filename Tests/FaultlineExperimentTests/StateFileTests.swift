/// The crash-safety state file: round trip, exact bytes, and strict decoding.
import FaultlineExperiment
import Testing

@Suite struct StateFileTests {
    @Test func encodesInAFixedShapeAndDecodesBack() throws {
        let state = StateFile(
            runID: "7f3a9c21", admin: "http://127.0.0.1:8474",
            toxics: [StateFile.Toxic(proxy: "payments", name: "flx-7f3a9c21-slow-payments")],
            disabledProxies: ["cache-b"]
        )
        let text = String(decoding: state.encoded(), as: UTF8.self)
        #expect(
            text
                == #"{"version":"faultline.state/v1","runId":"7f3a9c21","admin":"http://127.0.0.1:8474","#
                + #""toxics":[{"proxy":"payments","name":"flx-7f3a9c21-slow-payments"}],"disabledProxies":["cache-b"]}"#
                + "\n"
        )
        #expect(try StateFile.decode(state.encoded()) == state)
        #expect(!state.isEmpty)
        #expect(StateFile(runID: "r", admin: "a").isEmpty)
    }

    @Test func oddNamesSurviveTheRoundTrip() throws {
        let state = StateFile(runID: "r", admin: "http://h", toxics: [StateFile.Toxic(proxy: "a\"b<c>", name: "é\n")])
        #expect(try StateFile.decode(state.encoded()) == state)
    }

    @Test func strictDecodingNamesEveryProblem() {
        let text = #"{"version":"faultline.state/v2","runId":1,"toxics":[{"proxy":"p"}],"disabledProxies":[3],"x":0}"#
        do throws(ExperimentValidationError) {
            _ = try StateFile.decode(Array(text.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(
                error.issues.map(\.description) == [
                    "x: unknown key", #"version: "faultline.state/v2" is not "faultline.state/v1""#,
                    "runId: expected a string, got number 1", "admin: required", "toxics[0].name: required",
                    "disabledProxies[0]: expected a proxy name",
                ]
            )
        }
    }
}

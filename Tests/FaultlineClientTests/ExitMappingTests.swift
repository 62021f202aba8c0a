/// The one map from failures to messages and exit codes: every kind of failure, and the activity it names.
import FaultlineClient
import FaultlineCore
import Testing

@testable import faultline

@Suite struct ExitMappingTests {
    @Test(arguments: [
        (ExitMapping.Activity.listProxies, "Failed to retrieve proxies"),
        (.retrieveProxy("p"), "Failed to retrieve proxy p"),
        (.createProxy("p"), "Failed to create proxy p"),
        (.toggleProxy("p"), "Failed to toggle proxy p"),
        (.deleteProxy("p"), "Failed to delete proxy p"),
        (.addToxic("t", proxy: "p"), "Failed to add toxic t to proxy p"),
        (.updateToxic("t", proxy: "p"), "Failed to update toxic t on proxy p"),
        (.removeToxic("t", proxy: "p"), "Failed to remove toxic t from proxy p"),
    ])
    func apiFailuresNameWhatWasBeingDone(_ activity: ExitMapping.Activity, prefix: String) {
        let failure = ExitMapping.Failure.client(.api(status: 404, message: "proxy not found"), activity)
        #expect(ExitMapping.message(for: failure) == "\(prefix): HTTP 404: proxy not found")
        #expect(ExitMapping.exitCode(for: failure) == 1)
    }

    @Test func eachKindOfFailureHasItsCode() {
        let transport = TransportError(step: .connect, address: "127.0.0.1:1", reason: "connection refused")
        let cases: [(ExitMapping.Failure, String, Int32)] = [
            (
                .client(.transport(transport), .listProxies),
                "Failed to retrieve proxies: cannot connect to 127.0.0.1:1: connection refused", 69
            ),
            (
                .client(.decoding("not JSON"), .retrieveProxy("p")),
                "Failed to retrieve proxy p: unexpected response: not JSON", 76
            ),
            (
                .client(.invalidEndpoint("x:y", reason: "invalid port"), .listProxies),
                "Invalid --host (or TOXIPROXY_URL) 'x:y': invalid port", 64
            ),
            (
                .argument(.invalidValue(field: "--toxicity", reason: "'2' is not a number from 0 to 1")),
                "Invalid --toxicity: '2' is not a number from 0 to 1", 64
            ),
            (.argument(.invalidStream), "stream was invalid, can be either upstream or downstream", 64),
        ]
        for (failure, message, code) in cases {
            #expect(ExitMapping.message(for: failure) == message)
            #expect(ExitMapping.exitCode(for: failure) == code)
        }
    }
}

/// Fault toxics reach the admin API as written: new types and new attributes pass through, known ones are checked.
import FaultlineCore
import FaultlineExperiment
import Testing

/// Decodes `faults` in a minimal valid file.
private func decode(faults: String) throws -> ExperimentFile {
    let text = """
        {"version": "faultline.experiment/v1", "title": "t", "probes": {"p": {"tcp": {"address": "h:1"}}},
         "steadyState": {"baseline": "1s", "tolerances": [{"probe": "p", "minSuccessRate": 1}]},
         "faults": \(faults), "halt": [{"probe": "p", "maxErrorRate": 0.5, "window": "1s"}]}
        """
    return try ExperimentFile.decode(Array(text.utf8))
}

/// The body of the first toxic of the first fault, without the seed.
private func body(_ file: ExperimentFile) throws -> String {
    let plan = ExperimentPlan(file: file, seed: 1, runID: "r")
    guard case .toxics(let toxics) = plan.faults[0].change, let toxic = toxics.first else {
        throw PassThroughFailure()
    }
    return String(decoding: toxic.body(includeSeed: false), as: UTF8.self)
}

private struct PassThroughFailure: Error {}

@Suite struct ToxicPassThroughTests {
    @Test func faultlinesOwnAttributesAreKnownAndSentInFileOrder() throws {
        // `distribution`, `ttl`, `schedule` (and `clients`, `correlation`, `scope`) are this Faultline's: no
        // warning, and the kind still decodes; they follow the type's own attributes as written.
        let file = try decode(
            faults: """
                [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s",
                  "toxic": {"type": "latency", "attributes": {"ttl": 5000, "latency": 300,
                            "distribution": "pareto", "schedule": {"on": 1000, "off": 2000}}}}]
                """)
        #expect(
            try body(file)
                == #"{"name":"flx-r-f","type":"latency","stream":"downstream","toxicity":1,"#
                + #""attributes":{"latency":300,"jitter":0,"ttl":5000,"distribution":"pareto","#
                + #""schedule":{"on":1000,"off":2000}}}"#)
        #expect(file.warnings.isEmpty)
        guard case .toxic(let toxic) = file.faults[0].action else { throw PassThroughFailure() }
        #expect(toxic.kind == .latency(LatencyAttributes(latency: 300, distribution: "pareto")))
        #expect(toxic.unknownAttributeKeys.isEmpty)
    }

    @Test func aMisspeltNewAttributeIsStillAWarning() throws {
        let file = try decode(
            faults: """
                [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s",
                  "toxic": {"type": "bandwidth", "attributes": {"rate": 5, "scop": "proxy"}}}]
                """)
        guard case .toxic(let toxic) = file.faults[0].action else { throw PassThroughFailure() }
        #expect(toxic.unknownAttributeKeys == ["scop"])
        #expect(file.warnings.count == 1)
    }

    @Test func anUnknownTypeIsSentExactlyAsWritten() throws {
        let file = try decode(
            faults: """
                [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s", "toxic": {"type": "grpc_status",
                  "stream": "upstream", "toxicity": 0.5,
                  "attributes": {"status": 503, "clients": ["10.0.0.1"], "rate": 0.25, "body": "down"}}}]
                """)
        #expect(
            try body(file)
                == #"{"name":"flx-r-f","type":"grpc_status","stream":"upstream","toxicity":0.5,"#
                + #""attributes":{"status":503,"clients":["10.0.0.1"],"rate":0.25,"body":"down"}}"#)
        #expect(
            file.warnings.map(\.description) == [
                #"faults[0].toxic.type: "grpc_status" is not a toxic type this Faultline knows; it is sent as "#
                    + "written and the server decides"
            ])
    }

    @Test func httpToxicsAreSentAsWrittenWithoutAWarning() throws {
        let file = try decode(
            faults: """
                [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s", "toxic": {"type": "http_abort",
                  "toxicity": 0.3, "attributes": {"status": 503, "path": "/pay/*", "headers": {"Retry-After": "1"}}}}]
                """)
        #expect(
            try body(file)
                == #"{"name":"flx-r-f","type":"http_abort","stream":"downstream","toxicity":0.3,"#
                + #""attributes":{"status":503,"path":"/pay/*","headers":{"Retry-After":"1"}}}"#)
        #expect(file.warnings.isEmpty)
    }

    @Test func anUnknownTypeWithoutAttributesSendsAnEmptyObject() throws {
        let file = try decode(
            faults: #"[{"name": "f", "proxy": "x", "at": "1s", "duration": "1s", "toxic": {"type": "http_reset"}}]"#)
        #expect(try body(file).hasSuffix(#""attributes":{}}"#))
    }

    @Test func aTypoIsAWarningWithASuggestionNotAnError() throws {
        let file = try decode(
            faults: """
                [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s",
                  "toxic": {"type": "latncy", "attributes": {"latency": 1}}},
                 {"name": "g", "proxy": "x", "at": "1s", "duration": "1s",
                  "toxic": {"type": "latency", "attributes": {"jiter": 1}}}]
                """)
        #expect(
            file.warnings.map(\.description) == [
                #"faults[0].toxic.type: "latncy" is not a toxic type this Faultline knows (did you mean "#
                    + #""latency"?); it is sent as written and the server decides"#,
                #"faults[1].toxic.attributes.jiter: not an attribute of latency here (did you mean "jitter"?); "#
                    + "it is sent as written and the server decides",
            ])
    }

    @Test func knownAttributesAreStillTypeChecked() {
        #expect(throws: ExperimentValidationError.self) {
            try decode(
                faults: """
                    [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s",
                      "toxic": {"type": "latency", "attributes": {"latency": "300ms", "ttl": 1}}}]
                    """)
        }
    }

    /// Found by the fuzzer: the server reads `latEncy` as `latency` (Go's rule), so passing it through would
    /// override the value the file was checked with and the plan shows.
    @Test func aKeyThatDiffersFromAnAttributeOnlyInCaseIsRefused() {
        do {
            _ = try decode(
                faults: """
                    [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s",
                      "toxic": {"type": "latency", "attributes": {"latency": 0, "latEncy": 600}}}]
                    """)
            Issue.record("a file with latEncy beside latency was accepted")
        } catch {
            #expect(
                "\(error)".contains(
                    #"faults[0].toxic.attributes.latEncy: differs from the attribute "latency" only in case"#))
        }
    }

    @Test func aKnownToxicStillDecodesToItsKindWithDefaults() throws {
        let file = try decode(
            faults: """
                [{"name": "f", "proxy": "x", "at": "1s", "duration": "1s",
                  "toxic": {"type": "slicer", "attributes": {"delay": 5}}}]
                """)
        guard case .toxic(let toxic) = file.faults[0].action else { throw PassThroughFailure() }
        #expect(toxic.kind == .slicer(SlicerAttributes(delay: 5)))
        #expect(toxic.attributes.map(\.key) == ["average_size", "size_variation", "delay"])
        #expect(file.warnings.isEmpty)
    }
}

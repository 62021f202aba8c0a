/// HTTP fault attributes: defaults, the canonical object the API stores and echoes, and a 400 naming each bad field.
import FaultlineCore
import FaultlineHTTPFaults
import Testing

private func parse(_ text: String) throws -> JSONValue { try JSONParser.parseFirstValue(Array(text.utf8)) }

private func text(_ value: JSONValue) -> String {
    var writer = JSONWriter()
    value.write(into: &writer)
    return String(decoding: writer.bytes, as: UTF8.self)
}

private func toxic(_ type: String, _ attributes: String) throws -> ToxicSpec {
    ToxicSpec(name: "t", kind: .http(type: type, attributes: try parse(attributes)))
}

@Suite struct HTTPFaultSpecTests {
    @Test func typeNamesAgreeWithCore() {
        #expect(HTTPFaultKind.typeNames == ToxicKind.httpTypeNames)
        #expect(Set(HTTPFaultKind.attributeKeys.keys) == Set(HTTPFaultKind.typeNames))
    }

    @Test(arguments: [
        ("http_abort",
         #"{"status":503,"body":"","headers":{},"close":false,"methods":[],"path":"","match_headers":{},"host":""}"#),
        ("http_delay", #"{"delay":0,"jitter":0,"phase":"request","methods":[],"path":"","headers":{},"host":""}"#),
        ("http_reset", #"{"at":"before_request","bytes":0,"methods":[],"path":"","headers":{},"host":""}"#),
        ("http_truncate", #"{"bytes":0,"lie":true,"methods":[],"path":"","headers":{},"host":""}"#),
        ("http_header",
         #"{"phase":"request","set":{},"remove":[],"methods":[],"path":"","headers":{},"host":""}"#),
        ("http_status", #"{"status":503,"methods":[],"path":"","headers":{},"host":""}"#),
        ("http_header_faults", #"{"methods":[],"path":"","headers":{},"host":""}"#),
    ])
    func defaultsAreFilledInAndWrittenInTheDocumentedOrder(type: String, expected: String) throws {
        let normalised = try HTTPFaultSpec.normalise(toxic(type, "{}"))
        guard case .http(let name, let attributes) = normalised.kind else { throw Failure("not an HTTP toxic") }
        #expect(name == type && text(attributes) == expected)
    }

    @Test func givenValuesAreKeptAndKeysMatchedCaseInsensitively() throws {
        let given = #"""
            {"HOST":"api.test","Methods":["GET","POST"],"path":"/api/*","match_headers":{"X-Tenant":"a","X-Any":"*"},
             "close":"true","headers":{"Retry-After":"5"},"body":"busy","status":429}
            """#
        let normalised = try HTTPFaultSpec.normalise(toxic("http_abort", given))
        guard case .http(_, let attributes) = normalised.kind else { throw Failure("not an HTTP toxic") }
        #expect(text(attributes)
            == #"{"status":429,"body":"busy","headers":{"Retry-After":"5"},"close":true,"methods":["GET","POST"],"path":"/api/*","match_headers":{"X-Tenant":"a","X-Any":"*"},"host":"api.test"}"#)
        let spec = try HTTPFaultSpec(normalised)
        #expect(spec.match.methods == ["GET", "POST"] && spec.match.host == "api.test")
        #expect(spec.match.headers == [.init(name: "X-Tenant", value: "a"), .init(name: "X-Any", value: nil)])
        // Normalising what was stored changes nothing.
        #expect(try HTTPFaultSpec.normalise(normalised) == normalised)
    }

    @Test func aCommaSeparatedStringIsAList() throws {
        let spec = try HTTPFaultSpec(toxic("http_header", #"{"methods":"GET, PUT","remove":"X-A,X-B"}"#))
        #expect(spec.match.methods == ["GET", "PUT"])
        guard case .header(let a) = spec.kind else { throw Failure("not a header fault") }
        #expect(a.remove == ["X-A", "X-B"])
    }

    @Test(arguments: [
        ("http_abort", #"{"stauts":500}"#, "attributes.stauts", "unknown attribute for http_abort"),
        ("http_delay", #"{"headers":{},"set":{}}"#, "attributes.set", "unknown attribute for http_delay"),
        ("http_header_faults", #"{"status":500}"#, "attributes.status", "unknown attribute for http_header_faults"),
        ("http_abort", #"{"status":99}"#, "attributes.status", "must be between 100 and 599"),
        ("http_abort", #"{"status":600}"#, "attributes.status", "must be between 100 and 599"),
        ("http_status", #"{"status":1000}"#, "attributes.status", "must be between 100 and 599"),
        ("http_status", #"{"status":"200"}"#, "attributes.status", "must be an integer"),
        ("http_abort", #"{"status":200.5}"#, "attributes.status", "must be an integer"),
        ("http_abort", #"{"body":5}"#, "attributes.body", "must be a string"),
        ("http_abort", #"{"close":"yes"}"#, "attributes.close", "must be true or false"),
        ("http_abort", #"{"headers":[]}"#, "attributes.headers", "must be an object of header names to values"),
        ("http_abort", #"{"headers":{"Content-Length":"5"}}"#, "attributes.headers.Content-Length",
         "cannot be set: it frames the message"),
        ("http_abort", #"{"headers":{"X":"a\r\nInjected: 1"}}"#, "attributes.headers.X",
         "must not contain CR, LF or other control characters"),
        ("http_abort", #"{"headers":{"Bad Name":"1"}}"#, "attributes.headers", "\"Bad Name\" is not a valid header name"),
        ("http_delay", #"{"delay":-1}"#, "attributes.delay", "must be between 0 and 3600000 milliseconds"),
        ("http_delay", #"{"jitter":3600001}"#, "attributes.jitter", "must be between 0 and 3600000 milliseconds"),
        ("http_delay", #"{"phase":"both"}"#, "attributes.phase", "must be request or response"),
        ("http_reset", #"{"at":"later"}"#, "attributes.at", "must be before_request, after_request or mid_response"),
        ("http_reset", #"{"at":"mid_response","bytes":-5}"#, "attributes.bytes",
         "must be between 0 and 1099511627776 bytes"),
        ("http_truncate", #"{"lie":1}"#, "attributes.lie", "must be true or false"),
        ("http_header", #"{"set":{"Content-Length":"1"}}"#, "attributes.set.Content-Length",
         "cannot be set: it frames the message"),
        ("http_header", #"{"set":{"transfer-encoding":"chunked"}}"#, "attributes.set.transfer-encoding",
         "cannot be set: it frames the message"),
        ("http_header", #"{"set":{"CONNECTION":"close"}}"#, "attributes.set.CONNECTION",
         "cannot be set: it frames the message"),
        ("http_header", #"{"remove":["X-A","Content-Length"]}"#, "attributes.remove[1]",
         "cannot be removed: it frames the message"),
        ("http_header", #"{"remove":[5]}"#, "attributes.remove[0]", "must be a string"),
        ("http_header", #"{"set":{"X":1}}"#, "attributes.set.X", "must be a string"),
        ("http_status", #"{"methods":["GET","g e t"]}"#, "attributes.methods[1]", "\"g e t\" is not a method token"),
        ("http_status", #"{"methods":5}"#, "attributes.methods", "must be an array of strings"),
        ("http_status", #"{"path":"api/*"}"#, "attributes.path", "must be a path starting with / or *"),
        ("http_status", #"{"path":"/a\tb"}"#, "attributes.path", "must not contain control characters"),
        ("http_status", #"{"path":"/[ab]"}"#, "attributes.path",
         "only * is a wildcard: [, ], {, } and backslashes are not allowed"),
        ("http_status", #"{"host":"a.test:8080"}"#, "attributes.host", "must be a host name without a port"),
        ("http_status", #"{"headers":{"X":5}}"#, "attributes.headers.X", "must be a string"),
        ("http_abort", #"[]"#, "attributes", "must be an object"),
    ])
    func badInputIsA400NamingTheField(type: String, attributes: String, field: String, reason: String) throws {
        let given = try toxic(type, attributes)
        #expect(throws: FaultlineError.invalidValue(field: field, reason: reason)) {
            try HTTPFaultSpec.normalise(given)
        }
    }

    @Test func theMessageReadsLikeTheOtherToxics() throws {
        let given = try toxic("http_abort", #"{"status":700}"#)
        do {
            _ = try HTTPFaultSpec.normalise(given)
            Issue.record("accepted")
        } catch {
            #expect(error.message == "invalid value for attributes.status: must be between 100 and 599")
        }
    }

    @Test func otherKindsAreNotHTTPFaults() {
        #expect(throws: FaultlineError.invalidToxicType) {
            try HTTPFaultSpec(ToxicSpec(kind: .latency(LatencyAttributes())))
        }
        #expect(throws: FaultlineError.invalidToxicType) {
            try HTTPFaultSpec(ToxicSpec(kind: .http(type: "http_nope", attributes: .object([]))))
        }
    }

    @Test func aPatchIsCheckedWholeAfterCoreMergesIt() throws {
        let stored = try HTTPFaultSpec.normalise(toxic("http_delay", #"{"delay":100,"path":"/a"}"#))
        let patched = try stored.applyingPatchBody(Array(#"{"attributes":{"DELAY":250}}"#.utf8))
        let normalised = try HTTPFaultSpec.normalise(patched)
        guard case .http(_, let attributes) = normalised.kind else { throw Failure("not an HTTP toxic") }
        #expect(text(attributes) == #"{"delay":250,"jitter":0,"phase":"request","methods":[],"path":"/a","headers":{},"host":""}"#)
        let bad = try stored.applyingPatchBody(Array(#"{"attributes":{"delay":-5}}"#.utf8))
        #expect(throws: FaultlineError.invalidValue(
            field: "attributes.delay", reason: "must be between 0 and 3600000 milliseconds")) {
            try HTTPFaultSpec.normalise(bad)
        }
    }
}

/// A test-only error with a message.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

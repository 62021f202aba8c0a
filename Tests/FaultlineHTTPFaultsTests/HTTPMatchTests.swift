/// Which requests a fault matches: methods (case-sensitive), path globs, header values, host without port.
import FaultlineCore
import Testing

@testable import FaultlineHTTPFaults

/// Whether a fault with these matching attributes acts on `request` (it aborts it when it does).
private func acts(_ attributes: String, on request: String) throws -> Bool {
    let h = ExchangeHarness([try fault("http_abort", attributes)])
    h.client(request)
    return h.upstreamText.isEmpty
}

@Suite struct HTTPMatchTests {
    @Test(arguments: [
        ("/api/*", "/api/a/b", true), ("/api/*", "/api/", true), ("/api/*", "/api", false),
        ("/api/*", "/v1/api/x", false), ("*/users", "/v1/users", true), ("/a*b*c", "/a-x-b-y-c", true),
        ("/a*b*c", "/a-c-b", false), ("/exact", "/exact", true), ("/exact", "/exact/", false),
        ("/what?", "/what?", true), ("/what?", "/whatX", false), ("*", "/anything/at/all", true),
        ("/a*a", "/a", false), ("/a*a", "/aa", true), ("/*.png", "/img/x.png", true),
    ])
    func globs(pattern: String, path: String, matches: Bool) throws {
        let glob = try PathGlob(pattern)
        #expect(Array(path.utf8).withUnsafeBytes { glob.matches($0) } == matches)
    }

    @Test func pathIgnoresTheQueryAndIsPercentDecoded() throws {
        #expect(try acts(#"{"path":"/a b"}"#, on: get("/a%20b?x=1")))
        #expect(try acts(#"{"path":"/a%20b/*"}"#, on: get("/a%20b/c")))
        #expect(try !acts(#"{"path":"/a%2A"}"#, on: get("/ab")))
        #expect(try acts(#"{"path":"/search"}"#, on: get("/search?q=/other")))
        #expect(try !acts(#"{"path":"/search"}"#, on: get("/search/x")))
        #expect(try acts(#"{"path":"/p"}"#, on: "GET http://example.test/p?q HTTP/1.1\r\nHost: example.test\r\n\r\n"))
        #expect(try acts(#"{"path":"/"}"#, on: "GET http://example.test HTTP/1.1\r\nHost: example.test\r\n\r\n"))
    }

    @Test func methodsAreCaseSensitive() throws {
        #expect(try acts(#"{"methods":["POST","GET"]}"#, on: get("/")))
        #expect(try !acts(#"{"methods":["get"]}"#, on: get("/")))
    }

    @Test func headerNamesIgnoreCaseValuesAreExactAndStarMeansPresent() throws {
        let request = get("/", "x-tenant: blue\r\nX-Trace: 1\r\n")
        #expect(try acts(#"{"match_headers":{"X-Tenant":"blue"}}"#, on: request))
        #expect(try !acts(#"{"match_headers":{"X-Tenant":"Blue"}}"#, on: request))
        #expect(try acts(#"{"match_headers":{"x-trace":"*","X-TENANT":"blue"}}"#, on: request))
        #expect(try !acts(#"{"match_headers":{"X-Missing":"*"}}"#, on: request))
    }

    @Test func hostIgnoresPortAndCase() throws {
        #expect(try acts(#"{"host":"Example.TEST"}"#, on: "GET / HTTP/1.1\r\nHost: example.test:8080\r\n\r\n"))
        #expect(try !acts(#"{"host":"other.test"}"#, on: get("/")))
        #expect(try acts(#"{"host":"[::1]"}"#, on: "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n"))
    }

    @Test func everyConditionMustHold() throws {
        let attributes = #"{"methods":["GET"],"path":"/api/*","host":"example.test","match_headers":{"X-A":"1"}}"#
        #expect(try acts(attributes, on: get("/api/v", "X-A: 1\r\n")))
        #expect(try !acts(attributes, on: get("/api/v")))
        #expect(try !acts(attributes, on: get("/v", "X-A: 1\r\n")))
    }
}

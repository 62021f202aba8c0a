/// Routing as gorilla/mux does it for Toxiproxy's route table.
import FaultlineHTTP
import Testing

func toxiproxyRouter() -> Router<String> {
    var router = Router<String>()
    router.add([.post], "/reset", "reset")
    router.add([.get], "/proxies", "index")
    router.add([.post], "/proxies", "create")
    router.add([.post], "/populate", "populate")
    router.add([.get], "/proxies/:proxy", "show")
    router.add([.post, .patch], "/proxies/:proxy", "update")
    router.add([.delete], "/proxies/:proxy", "delete")
    router.add([.get], "/proxies/:proxy/toxics", "toxics")
    router.add([.post], "/proxies/:proxy/toxics", "addToxic")
    router.add([.get], "/proxies/:proxy/toxics/:toxic", "toxic")
    router.add([.post, .patch], "/proxies/:proxy/toxics/:toxic", "updateToxic")
    router.add([.delete], "/proxies/:proxy/toxics/:toxic", "removeToxic")
    router.add([.get], "/version", "version")
    router.add(nil, "/metrics", "metrics")
    return router
}

enum Outcome: Equatable {
    case handler(String, [String: String])
    case methodNotAllowed, notFound
    case redirect(String)
}

func route(_ method: HTTPMethod, _ path: String, query: String? = nil) -> Outcome {
    switch toxiproxyRouter().match(method: method, path: path, query: query) {
    case .matched(let handler, let parameters):
        var values: [String: String] = [:]
        for name in ["proxy", "toxic"] { values[name] = parameters[name] }
        return .handler(handler, values)
    case .methodNotAllowed: return .methodNotAllowed
    case .notFound: return .notFound
    case .redirect(let location): return .redirect(location)
    }
}

@Suite struct RouterTests {
    @Test(
        arguments: [
            (HTTPMethod.get, "/version", Outcome.handler("version", [:])),
            (.post, "/reset", .handler("reset", [:])),
            (.get, "/proxies", .handler("index", [:])),
            (.post, "/proxies", .handler("create", [:])),
            (.get, "/proxies/p1", .handler("show", ["proxy": "p1"])),
            (.post, "/proxies/p1", .handler("update", ["proxy": "p1"])),
            (.patch, "/proxies/p1", .handler("update", ["proxy": "p1"])),
            (.delete, "/proxies/a b", .handler("delete", ["proxy": "a b"])),
            (.get, "/proxies/é/toxics", .handler("toxics", ["proxy": "é"])),
            (.patch, "/proxies/p/toxics/t", .handler("updateToxic", ["proxy": "p", "toxic": "t"])),
            (.put, "/metrics", .handler("metrics", [:])),
            (.get, "/metrics", .handler("metrics", [:])),
        ] as [(HTTPMethod, String, Outcome)]
    )
    func matches(method: HTTPMethod, path: String, outcome: Outcome) {
        #expect(route(method, path) == outcome)
    }

    @Test(
        arguments: [
            (HTTPMethod.put, "/proxies/p1"), (.options, "/proxies"), (.head, "/version"), (.get, "/reset"),
            (HTTPMethod(rawValue: "get"), "/version"), (HTTPMethod(rawValue: "FOO"), "/populate"),
            (.put, "/proxies/p/toxics/t"),
        ] as [(HTTPMethod, String)]
    )
    func wrongMethodOnAKnownPathIs405(method: HTTPMethod, path: String) {
        #expect(route(method, path) == .methodNotAllowed)
    }

    @Test(arguments: [
        "/proxies/", "/nothing", "/", "/proxies/a/b", "/proxies/p/toxics/", "/Version",
        "/proxies/p/toxics/t/x",
    ])
    func unknownPathsAre404(path: String) {
        #expect(route(.get, path) == .notFound)
    }

    @Test func encodedSlashesSplitTheDecodedPath() {
        // `/proxies/a%2Fb` decodes to `/proxies/a/b`, two segments: a name with "/" cannot be addressed.
        #expect(route(.get, "/proxies/a/b") == .notFound)
        #expect(route(.get, "/proxies/a/toxics") == .handler("toxics", ["proxy": "a"]))
    }

    @Test(
        arguments: [
            ("/proxies//p1", "/proxies/p1"), ("/proxies/./p1", "/proxies/p1"), ("/proxies/x/../p1", "/proxies/p1"),
            ("/proxies/..", "/"), ("", "/"), ("//", "/"), ("/proxies/a b/../c d", "/proxies/c%20d"),
            ("/proxies/x/../é", "/proxies/%C3%A9"), ("/a//b/", "/a/b/"), ("*", "/%2A"), ("/a?b/./c", "/a%3Fb/c"),
        ] as [(String, String)]
    )
    func uncleanPathsRedirect(path: String, location: String) {
        #expect(route(.get, path) == .redirect(location))
    }

    @Test func redirectKeepsTheQuery() {
        #expect(route(.get, "//version", query: "a=1") == .redirect("/version?a=1"))
    }
}

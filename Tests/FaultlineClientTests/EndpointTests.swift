/// `--host`/`TOXIPROXY_URL` parsing: the spellings toxiproxy-cli accepts, and clear refusals.
import FaultlineClient
import Testing

@Suite struct EndpointTests {
    @Test(arguments: [
        ("http://localhost:8474", "localhost", UInt16(8474), ""),
        ("localhost:8474", "localhost", 8474, ""),
        ("127.0.0.1:1", "127.0.0.1", 1, ""),
        ("http://[::1]:8474/", "::1", 8474, ""),
        ("[::1]:9", "::1", 9, ""),
        ("http://toxiproxy", "toxiproxy", 80, ""),
        ("http://h:8474/prefix/", "h", 8474, "/prefix"),
    ])
    func accepted(_ text: String, host: String, port: UInt16, basePath: String) throws {
        #expect(try Endpoint(parsing: text) == Endpoint(host: host, port: port, basePath: basePath))
    }

    @Test(arguments: [
        ("https://h:8474", "https is not supported; the admin API speaks plain http"),
        ("ftp://h:1", "only http:// URLs are supported"),
        ("http://", "no host"),
        ("h:port", "invalid port"),
        ("h:70000", "invalid port"),
        ("a:b:c", "too many colons in address"),
        (":8474", "no host"),
    ])
    func refused(_ text: String, reason: String) {
        #expect(throws: ClientError.invalidEndpoint(text, reason: reason)) { try Endpoint(parsing: text) }
    }

    @Test func describesItselfAsAURL() throws {
        #expect(try Endpoint(parsing: "[::1]:8474").description == "http://[::1]:8474")
        #expect(Endpoint.default.description == "http://localhost:8474")
    }
}

/// Clients that vanish mid-request and mid-response under every HTTP fault: the server stays up, others keep their bytes.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct HTTPClientKillTests {
    /// One toxic per type, each matching its own path prefix.
    static let toxics: [String] = [
        ("abort", #""type":"http_abort","attributes":{"status":503"#),
        ("abortclose", #""type":"http_abort","attributes":{"status":503,"close":true"#),
        ("delayin", #""type":"http_delay","attributes":{"delay":50"#),
        ("delayout", #""type":"http_delay","attributes":{"delay":50,"phase":"response""#),
        ("before", #""type":"http_reset","attributes":{"at":"before_request""#),
        ("after", #""type":"http_reset","attributes":{"at":"after_request""#),
        ("mid", #""type":"http_reset","attributes":{"at":"mid_response","bytes":5000"#),
        ("truncate", #""type":"http_truncate","attributes":{"bytes":5000"#),
        ("reqheader", #""type":"http_header","attributes":{"set":{"X-A":"1"}"#),
        ("respheader", #""type":"http_header","attributes":{"phase":"response","set":{"X-A":"1"}"#),
        ("status", #""type":"http_status","attributes":{"status":502"#),
        ("control", #""type":"http_header_faults","attributes":{"#),
    ].map(toxic)

    static func toxic(_ entry: (name: String, body: String)) -> String {
        let comma = entry.body.hasSuffix("{") ? "" : ","
        return #"{"name":"\#(entry.name)",\#(entry.body)\#(comma)"path":"/f/\#(entry.name)/*"}}"#
    }

    /// Sends `bytes`, reads up to `read` bytes of the answer, then closes with RST or FIN.
    static func vanish(_ h: HTTPHarness, sending bytes: [UInt8], reading read: Int, reset: Bool) {
        guard let socket = try? h.proxy.connect() else { return }
        try? socket.send(bytes)
        var got = 0
        while got < read, let chunk = try? socket.receive(timeout: 2), !chunk.isEmpty { got += chunk.count }
        if reset { socket.reset() } else { socket.close() }
    }

    @Test func theServerSurvivesAndOtherConnectionsKeepTheirBytes() throws {
        let h = try HTTPHarness(toxics: Self.toxics)
        let size = 50_000_000
        let socket = try h.proxy.connect()
        try socket.send(HTTPReader.request("GET", "/stream/\(size)"))
        let result = Flag<(count: Int, hash: String)?>(nil)
        Thread.detach {
            var digest = SHA256()
            let response = try? HTTPReader(socket).readResponse(timeout: 60) { digest.update($0) }
            result.store((response?.bodyCount ?? -1, SHA256.hex(digest.finalize())))
        }
        for name in ["abort", "abortclose", "delayin", "delayout", "before", "after", "mid", "truncate", "reqheader",
                     "respheader", "status", "control"] {
            let path = "/f/\(name)/size/1000000"
            let control = name == "control" ? ["x-faultline-delay: 20"] : []
            let full = HTTPReader.request("GET", path, headers: control)
            for reset in [true, false] {
                // Mid-request: half a head, then a head with a body that never comes.
                Self.vanish(h, sending: Array(full.prefix(full.count / 2)), reading: 0, reset: reset)
                Self.vanish(h, sending: HTTPReader.request("POST", path, headers: ["Content-Length: 100000"]),
                            reading: 0, reset: reset)
                // Mid-response, and pipelined requests left unread.
                Self.vanish(h, sending: full, reading: 2000, reset: reset)
                Self.vanish(h, sending: full + full + full, reading: 1, reset: reset)
            }
        }
        #expect(TestClock.eventually(timeout: 60) { result.load() != nil })
        #expect(result.load()?.count == size)
        #expect(result.load()?.hash == h.origin.sentHash)
        let client = try h.client()
        #expect(try h.exchange(client, "GET", "/f/status/x").status == 502)
        #expect(try h.exchange(client, "GET", "/plain").status == 200)
        client.socket.close()
        socket.close()
        #expect(TestClock.eventually(timeout: 10) { h.proxy.activeConnections() == 0 },
                "\(h.proxy.server.perform { $0.debugState(proxy: "p") })")
    }
}

/// The `tls_*` toxics as real clients meet them: curl's exit codes, Python's reasons, the stall measured.
import FaultlineTestSupport
import Testing

@Suite(.serialized) struct TLSFaultTests {
    /// Each certificate mode: curl's exit code, and what Python's verification says.
    static let certificateCases: [(mode: String, curl: Set<Int32>, python: String)] = [
        ("expired", [60], "certificate has expired"),
        ("not_yet_valid", [60], "certificate is not yet valid"),
        // curl 7.88 reports a name mismatch as 60; older ones said 51.
        ("wrong_host", [51, 60], "Hostname mismatch"),
        ("self_signed", [60], "self-signed certificate"),
        ("untrusted", [60], "self-signed certificate in certificate chain"),
    ]

    @Test func everyCertificateModeIsRefusedByCurlAndPython() throws {
        let h = try TLSHarness()
        let port = try h.createProxy("web", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        for (mode, curlCodes, reason) in Self.certificateCases {
            try h.addToxic("web", "{\"name\":\"cert\",\"type\":\"tls_certificate\",\"attributes\":{\"mode\":\"\(mode)\"}}")
            let curl = try h.curl(port, ca: ca)
            #expect(curlCodes.contains(curl.status), "\(mode): curl exited \(curl.status): \(curl.stderr)")
            let python = try h.python(port, ca: ca).stdout
            #expect(python.hasPrefix("SSLCertVerificationError") && python.contains(reason), "\(mode): \(python)")
            #expect(try h.request("DELETE", "/proxies/web/toxics/cert").status == 204)
            // Removed: the next connection gets the real certificate.
            #expect(try h.curl(port, ca: ca).stdout == "200", "\(mode)")
        }
    }

    @Test func aStalledHandshakeIsMeasuredAndThenCompletes() throws {
        let h = try TLSHarness()
        let port = try h.createProxy("web", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        try h.addToxic("web", #"{"name":"stall","type":"tls_handshake","attributes":{"delay":700}}"#)
        let timed = try h.curl(port, ca: ca, ["-o", "/dev/null", "-w", "%{http_code} %{time_connect} %{time_appconnect}"])
        let parts = timed.stdout.split(separator: " ").map(String.init)
        let handshake = (Double(parts.last ?? "") ?? 0) - (Double(parts.count == 3 ? parts[1] : "") ?? 0)
        #expect(parts.first == "200" && handshake >= 0.7 && handshake < 5, "\(timed.stdout) \(timed.stderr)")
        // Python's own timeout fires first when the stall is longer than it waits.
        try h.request("DELETE", "/proxies/web/toxics/stall")
        try h.addToxic("web", #"{"name":"stall","type":"tls_handshake","attributes":{"delay":5000}}"#)
        let script = """
            import socket, ssl, sys
            context = ssl.create_default_context(cafile=sys.argv[2])
            try:
                context.wrap_socket(socket.create_connection(("localhost", int(sys.argv[1])), timeout=0.5), server_hostname="localhost")
                print("connected")
            except Exception as error:
                print(type(error).__name__)
            """
        #expect(try TLSHarness.run(["python3", "-c", script, String(port), ca]).stdout == "TimeoutError\n")
    }

    @Test func anAbortedHandshakeSendsTheAlertNamed() throws {
        let h = try TLSHarness()
        let port = try h.createProxy("web", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        try h.addToxic("web", #"{"name":"no","type":"tls_handshake","attributes":{"alert":"handshake_failure"}}"#)
        let curl = try h.curl(port, ca: ca)
        #expect(curl.status == 35 && curl.stderr.contains("handshake failure"), "\(curl.status) \(curl.stderr)")
        let python = try h.python(port, ca: ca).stdout
        #expect(python.hasPrefix("SSLError") && python.contains("HANDSHAKE_FAILURE"), "\(python)")
        // After a delay, with another alert.
        try h.request("DELETE", "/proxies/web/toxics/no")
        try h.addToxic("web", #"{"name":"no","type":"tls_handshake","attributes":{"delay":300,"alert":"protocol_version"}}"#)
        let late = try h.curl(port, ca: ca)
        #expect(late.status == 35 && late.stderr.contains("protocol version"), "\(late.status) \(late.stderr)")
    }

    @Test func aResetMidHandshakeReachesTheClientAsReset() throws {
        let h = try TLSHarness()
        let port = try h.createProxy("web", tls: #"{"listen":{"auto":true}}"#)
        let ca = try h.caFile()
        try h.addToxic("web", #"{"name":"rst","type":"tls_handshake","attributes":{"delay":100,"reset":true}}"#)
        let curl = try h.curl(port, ca: ca)
        #expect(curl.status == 35 && curl.stderr.lowercased().contains("reset"), "\(curl.status) \(curl.stderr)")
        let python = try h.python(port, ca: ca).stdout
        #expect(python.hasPrefix("ConnectionResetError"), "\(python)")
    }

    @Test func tlsToxicsNeedAProxyThatTerminatesTLS() throws {
        let h = try TLSHarness()
        try h.createProxy("plain", tls: nil)
        try h.createProxy("originating", tls: #"{"upstream":{"verify":false}}"#)
        for proxy in ["plain", "originating"] {
            let refused = try h.request(
                "POST", "/proxies/\(proxy)/toxics", #"{"type":"tls_certificate","attributes":{"mode":"expired"}}"#)
            #expect(refused.status == 400 && refused.bodyText.contains("terminates TLS"), "\(refused.bodyText)")
        }
        try h.createProxy("web", tls: #"{"listen":{"auto":true}}"#)
        let badMode = try h.request("POST", "/proxies/web/toxics", #"{"type":"tls_certificate","attributes":{"mode":"old"}}"#)
        #expect(badMode.status == 400 && badMode.bodyText.contains("attributes.mode"))
        let badAlert = try h.request("POST", "/proxies/web/toxics", #"{"type":"tls_handshake","attributes":{"alert":"nope"}}"#)
        #expect(badAlert.status == 400 && badAlert.bodyText.contains("unknown TLS alert"))
        let shown = try h.request("POST", "/proxies/web/toxics", #"{"type":"tls_handshake","attributes":{"delay":10}}"#)
        #expect(shown.bodyText.contains(#""attributes":{"delay":10,"alert":"","reset":false}"#), "\(shown.bodyText)")
        // A proxy with tls_* toxics keeps its listener's TLS.
        let strip = try h.request("PATCH", "/proxies/web", #"{"tls":{"upstream":{"verify":false}}}"#)
        #expect(strip.status == 400 && strip.bodyText.contains("terminates TLS"))
    }
}

/// /metrics of a real server: the process as Go reports it, the loops, and toxics caught in the act.
import FaultlineTestSupport
import Glibc
import Testing

@Suite(.serialized) struct MetricsSocketTests {
    /// The value of the series `line` starts with (name and labels, as written).
    static func value(_ body: String, _ series: String) -> Double? {
        body.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test func processAndLoopFiguresAreReal() throws {
        let server = try AdminServer(runtimeMetrics: true, threads: 2)
        let body = try server.client().send("GET", "/metrics").bodyText
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let started = try #require(Self.value(body, "process_start_time_seconds"))
        // The test process started the server moments ago (Toxiproxy-era builds reported 0 here).
        #expect(abs(started - Double(now.tv_sec)) < 600, "\(started)")
        #expect((Self.value(body, "process_max_fds") ?? 0) > 0)
        #expect((Self.value(body, "process_virtual_memory_bytes") ?? 0) > (Self.value(body, "process_resident_memory_bytes") ?? 0))
        #expect((Self.value(body, "process_cpu_seconds_total") ?? -1) >= 0)
        for loop in ["control", "0", "1"] {
            let ratio = try #require(Self.value(body, #"faultline_loop_busy_ratio{loop="\#(loop)"}"#))
            #expect(ratio >= 0 && ratio <= 1)
        }
    }

    @Test func aLatencyToxicShowsWhatItHoldsAndDelays() throws {
        let echo = try TestUpstream.echo()
        let server = try AdminServer(proxyMetrics: true)
        let port = try server.createProxy("p", upstream: "127.0.0.1:\(echo.port)")
        let admin = try server.client()
        let toxic = #"{"name":"slow","type":"latency","stream":"upstream","attributes":{"latency":2000}}"#
        #expect(try admin.send("POST", "/proxies/p/toxics", toxic).status == 200)
        let client = try BlockingSocket.connect(port: port)
        try client.send([UInt8](repeating: 1, count: 5000))
        var body = ""
        #expect(TestClock.eventually(timeout: 5) {
            body = (try? admin.send("GET", "/metrics").bodyText) ?? ""
            return Self.value(body, #"faultline_toxic_held_bytes{proxy="p",toxic="slow"}"#) == 5000
        }, "\(body)")
        #expect(Self.value(body, #"faultline_toxic_connections{proxy="p",toxic="slow"}"#) == 1)
        // Removing it flushes what it held; its series end with it (toxiproxy's applied count stays).
        #expect(try admin.send("DELETE", "/proxies/p/toxics/slow").status == 204)
        #expect(try client.receive(exactly: 5000).count == 5000)
        let after = try admin.send("GET", "/metrics").bodyText
        #expect(!after.contains(#"faultline_toxic_held_bytes{proxy="p",toxic="slow"}"#))
        #expect(!after.contains(#"faultline_toxic_delayed_events_total{proxy="p",toxic="slow"}"#))
    }
}

/// Shorthands for driving toxics through the `ProxyControl` seam the admin API uses.
import FaultlineAdmin
import FaultlineCore
import FaultlineServer

extension ProxyHarness {
    @discardableResult
    func add(_ kind: ToxicKind, _ stream: Direction = .downstream, name: String? = nil, toxicity: Float = 1,
             proxy: String = "p") throws -> ToxicSpec {
        let spec = ToxicSpec(name: name, kind: kind, stream: stream, toxicity: toxicity)
        return try server.control { control throws(FaultlineError) in try control.addToxic(spec, to: proxy) }
    }

    func update(_ name: String, _ kind: ToxicKind, toxicity: Float = 1, proxy: String = "p") throws {
        let spec = ToxicSpec(name: name, kind: kind, toxicity: toxicity)
        _ = try server.control { control throws(FaultlineError) in try control.updateToxic(named: name, on: proxy, to: spec) }
    }

    func remove(_ name: String, proxy: String = "p") throws {
        try server.control { control throws(FaultlineError) in try control.removeToxic(named: name, from: proxy) }
    }
}

extension BlockingSocket {
    /// Sends `message` and waits for the same number of bytes back; returns the round trip in seconds.
    func roundTrip(_ message: [UInt8] = [0x2a], timeout: Double = 10) throws -> Double {
        let start = TestClock.now()
        try send(message)
        _ = try receive(exactly: message.count, timeout: timeout)
        return TestClock.now() - start
    }
}

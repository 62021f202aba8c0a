/// The timeline as JSON: one array per measure, so a ten-minute run of five probes stays a few tens of kilobytes.
import FaultlineCore

extension ReportTimeline {
    /// `{"bucketMs":1000,"probes":{"web":{"samples":[…],"failed":[…],"p50Ms":[…],"p99Ms":[…]}}}`.
    func write(into w: inout JSONWriter) {
        w.raw("{\"bucketMs\":\(bucketMs),\"probes\":{")
        for (index, probe) in probes.enumerated() {
            if index > 0 { w.raw(",") }
            w.key(probe.name)
            w.raw("{\"samples\":")
            Self.write(probe.buckets.map { String($0.samples) }, into: &w)
            w.raw(",\"failed\":")
            Self.write(probe.buckets.map { String($0.failed) }, into: &w)
            w.raw(",\"p50Ms\":")
            Self.write(probe.buckets.map { $0.p50Ms.map(String.init) ?? "null" }, into: &w)
            w.raw(",\"p99Ms\":")
            Self.write(probe.buckets.map { $0.p99Ms.map(String.init) ?? "null" }, into: &w)
            w.raw("}")
        }
        w.raw("}}")
    }

    private static func write(_ literals: [String], into w: inout JSONWriter) {
        w.raw("[" + literals.joined(separator: ",") + "]")
    }
}

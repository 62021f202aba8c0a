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

extension ReportTimeline {
    /// Reads the object `write(into:)` writes; every probe's arrays must have the same length as its `samples`.
    static func decode(_ object: ObjectReader, _ issues: inout IssueList) -> ReportTimeline? {
        guard let bucketMs = object.integer("bucketMs", in: 1...Int64(Int32.max), issues: &issues) else {
            if !object.has("bucketMs") { issues.add(object.path.key("bucketMs"), "required") }
            return nil
        }
        var timeline = ReportTimeline(bucketMs: bucketMs)
        guard let probes = object.object("probes", required: true, issues: &issues) else { return nil }
        for name in probes.keys {
            guard let probe = probes.object(name, issues: &issues) else { continue }
            let samples = numbers(probe, "samples", issues: &issues)
            let columns = ["failed", "p50Ms", "p99Ms"].map { numbers(probe, $0, issues: &issues) }
            for (key, column) in zip(["failed", "p50Ms", "p99Ms"], columns) where column.count != samples.count {
                issues.add(
                    probe.path.key(key), "has \(column.count) entries where samples has \(samples.count)")
            }
            guard columns.allSatisfy({ $0.count == samples.count }) else { continue }
            let buckets = samples.indices.map { index in
                TimelineBucket(
                    samples: Int(samples[index] ?? 0), failed: Int(columns[0][index] ?? 0), p50Ms: columns[1][index],
                    p99Ms: columns[2][index])
            }
            timeline.probes.append(ProbeSeries(name: name, buckets: buckets))
        }
        return timeline
    }

    /// An array of non-negative integers or nulls; an issue names each other element.
    private static func numbers(_ object: ObjectReader, _ key: String, issues: inout IssueList) -> [Int64?] {
        if !object.has(key) { issues.add(object.path.key(key), "required") }
        return object.array(key, issues: &issues).map { value, path in
            if value == .null { return nil }
            guard case .number(let text) = value, let number = Int64(text), number >= 0, number <= Int32.max else {
                issues.add(path, "expected a whole number of at least 0 or null, got \(ObjectReader.describe(value))")
                return nil
            }
            return number
        }
    }
}

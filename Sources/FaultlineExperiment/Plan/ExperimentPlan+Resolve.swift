/// Resolving a file with a seed: every random choice is a draw labelled by what it is for.
import FaultlineCore

extension ExperimentPlan {
    /// Resolves `file` with `seed`. Each choice draws from the seed and its own label (probe phase, fault start,
    /// pick, instances, toxic seed), so adding a probe never moves a fault, and the same seed always gives the same
    /// plan. `fleet` lists the instances of a fleet run (any order: they are sorted); nil for a plain run.
    public init(file: ExperimentFile, seed: UInt64, runID: String, fleet: [PlannedInstance]? = nil) {
        self.file = file
        self.seed = seed
        self.runID = runID
        isFleet = fleet != nil
        instances = fleet?.sorted { $0.admin.utf8.lexicographicallyPrecedes($1.admin.utf8) }
            ?? [PlannedInstance(admin: file.admin ?? ExperimentFile.defaultAdmin)]
        probes = file.probes.map { spec in
            let every = UInt64(max(1, spec.every.nanosecondsClamped))
            let phase = StableHash.draw(seed, "phase/\(spec.name)") % every
            return PlannedProbe(spec: spec, phase: .nanoseconds(Int64(phase)))
        }
        let count = instances.count
        let fleet = isFleet
        faults = file.faults.map { Self.resolve($0, seed: seed, runID: runID, instances: count, fleet: fleet) }
        var steps: [PlanStep] = []
        for (index, fault) in faults.enumerated() {
            steps.append(PlanStep(offset: fault.start, fault: index, kind: .inject))
            steps.append(PlanStep(offset: fault.end, fault: index, kind: .remove))
        }
        // At equal offsets a removal goes first, so a fault that ends as another begins never overlaps it.
        self.steps = steps.sorted { a, b in
            if a.offset != b.offset { return a.offset < b.offset }
            if a.kind != b.kind { return a.kind == .remove }
            return a.fault < b.fault
        }
        let lastEnd = faults.map(\.end).max() ?? file.steadyState.baseline
        maxDuration = file.maxDuration ?? (lastEnd + file.recovery.within + ExperimentFile.maxDurationSlack)
    }

    /// Eight lowercase hex digits from a random value the runner draws.
    public static func runID(from random: UInt64) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<8).map { digits[Int((random >> (28 - 4 * UInt64($0))) & 0xF)] })
    }

    private static func resolve(
        _ fault: FaultSpec, seed: UInt64, runID: String, instances count: Int, fleet: Bool
    ) -> PlannedFault {
        let start: Duration
        switch fault.start {
        case .at(let offset):
            start = offset
        case .between(let low, let high):
            // Whole milliseconds keep the printed plan readable; the draw never passes `max`.
            let span = UInt64(max(0, (high - low).wholeMilliseconds))
            let step = StableHash.draw(seed, "at/\(fault.name)") % (span + 1)
            start = min(high, low + .milliseconds(Int64(step)))
        }
        let proxies = pick(fault, seed: seed)
        let instances = pick(
            Array(0..<count), count: fault.instances?.count(of: count), seed: seed, label: "instances/\(fault.name)")
        let change: PlannedChange
        switch fault.action {
        case .down:
            change = .down
        case .toxic(let toxic):
            let names = fault.toxicNames(runID: runID)
            var toxics: [PlannedToxic] = []
            for instance in instances {
                for proxy in proxies {
                    for (direction, name) in zip(toxic.stream.directions, names) {
                        // A plain run keeps the labels it always had, so its seeds replay across versions.
                        let label =
                            "toxic/\(fault.name)/\(proxy)/\(direction.rawValue)" + (fleet ? "/instance/\(instance)" : "")
                        toxics.append(
                            PlannedToxic(
                                proxy: proxy, name: name, type: toxic.type, attributes: toxic.attributes,
                                stream: direction, toxicity: toxic.toxicity, seed: StableHash.draw(seed, label),
                                instance: instance))
                    }
                }
            }
            change = .toxics(toxics)
        }
        return PlannedFault(
            name: fault.name, start: start, end: start + fault.duration, proxies: proxies, change: change,
            instances: instances)
    }

    /// `pick` of the proxies by a seeded partial Fisher–Yates shuffle, returned in the file's order.
    private static func pick(_ fault: FaultSpec, seed: UInt64) -> [String] {
        pick(fault.proxies, count: fault.pick, seed: seed, label: "pick/\(fault.name)")
    }

    /// `count` of `items` (all when nil) by a seeded partial Fisher–Yates shuffle, returned in their order.
    private static func pick<T>(_ items: [T], count: Int?, seed: UInt64, label: String) -> [T] {
        guard let count, count < items.count else { return items }
        var generator = SplitMix64(seed: StableHash.draw(seed, label))
        var indices = Array(items.indices)
        for position in 0..<count {
            let remaining = UInt64(indices.count - position)
            let chosen = position + Int(generator.next() % remaining)
            indices.swapAt(position, chosen)
        }
        return indices.prefix(count).sorted().map { items[$0] }
    }
}

/// An experiment file resolved with a seed: concrete offsets, picked proxies, toxic names and seeds.
import FaultlineCore

/// What a run will do, fixed before t0; the same file, seed and run id always give the same plan.
public struct ExperimentPlan: Equatable, Sendable {
    public var file: ExperimentFile
    public var seed: UInt64
    /// Eight hex digits, part of every toxic name; unique per run (the runner draws it), not derived from the seed.
    public var runID: String
    /// In file order.
    public var probes: [PlannedProbe]
    /// In file order.
    public var faults: [PlannedFault]
    /// Every injection and removal, by offset (removals first at equal offsets, then file order).
    public var steps: [PlanStep]
    /// The hard cap: the file's, or the last planned end + `recovery.within` + 10 s.
    public var maxDuration: Duration
    /// The admin APIs the run changes: one for a plain run; for a fleet (a list or a `dns://` name) every
    /// instance that answered before t0, in a stable order (by URL) so that the seed picks the same ones again.
    public var instances: [PlannedInstance]
    /// The run addresses a fleet: changes name their instance in the state file and the report.
    public var isFleet: Bool

    /// The planned offset of the first injection, where the baseline gate is evaluated.
    public var gateOffset: Duration { faults.map(\.start).min() ?? file.steadyState.baseline }

    public func probe(named name: String) -> PlannedProbe? { probes.first { $0.name.isBytewiseEqual(to: name) } }
}

/// A probe with its seeded phase: sample k starts at t0 + phase + k·every.
public struct PlannedProbe: Equatable, Sendable {
    public var spec: ProbeSpec
    /// In [0, every), so probes do not fire in lockstep.
    public var phase: Duration

    public var name: String { spec.name }

    public init(spec: ProbeSpec, phase: Duration) {
        self.spec = spec
        self.phase = phase
    }
}

/// One admin API of the run (an instance of the fleet).
public struct PlannedInstance: Equatable, Sendable {
    /// `http://10.0.0.7:8474` (a `dns://` entry's addresses become such URLs).
    public var admin: String
    /// From the file's entry: losing it mid-run is reported but does not halt the run.
    public var optional: Bool

    public init(admin: String, optional: Bool = false) {
        self.admin = admin
        self.optional = optional
    }
}

/// One fault with its resolved window and targets.
public struct PlannedFault: Equatable, Sendable {
    public var name: String
    /// Offsets from t0.
    public var start: Duration
    public var end: Duration
    /// The proxies picked, in the file's order.
    public var proxies: [String]
    public var change: PlannedChange
    /// Indices into `ExperimentPlan.instances` of the instances picked, ascending.
    public var instances: [Int]

    public init(
        name: String, start: Duration, end: Duration, proxies: [String], change: PlannedChange, instances: [Int] = [0]
    ) {
        self.name = name
        self.start = start
        self.end = end
        self.proxies = proxies
        self.change = change
        self.instances = instances
    }

    /// The toxic names, each once (the same names go on every picked proxy).
    public var toxicNames: [String] {
        guard case .toxics(let toxics) = change else { return [] }
        var names: [String] = []
        for toxic in toxics where !names.contains(toxic.name) { names.append(toxic.name) }
        return names
    }
}

/// What a fault does to its proxies.
public enum PlannedChange: Equatable, Sendable {
    /// One toxic per picked instance, proxy and direction: instance by instance, proxy by proxy, upstream first.
    case toxics([PlannedToxic])
    /// Disable every picked proxy.
    case down
}

/// A toxic to add to one proxy, with the seed Faultline uses for its rolls and jitter.
public struct PlannedToxic: Equatable, Sendable {
    public var proxy: String
    /// `flx-<runId>-<fault>` or, for `stream: "both"`, with `-up` / `-down`.
    public var name: String
    /// The wire type name, passed through as the file gives it.
    public var type: String
    /// The `attributes` object, in order (see `FaultToxic.attributes`).
    public var attributes: [JSONMember]
    public var stream: Direction
    public var toxicity: Float
    /// Derived from the experiment seed, the fault, the proxy, the direction (and the instance in a fleet).
    public var seed: UInt64
    /// Index into `ExperimentPlan.instances`.
    public var instance: Int

    public init(
        proxy: String, name: String, type: String, attributes: [JSONMember], stream: Direction, toxicity: Float,
        seed: UInt64, instance: Int = 0
    ) {
        self.instance = instance
        self.proxy = proxy
        self.name = name
        self.type = type
        self.attributes = attributes
        self.stream = stream
        self.toxicity = toxicity
        self.seed = seed
    }

    /// The typed kind, when the type is one Faultline knows and every attribute is one of its own.
    public var kind: ToxicKind? { ToxicKind(typeName: type, attributes: attributes) }

    /// The body of `POST /proxies/{proxy}/toxics`; `seed` only when the server is Faultline (Toxiproxy ignores it
    /// anyway, but a body without it is exactly what Toxiproxy's own clients send).
    public func body(includeSeed: Bool) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"name\":")
        writer.string(name)
        writer.raw(",\"type\":")
        writer.string(type)
        writer.raw(",\"stream\":")
        writer.string(stream.rawValue)
        writer.raw(",\"toxicity\":")
        writer.float32(toxicity)
        writer.raw(",\"attributes\":")
        JSONValue.object(attributes).write(into: &writer)
        if includeSeed {
            writer.raw(",\"seed\":")
            writer.raw(String(seed))
        }
        writer.raw("}")
        return writer.bytes
    }
}

/// One entry of the timeline.
public struct PlanStep: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case inject, remove
    }

    public var offset: Duration
    /// Index into `ExperimentPlan.faults`.
    public var fault: Int
    public var kind: Kind

    public init(offset: Duration, fault: Int, kind: Kind) {
        self.offset = offset
        self.fault = fault
        self.kind = kind
    }
}

/// An experiment file (format `faultline.experiment/v1`) after decoding and validation, defaults applied.

/// Everything `faultline experiment run` needs from the file; build it with `ExperimentFile.decode(_:)`.
public struct ExperimentFile: Equatable, Sendable {
    /// The only format version this decoder reads.
    public static let formatVersion = "faultline.experiment/v1"
    /// The admin URL when neither the file, `TOXIPROXY_URL` nor `--admin` gives one.
    public static let defaultAdmin = "http://127.0.0.1:8474"
    /// Added to the last fault end and `recovery.within` when `maxDuration` is absent.
    public static let maxDurationSlack: Duration = .seconds(10)

    public var title: String
    public var hypothesis: String?
    /// Nil when absent: the runner draws one and reports it.
    public var seed: UInt64?
    /// As written when `admin` is one URL; the runner applies `TOXIPROXY_URL` and `--admin` over it, then
    /// `defaultAdmin`.
    public var admin: String?
    /// Every entry of `admin` (one URL, a list, `dns://` names); empty when the file gives none.
    public var admins: [AdminEntry] = []
    /// Nil when absent: the plan derives it from the resolved timeline.
    public var maxDuration: Duration?
    /// In file order.
    public var probes: [ProbeSpec]
    public var steadyState: SteadyStateSpec
    public var faults: [FaultSpec]
    public var halt: [HaltSpec]
    public var recovery: RecoverySpec
    public var report: ReportSpec

    public init(
        title: String, hypothesis: String? = nil, seed: UInt64? = nil, admin: String? = nil,
        maxDuration: Duration? = nil, probes: [ProbeSpec], steadyState: SteadyStateSpec, faults: [FaultSpec],
        halt: [HaltSpec] = [], recovery: RecoverySpec = RecoverySpec(), report: ReportSpec = ReportSpec()
    ) {
        self.title = title
        self.hypothesis = hypothesis
        self.seed = seed
        self.admin = admin
        admins = admin.map { [AdminEntry(url: $0)] } ?? []
        self.maxDuration = maxDuration
        self.probes = probes
        self.steadyState = steadyState
        self.faults = faults
        self.halt = halt
        self.recovery = recovery
        self.report = report
    }

    public func probe(named name: String) -> ProbeSpec? { probes.first { $0.name.isBytewiseEqual(to: name) } }

    /// Every proxy any fault may touch, each once, in file order: what the runner checks exists before t0.
    public var proxyNames: [String] {
        var seen: [String] = []
        for fault in faults {
            for proxy in fault.proxies where !seen.contains(where: { $0.isBytewiseEqual(to: proxy) }) {
                seen.append(proxy)
            }
        }
        return seen
    }

    /// Legal but suspicious choices that `validate` prints without failing.
    public var warnings: [ValidationIssue] {
        var found: [ValidationIssue] = []
        if halt.isEmpty {
            found.append(ValidationIssue(path: "halt", message: "no halt conditions: nothing stops a fault early"))
        }
        if steadyState.tolerances.isEmpty {
            found.append(
                ValidationIssue(path: "steadyState.tolerances", message: "no tolerances: the hypothesis cannot fail")
            )
        }
        for (index, fault) in faults.enumerated() {
            if case .toxic(let toxic) = fault.action { found += toxic.warnings(at: "faults[\(index)].toxic") }
            if fault.instances != nil && admins.count == 1 && admins[0].dnsTarget == nil {
                found.append(
                    ValidationIssue(path: "faults[\(index)].instances", message: "the file names one admin instance"))
            }
        }
        return found
    }
}

/// `steadyState`: how long to measure before the first fault and what "healthy" means.
public struct SteadyStateSpec: Equatable, Sendable {
    public var baseline: Duration
    public var tolerances: [CheckSpec]

    public init(baseline: Duration, tolerances: [CheckSpec]) {
        self.baseline = baseline
        self.tolerances = tolerances
    }

    /// The latency above which one sample of `probe` detects a fault (time to detect): the lowest `p95`, `p99` or
    /// `max` bound of the tolerances on that probe, nil when there is none. A single sample over such a bound is
    /// what breaking it looks like as it starts; `p50` is left out because half of a healthy run's samples may
    /// exceed a median bound.
    public func detectionLatency(for probe: String) -> Duration? {
        tolerances.filter { $0.probe.isBytewiseEqual(to: probe) }
            .flatMap(\.latency)
            .filter { $0.statistic != .p50 }
            .map(\.limit)
            .min()
    }
}

/// `recovery`: the first `stableFor` window where every tolerance holds must start within `within`.
public struct RecoverySpec: Equatable, Sendable {
    public var within: Duration
    public var stableFor: Duration

    public init(within: Duration = .seconds(30), stableFor: Duration = .seconds(5)) {
        self.within = within
        self.stableFor = stableFor
    }
}

/// `report`: where the JSON report goes and whether the table is printed.
public struct ReportSpec: Equatable, Sendable {
    /// Nil: the runner's default path (or `--report`).
    public var json: String?
    public var table: Bool

    public init(json: String? = nil, table: Bool = true) {
        self.json = json
        self.table = table
    }
}

/// A fault of the timeline: which proxies (the blast radius), when, for how long, and what is done to them.
import FaultlineCore

/// One entry of `faults`; it is injected at `start` and removed `duration` later.
public struct FaultSpec: Equatable, Sendable {
    /// Unique; part of the toxic name `flx-<runId>-<name>[-up|-down]`.
    public var name: String
    /// The candidate proxies, in file order, without duplicates.
    public var proxies: [String]
    /// How many of `proxies` the seed picks; nil means all of them.
    public var pick: Int?
    /// How many of the fleet's instances the seed picks; nil means every instance.
    public var instances: InstanceSelection?
    public var start: FaultStart
    public var duration: Duration
    public var action: FaultAction

    public init(
        name: String, proxies: [String], pick: Int? = nil, start: FaultStart, duration: Duration, action: FaultAction,
        instances: InstanceSelection? = nil
    ) {
        self.name = name
        self.proxies = proxies
        self.pick = pick
        self.instances = instances
        self.start = start
        self.duration = duration
        self.action = action
    }

    /// The toxic names this fault adds to each proxy it picks (empty for `down`).
    public func toxicNames(runID: String) -> [String] {
        guard case .toxic(let toxic) = action else { return [] }
        let base = "flx-\(runID)-\(name)"
        switch toxic.stream {
        case .both: return [base + "-up", base + "-down"]
        case .upstream, .downstream: return [base]
        }
    }
}

/// `at`: a fixed offset from t0, or a range resolved with the seed.
public enum FaultStart: Equatable, Sendable {
    case at(Duration)
    case between(min: Duration, max: Duration)

    public var earliest: Duration {
        switch self {
        case .at(let offset): offset
        case .between(let low, _): low
        }
    }

    public var latest: Duration {
        switch self {
        case .at(let offset): offset
        case .between(_, let high): high
        }
    }
}

/// Exactly one of `toxic` or `down`.
public enum FaultAction: Equatable, Sendable {
    case toxic(FaultToxic)
    /// Disable the proxies for the duration (`{"enabled":false}`, then `true`).
    case down
}

/// `upstream`, `downstream`, or `both` (two toxics, one per direction).
public enum FaultStream: String, Equatable, Sendable {
    case upstream, downstream, both

    /// The directions toxics are added for, upstream first.
    public var directions: [Direction] {
        switch self {
        case .upstream: [.upstream]
        case .downstream: [.downstream]
        case .both: [.upstream, .downstream]
        }
    }
}

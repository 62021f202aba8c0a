/// What the engine asks its driver to do, and the results the driver reports back.
import FaultlineCore

/// One output of `ExperimentEngine`. Perform them in order: a `writeState` must be durable before the admin
/// requests that follow it are sent.
public enum ExperimentAction: Equatable, Sendable {
    /// Take one sample of the named probe now; report it with `ExperimentEngine.sample(_:_:startedAt:endedAt:)`.
    case startProbe(String)
    /// Replace the crash-safety state file with this content (fsync before continuing).
    case writeState(StateFile)
    /// Send this admin request; report its result with `ExperimentEngine.actionCompleted(_:_:now:)`.
    case admin(ActionID, AdminRequest)
    /// A line for the operator (a halt, a rollback, "rollback in progress").
    case notice(String)
    /// The run is over: write the JSON report, print the table, exit with `report.exitCode`. Nothing follows.
    case finish(ExperimentReport)
}

/// Names one admin request so its result can be matched; never reused within a run.
public struct ActionID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public var description: String { "#\(rawValue)" }
}

/// The only admin calls a run makes (besides the existence checks before t0). `instance` indexes
/// `ExperimentPlan.instances` (0 in a plain run).
public enum AdminRequest: Equatable, Sendable {
    /// `POST /proxies/{proxy}/toxics` with `toxic.body(includeSeed:)`, on `toxic.instance`.
    case addToxic(PlannedToxic)
    /// `DELETE /proxies/{proxy}/toxics/{name}`; a 404 is reported as `.notFound` (and counts as done).
    case removeToxic(proxy: String, name: String, instance: Int = 0)
    /// `POST /proxies/{proxy}` with `{"enabled":…}`.
    case setEnabled(proxy: String, enabled: Bool, instance: Int = 0)

    public var proxy: String {
        switch self {
        case .addToxic(let toxic): toxic.proxy
        case .removeToxic(let proxy, _, _), .setEnabled(let proxy, _, _): proxy
        }
    }

    /// Which admin API the request goes to.
    public var instance: Int {
        switch self {
        case .addToxic(let toxic): toxic.instance
        case .removeToxic(_, _, let instance), .setEnabled(_, _, let instance): instance
        }
    }
}

/// How an admin request ended.
public enum AdminResult: Equatable, Sendable {
    /// 2xx.
    case ok
    /// 404.
    case notFound
    /// Any other status, a transport error or a timeout; the text goes into the report's errors.
    case failed(String)
    /// The instance refused the connection: nothing listens on its admin port any more. In a fleet the instance
    /// is lost, and its changes with it (Faultline keeps toxics in memory only); a plain run treats it as `.failed`.
    case unreachable(String)
    /// The driver did not send it (for example the state file could not be written first).
    case notSent(String)
}

/// The signals that interrupt a run.
public enum StopSignal: String, Equatable, Sendable {
    case sigint = "SIGINT"
    case sigterm = "SIGTERM"

    /// 128 + the signal number, as shells report it.
    public var exitCode: Int32 { self == .sigint ? 130 : 143 }
}

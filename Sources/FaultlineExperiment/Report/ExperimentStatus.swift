/// The final status of a run and its exit code, exactly as the design's table gives them.

public enum ExperimentStatus: String, Equatable, Sendable, CaseIterable {
    /// Baseline met, tolerances held during injection, recovered within `within`.
    case passed
    /// Tolerances broken during injection, no halt, recovered.
    case deviated
    /// A halt condition, `maxDuration` or an admin failure stopped the run; faults rolled back.
    case halted
    /// No stable window within `recovery.within` (wins over `deviated`).
    case notRecovered = "not-recovered"
    /// Steady state not met before injection (or an `always` halt tripped then); nothing was injected.
    case baselineFailed = "baseline-failed"
    /// The file failed validation, or a proxy was missing; nothing was done.
    case invalid
    /// Cleanup could not finish; leftovers are listed.
    case rollbackFailed = "rollback-failed"
    /// SIGINT or SIGTERM; rolled back.
    case interrupted

    /// The process exit code; `interrupted` needs the signal (130 for SIGINT, 143 for SIGTERM).
    public func exitCode(signal: StopSignal? = nil) -> Int32 {
        switch self {
        case .passed: 0
        case .deviated: 1
        case .halted: 2
        case .notRecovered: 3
        case .baselineFailed: 4
        case .invalid: 64
        case .rollbackFailed: 70
        case .interrupted: (signal ?? .sigint).exitCode
        }
    }
}

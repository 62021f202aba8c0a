/// The recovery search: the first `stableFor` window after the last removal in which every tolerance holds.
import FaultlineCore

extension ExperimentEngine {
    mutating func beginRecovery(_ now: Instant) {
        stage = .recovering
        recovery = RecoveryState(from: lastRemovalAt ?? now)
    }

    /// The latest start a stable window may have: `recovery.within` after the last removal.
    private var latestWindowStart: Instant? {
        recovery.map { $0.from + plan.file.recovery.within }
    }

    /// Window starts worth trying, in order: the last removal itself, then just after each sample of a tolerance
    /// probe (the set of samples in a window only changes there), up to `latestWindowStart`.
    private func windowStarts(after evaluated: Instant?) -> [Instant] {
        guard let state = recovery, let latest = latestWindowStart else { return [] }
        var starts = [state.from]
        for probe in probes
        where plan.file.steadyState.tolerances.contains(where: { $0.probe.isBytewiseEqual(to: probe.planned.name) }) {
            for sample in probe.log.samples(in: state.from..<latest) {
                starts.append(sample.endedAt + .nanoseconds(1))
            }
        }
        var unique: [Instant] = []
        for start in starts.sorted() where start <= latest && (evaluated.map { start > $0 } ?? true) {
            if unique.last != start { unique.append(start) }
        }
        return unique
    }

    /// Evaluates every window that has closed by `now`; finishes on the first stable one, or when none can start
    /// within `recovery.within` any more.
    mutating func advanceRecovery(_ now: Instant, into out: inout [ExperimentAction]) {
        guard stage == .recovering, !isFinished, var state = recovery, let latest = latestWindowStart else { return }
        let stableFor = plan.file.recovery.stableFor
        for start in windowStarts(after: state.evaluatedThrough) {
            guard start + stableFor <= now else { break }
            state.evaluatedThrough = start
            let outcomes = evaluateTolerances(over: start..<(start + stableFor))
            state.lastOutcomes = outcomes
            if outcomes.allSatisfy(\.met) {
                state.stableFrom = start
                recovery = state
                finish(now, into: &out)
                return
            }
        }
        recovery = state
        if now >= latest + stableFor { finish(now, into: &out) }
    }

    /// When the next window closes (or the search gives up).
    var recoveryWake: Instant? {
        guard stage == .recovering, let state = recovery, let latest = latestWindowStart else { return nil }
        let stableFor = plan.file.recovery.stableFor
        let next = windowStarts(after: state.evaluatedThrough).first.map { $0 + stableFor }
        return min(next ?? .never, latest + stableFor)
    }
}

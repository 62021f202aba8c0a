/// Probe scheduling (fixed rate, skipped ticks counted) and sample intake with halt evaluation.
import FaultlineCore

extension ExperimentEngine {
    /// Sample k of a probe is due at t0 + phase + k·every.
    func tickTime(_ probe: ProbeState, _ k: Int64) -> Instant {
        t0 + probe.planned.phase + probe.planned.spec.every * k
    }

    /// Starts a sample for every probe with a tick due, unless its previous sample is still running; a tick that
    /// finds one running is skipped and counted, never queued. Late ticks are counted in bulk, so the work is
    /// bounded however late the driver calls.
    mutating func advanceProbes(_ now: Instant, into out: inout [ExperimentAction]) {
        for index in probes.indices {
            let first = tickTime(probes[index], probes[index].nextTick)
            guard first <= now else { continue }
            let every = probes[index].planned.spec.every
            let due = (now - first).nanosecondsClamped / max(1, every.nanosecondsClamped) + 1
            if probes[index].inFlight {
                probes[index].log.skip(at: first, count: Int(due))
            } else {
                probes[index].inFlight = true
                out.append(.startProbe(probes[index].planned.name))
                probes[index].log.skip(at: first + every, count: Int(due - 1))
            }
            probes[index].nextTick += due
        }
    }

    /// Classifies and stores a sample, then evaluates the halt conditions on that probe.
    mutating func record(
        _ name: String, _ result: ProbeResult, startedAt: Instant, endedAt: Instant,
        into out: inout [ExperimentAction]
    ) {
        guard !isFinished, stage != .idle, startedAt >= t0,
            let index = probes.firstIndex(where: { $0.planned.name.isBytewiseEqual(to: name) }),
            probes[index].inFlight
        else { return }
        probes[index].inFlight = false
        probes[index].log.append(Sample(result, probe: probes[index].planned.spec, endedAt: endedAt))
        checkHalts(probe: index, now: endedAt, into: &out)
    }

    /// Evaluates each armed halt condition on this probe over its rolling window; the first violation trips.
    private mutating func checkHalts(probe index: Int, now: Instant, into out: inout [ExperimentAction]) {
        guard halt == nil, rollback == nil else { return }
        let name = probes[index].planned.name
        for (position, condition) in plan.file.halt.enumerated()
        where condition.check.probe.isBytewiseEqual(to: name) && isArmed(condition) {
            let window = (now - condition.window + .nanoseconds(1))..<(now + .nanoseconds(1))
            let samples = probes[index].log.samples(in: window)
            guard samples.count >= condition.minSamples else { continue }
            let outcomes = condition.check.evaluate(SampleStats(samples))
            if let violation = outcomes.first(where: \.isViolation) {
                trip(condition: position, violation, now: now, into: &out)
                return
            }
        }
    }

    private func isArmed(_ condition: HaltSpec) -> Bool {
        switch (condition.armed, stage) {
        case (_, .injecting): true
        case (.always, .baseline), (.always, .recovering): true
        default: false
        }
    }

    /// A halt condition tripped: in the baseline that is a failed gate; during injection it rolls back;
    /// during recovery there is nothing left to roll back.
    private mutating func trip(
        condition: Int, _ violation: CheckOutcome, now: Instant, into out: inout [ExperimentAction]
    ) {
        let phase = currentPhase
        halt = HaltState(reason: "condition", condition: condition, outcome: violation, phase: phase, at: now)
        out.append(.notice("halt[\(condition)] tripped in \(phase): \(ReportText.describe(violation))"))
        switch stage {
        case .baseline:
            baselineFailed = true
            finish(now, into: &out)
        case .injecting:
            beginRollback(.halt, now: now, into: &out)
        default:
            settleHalt(now)
        }
    }

    /// `baseline`, `injection` or `recovery`.
    var currentPhase: String {
        switch stage {
        case .idle, .baseline: "baseline"
        case .injecting: "injection"
        case .recovering, .finished: "recovery"
        }
    }
}

/// Admin results, retries and the one rollback path (halt, maxDuration, admin failure, a lost instance, signal).
import FaultlineCore

extension ExperimentEngine {
    /// Records the result of an admin request and sends whatever the slot needs next.
    mutating func completed(_ id: ActionID, _ result: AdminResult, now: Instant, into out: inout [ExperimentAction]) {
        guard !isFinished, let slot = requests.removeValue(forKey: id), let flight = slots[slot].inFlight,
            flight.id == id
        else { return }
        slots[slot].inFlight = nil
        let request = slots[slot].request(apply: flight.apply)
        let instance = slots[slot].key.instance
        var result = result
        if case .unreachable(let reason) = result {
            // A plain run cannot tell a server that died from one that refuses for now: it retries, as for any
            // failure. A fleet instance addressed directly that refuses connections is gone (see `lose`).
            if plan.isFleet { lose(instance, reason: reason, now: now, into: &out) } else { result = .failed(reason) }
            if isFinished { return }
        }
        var applyFailure: String?
        if fleet[instance].lost != nil {
            // Whatever it answered before it went, the instance took the change with it.
            slots[slot].confirmed = .absent
        } else {
            applyFailure = record(result, of: request, apply: flight.apply, slot: slot, now: now)
        }
        if let applyFailure {
            errors.append("\(describe(request)): \(applyFailure)")
            fleet[instance].failures.append("\(ReportText.describe(request)): \(applyFailure)")
            if rollback == nil { haltForAdmin(applyFailure, now: now, into: &out) }
        }
        updateFaults(now)
        if let action = reconcile(slot, now: now) { emit([action], into: &out) }
        checkRollbackComplete(now, into: &out)
        checkInjectionEnd(now, into: &out)
    }

    /// What a result means for its slot; returns why an apply failed (which halts the run).
    private mutating func record(
        _ result: AdminResult, of request: AdminRequest, apply: Bool, slot: Int, now: Instant
    ) -> String? {
        let instance = slots[slot].key.instance
        switch (apply, result) {
        case (true, .ok):
            slots[slot].confirmed = .present
            fleet[instance].injected.append(ReportText.describe(request))
        case (true, .notSent(let reason)):
            slots[slot].confirmed = .absent
            return reason
        case (true, .notFound):
            slots[slot].confirmed = .unknown
            return "proxy not found"
        case (true, .failed(let reason)), (true, .unreachable(let reason)):
            slots[slot].confirmed = .unknown
            return reason
        case (false, .ok), (false, .notFound):
            slots[slot].confirmed = .absent
            slots[slot].failedAttempts = 0
            slots[slot].removalDeadline = nil
        case (false, .failed(let reason)), (false, .notSent(let reason)), (false, .unreachable(let reason)):
            slots[slot].confirmed = .unknown
            slots[slot].failedAttempts += 1
            slots[slot].retryAt = now + retryDelay(after: slots[slot].failedAttempts)
            errors.append("\(describe(request)): \(reason) (will retry)")
            fleet[instance].failures.append("\(ReportText.describe(request)): \(reason)")
        }
        return nil
    }

    /// Exponential backoff for a failed removal: base, 2·base, 4·base, … up to the cap.
    private func retryDelay(after attempts: Int) -> Duration {
        var delay = options.retryBackoff
        for _ in 1..<max(1, min(attempts, 32)) where delay < options.maxRetryBackoff { delay = delay * 2 }
        return min(delay, options.maxRetryBackoff)
    }

    mutating func failAdmin(_ reason: String, now: Instant, into out: inout [ExperimentAction]) {
        guard !isFinished, stage != .idle else { return }
        errors.append(reason)
        guard rollback == nil || rollback?.completedAt != nil else { return }
        haltForAdmin(reason, now: now, into: &out)
    }

    /// The admin API failed: a halt with reason `adminFailure`, rolling back whatever may be injected.
    private mutating func haltForAdmin(_ reason: String, now: Instant, into out: inout [ExperimentAction]) {
        if halt == nil {
            halt = HaltState(reason: "adminFailure", detail: reason, phase: currentPhase, at: now)
        }
        if stage == .injecting && rollback == nil {
            beginRollback(.adminFailure, now: now, into: &out)
        } else {
            settleHalt(now)
            finish(now, into: &out)
        }
    }

    mutating func interrupt(_ signal: StopSignal, now: Instant, into out: inout [ExperimentAction]) {
        guard !isFinished, stage != .idle else { return }
        if isRollingBack {
            // A second signal (or one during a halt's rollback) never abandons the rollback.
            if interruption == nil { interruption = (signal, now) }
            out.append(.notice("rollback in progress"))
            return
        }
        interruption = (signal, now)
        if stage == .injecting {
            beginRollback(.signal, now: now, into: &out)
        } else {
            finish(now, into: &out)
        }
    }

    /// Deadlines: a rollback out of time, a removal out of time, `maxDuration`, removal retries.
    mutating func checkDeadlines(_ now: Instant, into out: inout [ExperimentAction]) {
        if let rollback, rollback.completedAt == nil, now >= rollback.deadline {
            rollbackFailed = true
            out.append(.notice("rollback did not complete; run: faultline experiment cleanup --admin \(options.admin)"))
            finish(now, into: &out)
            return
        }
        if rollback == nil, let late = slots.first(where: { !$0.isClear && ($0.removalDeadline ?? .never) <= now }) {
            haltForAdmin(
                "\(describe(late.request(apply: false))) did not succeed in time", now: now, into: &out)
        }
        if !capReached, now >= t0 + plan.maxDuration {
            capReached = true
            if halt == nil { halt = HaltState(reason: "maxDuration", phase: currentPhase, at: now) }
            if stage == .injecting && rollback == nil {
                beginRollback(.maxDuration, now: now, into: &out)
            } else if !isRollingBack {
                settleHalt(now)
                finish(now, into: &out)
            }
        }
        guard !isFinished else { return }
        var batch: [ExperimentAction] = []
        for slot in slots.indices where (slots[slot].retryAt ?? .never) <= now {
            if let action = reconcile(slot, now: now) { batch.append(action) }
        }
        emit(batch, into: &out)
    }

    /// Stops the timeline and undoes every run-owned change at once, newest first; requests already on the way
    /// are awaited, then followed by a removal if they may have applied something.
    mutating func beginRollback(_ cause: RollbackCause, now: Instant, into out: inout [ExperimentAction]) {
        guard rollback == nil else { return }
        rollback = RollbackState(cause: cause, startedAt: now, deadline: now + options.rollbackDeadline)
        out.append(.notice("rolling back (\(cause.rawValue))"))
        for fault in faults.indices where faults[fault].startedAt != nil && faults[fault].releasedAt == nil {
            faults[fault].releasedAt = now
        }
        var batch: [ExperimentAction] = []
        for slot in slots.indices.reversed() {
            slots[slot].holders.removeAll()
            slots[slot].retryAt = nil
            slots[slot].removalDeadline = nil
            if let action = reconcile(slot, now: now) { batch.append(action) }
        }
        out.append(contentsOf: batch)
        updateFaults(now)
        checkRollbackComplete(now, into: &out)
    }

    /// When every slot is clear the rollback is done: the injection phase ends, then recovery or the finish.
    mutating func checkRollbackComplete(_ now: Instant, into out: inout [ExperimentAction]) {
        guard var state = rollback, state.completedAt == nil, slots.allSatisfy(\.isClear) else { return }
        state.completedAt = now
        rollback = state
        settleHalt(now)
        endInjection(now)
        // A halt keeps probing so the report still gets a time to recover; a cap or a signal ends the run.
        let keepProbing =
            [.halt, .adminFailure, .instanceLost].contains(state.cause) && !capReached && interruption == nil
        if keepProbing && lastRemovalAt != nil {
            beginRecovery(now)
            advanceRecovery(now, into: &out)
        } else {
            finish(now, into: &out)
        }
    }

    /// The halt's rollback is over at `now` (immediately when nothing was injected).
    mutating func settleHalt(_ now: Instant) {
        guard var state = halt, state.rollbackCompletedAt == nil else { return }
        state.rollbackCompletedAt = now
        halt = state
    }

    /// Marks faults injected (all their changes confirmed) and removed (all undone or held by another fault).
    mutating func updateFaults(_ now: Instant) {
        for fault in faults.indices where faults[fault].startedAt != nil {
            let slotsOfFault = faults[fault].keys.compactMap { slotIndex[$0] }.map { slots[$0] }
            if faults[fault].injectedAt == nil, slotsOfFault.count == faults[fault].keys.count,
                slotsOfFault.allSatisfy({ $0.confirmed == .present })
            {
                faults[fault].injectedAt = now
            }
            if faults[fault].releasedAt != nil, faults[fault].removedAt == nil,
                slotsOfFault.allSatisfy({ $0.isClear || ($0.wanted && $0.confirmed == .present) })
            {
                faults[fault].removedAt = now
            }
        }
    }

    /// After the last planned removal has completed, the injection phase is over and recovery begins.
    mutating func checkInjectionEnd(_ now: Instant, into out: inout [ExperimentAction]) {
        guard stage == .injecting, rollback == nil, nextStep == plan.steps.count,
            faults.allSatisfy({ $0.startedAt == nil || $0.removedAt != nil }), slots.allSatisfy(\.isClear)
        else { return }
        endInjection(now)
        beginRecovery(now)
        advanceRecovery(now, into: &out)
    }

    /// Closes the injection phase at the last removal and evaluates the verdict over it.
    private mutating func endInjection(_ now: Instant) {
        guard stage == .injecting, let started = firstInjectionStartedAt else { return }
        lastRemovalAt = now
        verdict = evaluateTolerances(over: (firstInjectedAt ?? started)..<now)
    }
}

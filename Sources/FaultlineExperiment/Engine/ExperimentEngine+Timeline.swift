/// The fault timeline: the baseline gate, injections and removals, and admin results, through change slots.
import FaultlineCore

extension ExperimentEngine {
    /// Runs the plan's steps that are due; the first injection is preceded by the baseline gate.
    mutating func advanceTimeline(_ now: Instant, into out: inout [ExperimentAction]) {
        while !isFinished, rollback == nil, stage == .baseline || stage == .injecting,
            nextStep < plan.steps.count, t0 + plan.steps[nextStep].offset <= now
        {
            let step = plan.steps[nextStep]
            nextStep += 1
            switch step.kind {
            case .inject:
                if stage == .baseline, !passGate(now, into: &out) { return }
                inject(step.fault, now: now, into: &out)
            case .remove:
                release(step.fault, now: now, into: &out)
            }
        }
    }

    /// The tolerances over the baseline; a failure (or a dry run) ends the run before anything is injected.
    private mutating func passGate(_ now: Instant, into out: inout [ExperimentAction]) -> Bool {
        let outcomes = evaluateTolerances(over: t0..<now)
        gate = outcomes
        if !outcomes.allSatisfy(\.met) {
            baselineFailed = true
            finish(now, into: &out)
            return false
        }
        if options.dryRun {
            finish(now, into: &out)
            return false
        }
        stage = .injecting
        firstInjectionStartedAt = now
        return true
    }

    /// Every tolerance over the samples that ended in `range`, in file order.
    func evaluateTolerances(over range: Range<Instant>) -> [CheckOutcome] {
        plan.file.steadyState.tolerances.flatMap { check -> [CheckOutcome] in
            guard let probe = probes.first(where: { $0.planned.name.isBytewiseEqual(to: check.probe) }) else {
                return []
            }
            return check.evaluate(SampleStats(probe.log.samples(in: range)))
        }
    }

    private mutating func inject(_ fault: Int, now: Instant, into out: inout [ExperimentAction]) {
        faults[fault].startedAt = now
        var batch: [ExperimentAction] = []
        for key in faults[fault].keys {
            let slot = slot(for: key, fault: fault)
            slots[slot].holders.insert(fault)
            if let action = reconcile(slot, now: now) { batch.append(action) }
        }
        emit(batch, into: &out)
        updateFaults(now)
    }

    /// A fault's duration is over: let go of its slots; each is undone unless another fault still holds it.
    private mutating func release(_ fault: Int, now: Instant, into out: inout [ExperimentAction]) {
        faults[fault].releasedAt = now
        var batch: [ExperimentAction] = []
        for key in faults[fault].keys {
            guard let slot = slotIndex[key] else { continue }
            slots[slot].holders.remove(fault)
            if let action = reconcile(slot, now: now) { batch.append(action) }
        }
        emit(batch, into: &out)
        updateFaults(now)
        checkInjectionEnd(now, into: &out)
    }

    private mutating func slot(for key: ChangeSlot.Key, fault: Int) -> Int {
        if let index = slotIndex[key] { return index }
        var toxic: PlannedToxic?
        if case .toxics(let toxics) = plan.faults[fault].change, case .toxic(let instance, let proxy, let name) = key {
            toxic = toxics.first {
                $0.instance == instance && $0.proxy.isBytewiseEqual(to: proxy) && $0.name.isBytewiseEqual(to: name)
            }
        }
        slots.append(ChangeSlot(key: key, toxic: toxic))
        slotIndex[key] = slots.count - 1
        return slots.count - 1
    }

    /// The next request that moves a slot toward what its holders want, if none is on the way already.
    mutating func reconcile(_ slot: Int, now: Instant) -> ExperimentAction? {
        guard slots[slot].inFlight == nil else { return nil }
        // A lost instance took its changes with it; nothing more is sent to it.
        guard fleet[slots[slot].key.instance].lost == nil else {
            slots[slot].confirmed = .absent
            slots[slot].retryAt = nil
            slots[slot].removalDeadline = nil
            return nil
        }
        if let retry = slots[slot].retryAt {
            guard retry <= now else { return nil }
            slots[slot].retryAt = nil
        }
        let apply: Bool
        if slots[slot].wanted && slots[slot].confirmed != .present && rollback == nil {
            apply = true
        } else if !slots[slot].wanted && slots[slot].confirmed != .absent {
            apply = false
        } else {
            return nil
        }
        let id = ActionID(rawValue: nextActionID)
        nextActionID += 1
        slots[slot].inFlight = (id, apply)
        requests[id] = slot
        if !apply, rollback == nil, slots[slot].removalDeadline == nil {
            slots[slot].removalDeadline = now + options.rollbackDeadline
        }
        return .admin(id, slots[slot].request(apply: apply))
    }

    /// Appends a batch of admin actions, preceded by the state file when the batch adds anything.
    func emit(_ batch: [ExperimentAction], into out: inout [ExperimentAction]) {
        let adds = batch.contains { action in
            switch action {
            case .admin(_, .addToxic), .admin(_, .setEnabled(_, false, _)): true
            default: false
            }
        }
        if adds { out.append(.writeState(stateFile())) }
        out.append(contentsOf: batch)
    }

    /// What the run may have changed: slots that are (or may be, or are being) applied. In a fleet each entry
    /// names its instance's admin URL.
    func stateFile() -> StateFile {
        var state = StateFile(runID: plan.runID, admin: options.admin)
        for slot in slots where slot.mayBeApplied {
            let admin = plan.isFleet ? plan.instances[slot.key.instance].admin : nil
            switch slot.key {
            case .toxic(_, let proxy, let name):
                state.toxics.append(StateFile.Toxic(proxy: proxy, name: name, admin: admin))
            case .disabled(_, let proxy):
                state.disabledProxies.append(StateFile.DisabledProxy(proxy: proxy, admin: admin))
            }
        }
        return state
    }
}

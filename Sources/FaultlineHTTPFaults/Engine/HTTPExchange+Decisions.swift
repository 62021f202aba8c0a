/// Deciding a request's faults: match each rule in creation order, roll its toxicity once, collect what hits.
import FaultlineCore

extension HTTPExchange {
    /// The largest `x-faultline-delay` honoured, in milliseconds (ten minutes).
    static let maximumControlDelay: UInt64 = 600_000

    /// Evaluates every rule against the head. A matching rule draws exactly once from its generator, hit or miss;
    /// a rule that does not match draws nothing, so its stream depends only on the requests it matches. A rule in an
    /// off phase of its `schedule` at `now` does not match.
    func decide(
        _ head: UnsafeRawBufferPointer, _ layout: HeadLayout, _ facts: RequestFacts, now: Instant
    ) -> RequestDecision {
        var decision = RequestDecision()
        for index in rules.indices {
            if case .headerFaults = rules[index].spec.kind, facts.hasControlHeaders {
                // Control fields are addressed to the proxy: removed whenever the toxic exists, hit or not.
                decision.stripControls = true
            }
            guard rules[index].spec.options.isActive(at: now), rules[index].spec.match.matches(head, layout, facts),
                rules[index].roll()
            else { continue }
            apply(&rules[index], head, facts, to: &decision)
        }
        return decision
    }

    private func apply(
        _ rule: inout FaultRule, _ head: UnsafeRawBufferPointer, _ facts: RequestFacts,
        to decision: inout RequestDecision
    ) {
        switch rule.spec.kind {
        case .abort(let a):
            guard decision.terminal == nil else { return }
            decision.terminal = .abort(a)
        case .reset(let a):
            switch a.at {
            case .beforeRequest, .afterRequest:
                guard decision.terminal == nil else { return }
                decision.terminal = a.at == .beforeRequest ? .resetBeforeRequest : .resetAfterRequest
            case .midResponse:
                decision.plan.resetAfter = min(decision.plan.resetAfter ?? a.bytes, a.bytes)
            }
        case .delay(let a):
            let share = DelayShare(rule: rule.id, amount: rule.delay(a))
            if a.phase == .request { decision.requestDelays.append(share) } else { decision.plan.delays.append(share) }
        case .header(let a):
            if a.phase == .request { decision.requestEdits.append(a) } else { decision.plan.edits.append(a) }
        case .status(let a):
            decision.plan.status = a.status
        case .truncate(let a):
            if let current = decision.plan.truncate, current.bytes <= a.bytes { break }
            decision.plan.truncate = a
        case .headerFaults:
            return controlFaults(rule, head, facts, to: &decision)
        }
        countFault(rule)
    }

    /// `x-faultline-abort: <status>` acts as an abort (100–599), `x-faultline-delay: <ms>` as a request delay
    /// (0–600,000); other values are ignored and counted.
    private func controlFaults(
        _ rule: FaultRule, _ head: UnsafeRawBufferPointer, _ facts: RequestFacts, to decision: inout RequestDecision
    ) {
        if let range = facts.abortControl {
            if let status = ASCII.decimal(head, range), (100...599).contains(status) {
                if decision.terminal == nil {
                    var abort = HTTPAbortAttributes()
                    abort.status = Int(status)
                    decision.terminal = .abort(abort)
                    countFault(rule, type: "http_abort")
                }
            } else {
                counters.ignoredControlHeaders &+= 1
            }
        }
        if let range = facts.delayControl {
            if let milliseconds = ASCII.decimal(head, range), milliseconds <= Self.maximumControlDelay {
                decision.requestDelays.append(DelayShare(rule: rule.id, amount: .milliseconds(Int64(milliseconds))))
                countFault(rule, type: "http_delay")
            } else {
                counters.ignoredControlHeaders &+= 1
            }
        }
    }
}

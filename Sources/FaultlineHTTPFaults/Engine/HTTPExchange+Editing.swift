/// Live edits: HTTP faults added, updated and removed while the connection runs.
import FaultlineCore

extension HTTPExchange {
    /// The installed faults, in creation order.
    public var faults: [HTTPFaultSpec] { rules.map(\.spec) }

    /// Installs `fault` after the others (creation order decides which terminal fault wins). `seed` starts its
    /// generators: derive it from `--seed`, the connection and the toxic, so a run replays.
    public func add(_ fault: HTTPFaultSpec, seed: UInt64) {
        rules.append(FaultRule(id: nextRuleID, spec: fault, seed: seed))
        nextRuleID += 1
    }

    /// New settings for the fault of the same name, from its next request on; its generators go on where they
    /// were. Returns false when no fault has that name.
    @discardableResult
    public func update(_ fault: HTTPFaultSpec) -> Bool {
        guard let index = rules.firstIndex(where: { $0.spec.name == fault.name }) else { return false }
        rules[index].spec = fault
        return true
    }

    /// Removes the fault named `name`. Its delays stop holding anything (what is due goes out now, in order);
    /// other decisions it took for requests in flight stand. Returns false when no fault has that name.
    @discardableResult
    public func remove(named name: String, now: Instant, into out: inout [HTTPExchangeAction]) -> Bool {
        guard let index = rules.firstIndex(where: { $0.spec.name == name }) else { return false }
        let id = rules.remove(at: index).id
        outbox.upstream.removeShares(of: id)
        outbox.downstream.removeShares(of: id)
        for entry in inFlight.indices where entry >= inFlightHead { inFlight[entry].removeShares(of: id) }
        wake(now: now, into: &out)
        return true
    }
}

/// One thing a run can change on the admin API, reconciled toward what the running faults want.
import FaultlineCore

/// A toxic on a proxy, or a proxy disabled, on one instance. Faults hold slots; the engine sends at most one request per slot at a
/// time and, when it completes, sends the next one if the slot is still not where its holders want it. That one
/// rule covers a fault ending before its toxic was added, two `down` faults sharing a proxy, retries and rollback.
struct ChangeSlot: Sendable {
    enum Key: Hashable, Sendable {
        case toxic(instance: Int, proxy: String, name: String)
        case disabled(instance: Int, proxy: String)

        var instance: Int {
            switch self {
            case .toxic(let instance, _, _), .disabled(let instance, _): instance
            }
        }
    }

    /// What the server holds, as far as the engine knows.
    enum Known: Equatable, Sendable {
        case absent, present, unknown
    }

    let key: Key
    /// The toxic to add, for toxic slots.
    let toxic: PlannedToxic?
    /// Faults that want the change applied; empty means it should be undone.
    var holders: Set<Int> = []
    var confirmed: Known = .absent
    var inFlight: (id: ActionID, apply: Bool)?
    /// A failed removal waits until then before it is sent again.
    var retryAt: Instant?
    var failedAttempts = 0
    /// A removal outside a rollback must be done by then, or the run rolls everything back.
    var removalDeadline: Instant?

    init(key: Key, toxic: PlannedToxic?) {
        self.key = key
        self.toxic = toxic
    }

    var wanted: Bool { !holders.isEmpty }

    /// Nothing applied and nothing on the way.
    var isClear: Bool { inFlight == nil && confirmed == .absent }

    /// The request that moves the slot toward `apply`.
    func request(apply: Bool) -> AdminRequest {
        switch key {
        case .toxic(let instance, let proxy, let name):
            if apply, let toxic { return .addToxic(toxic) }
            return .removeToxic(proxy: proxy, name: name, instance: instance)
        case .disabled(let instance, let proxy):
            return .setEnabled(proxy: proxy, enabled: !apply, instance: instance)
        }
    }

    /// True when the server may hold the change (it is applied, unknown, or being applied).
    var mayBeApplied: Bool {
        if let inFlight, inFlight.apply { return true }
        return confirmed != .absent
    }
}

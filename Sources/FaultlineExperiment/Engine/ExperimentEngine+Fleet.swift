/// A fleet run: what each instance confirmed and failed, and an instance lost mid-run.
import FaultlineCore

/// One instance's share of the run, for the report.
struct InstanceLog: Sendable {
    /// Each change it confirmed, as the request that made it (`POST /proxies/web/toxics (flx-…)`).
    var injected: [String] = []
    /// Each request that failed on it, with the reason.
    var failures: [String] = []
    var lost: (at: Instant, reason: String)?
}

extension ExperimentEngine {
    /// The instance's admin API refused a connection: the process is gone, and its changes with it (Faultline
    /// keeps toxics in memory only), so nothing more is sent to it and its slots count as undone. Losing a required
    /// instance halts the run and rolls the others back; an optional one is only reported.
    mutating func lose(_ instance: Int, reason: String, now: Instant, into out: inout [ExperimentAction]) {
        guard fleet[instance].lost == nil else { return }
        fleet[instance].lost = (now, reason)
        let admin = plan.instances[instance].admin
        errors.append("instance \(admin) lost: \(reason)")
        out.append(.notice("instance \(admin) lost (\(reason)): its changes went with it"))
        for slot in slots.indices where slots[slot].key.instance == instance {
            slots[slot].retryAt = nil
            slots[slot].removalDeadline = nil
            // A request still on its way is answered (and ignored) later; it cannot be left hanging.
            if slots[slot].inFlight == nil { slots[slot].confirmed = .absent }
        }
        guard !plan.instances[instance].optional, !isFinished else { return }
        if halt == nil {
            halt = HaltState(reason: "instanceLost", detail: "\(admin): \(reason)", phase: currentPhase, at: now)
        }
        if stage == .injecting && rollback == nil {
            beginRollback(.instanceLost, now: now, into: &out)
        } else if !isRollingBack {
            settleHalt(now)
            finish(now, into: &out)
        }
    }

    /// A request as the report's errors name it: with its instance's admin URL in a fleet.
    func describe(_ request: AdminRequest) -> String {
        let text = ReportText.describe(request)
        return plan.isFleet ? "\(plan.instances[request.instance].admin) \(text)" : text
    }

    /// Every instance of a fleet run, skipped ones last; nil for a plain run.
    func instanceRecords() -> [InstanceRecord]? {
        guard plan.isFleet else { return nil }
        var records = plan.instances.enumerated().map { index, instance in
            let log = fleet[index]
            return InstanceRecord(
                admin: instance.admin, optional: instance.optional, status: log.lost == nil ? "ok" : "lost",
                lostAtMs: log.lost.map { milliseconds($0.at) }, reason: log.lost?.reason, injected: log.injected,
                failures: log.failures)
        }
        records += options.skippedInstances.map {
            InstanceRecord(admin: $0.admin, optional: true, status: "skipped", reason: $0.reason)
        }
        return records
    }
}

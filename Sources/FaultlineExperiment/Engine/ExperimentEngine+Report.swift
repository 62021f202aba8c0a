/// Building the report from the engine's state when the run finishes: status, phases, statistics, timings.
import FaultlineCore

extension ExperimentEngine {
    /// The final status, by the design's precedence: a failed rollback, a signal, the gate, a halt, recovery,
    /// then the verdict.
    var status: ExperimentStatus {
        if rollbackFailed { return .rollbackFailed }
        if interruption != nil { return .interrupted }
        if baselineFailed { return .baselineFailed }
        if halt != nil { return .halted }
        if options.dryRun { return .passed }
        if recovery?.stableFrom == nil { return .notRecovered }
        if let verdict, !verdict.allSatisfy(\.met) { return .deviated }
        return .passed
    }

    func milliseconds(_ time: Instant) -> Int64 { (time - t0).wholeMilliseconds }

    func makeReport(_ now: Instant) -> ExperimentReport {
        var report = ExperimentReport(title: plan.file.title, status: status, durationMs: milliseconds(now))
        report.seed = plan.seed
        report.runID = plan.runID
        report.startedAt = wallClock
        report.dryRun = options.dryRun
        report.server = options.server
        report.instances = instanceRecords()
        report.warnings = plan.file.warnings
        report.errors = errors
        report.faults = plan.faults.indices.map(faultRecord)
        let intervals = phaseIntervals(now)
        report.phases = intervals.map {
            PhaseRecord(name: $0.name, fromMs: milliseconds($0.from), toMs: milliseconds($0.to))
        }
        report.probes = probes.map { probeRecord($0, intervals: intervals, now: now) }
        report.timeline = timeline(now)
        report.hypothesis = hypothesisRows()
        report.halt = haltSummary()
        if let rollback {
            report.rollback = RollbackSummary(
                cause: rollback.cause.rawValue, startedAtMs: milliseconds(rollback.startedAt),
                completedAtMs: rollback.completedAt.map(milliseconds), completed: rollback.completedAt != nil
            )
        }
        if let interruption {
            report.interruption = InterruptionSummary(signal: interruption.signal, atMs: milliseconds(interruption.at))
        }
        report.recovery = recoverySummary(now)
        if rollbackFailed { report.leftovers = stateFile() }
        return report
    }

    /// `baseline`, `injection`, `recovery` (those that began), then one `fault:<name>` row per injected fault.
    private func phaseIntervals(_ now: Instant) -> [(name: String, from: Instant, to: Instant)] {
        let injectionStart = firstInjectedAt ?? firstInjectionStartedAt
        var intervals = [(name: "baseline", from: t0, to: injectionStart ?? now)]
        if let injectionStart { intervals.append(("injection", injectionStart, lastRemovalAt ?? now)) }
        if let state = recovery { intervals.append(("recovery", state.from, now)) }
        for (index, fault) in faults.enumerated() {
            guard let injected = fault.injectedAt else { continue }
            intervals.append(("fault:\(plan.faults[index].name)", injected, fault.removedAt ?? now))
        }
        return intervals
    }

    private func faultRecord(_ index: Int) -> FaultRecord {
        let planned = plan.faults[index]
        return FaultRecord(
            name: planned.name, proxies: planned.proxies, toxics: planned.toxicNames,
            effect: ReportText.effect(of: plan.file.faults[index].action), plannedAtMs: planned.start.wholeMilliseconds,
            injectedAtMs: faults[index].injectedAt.map(milliseconds), plannedEndMs: planned.end.wholeMilliseconds,
            removedAtMs: faults[index].removedAt.map(milliseconds),
            instances: plan.isFleet ? planned.instances.map { plan.instances[$0].admin } : nil
        )
    }

    private func probeRecord(
        _ probe: ProbeState, intervals: [(name: String, from: Instant, to: Instant)], now: Instant
    ) -> ProbeRecord {
        var record = ProbeRecord(
            name: probe.planned.name, phases: intervals.map { ($0.name, probe.log.stats(in: $0.from..<$0.to)) }
        )
        // Time to detect: the end of the first failing (or too slow for a tolerance) sample in the injection
        // phase, from the first injection.
        if let injected = firstInjectedAt ?? firstInjectionStartedAt,
            let failure = probe.log.firstFailure(
                from: injected, before: lastRemovalAt ?? .never,
                slowerThan: plan.file.steadyState.detectionLatency(for: probe.planned.name))
        {
            record.firstFailureMs = milliseconds(failure.endedAt)
            record.ttdMs = (failure.endedAt - injected).wholeMilliseconds
        }
        return record
    }

    /// Every probe per second over the report's `durationMs` (whole milliseconds, as the charts' x axis).
    private func timeline(_ now: Instant) -> ReportTimeline {
        let bucketMs = ReportTimeline.defaultBucketMs
        let width = Duration.milliseconds(bucketMs)
        let count = Int((max(0, milliseconds(now)) + bucketMs - 1) / bucketMs)
        return ReportTimeline(
            probes: probes.map {
                ProbeSeries(name: $0.planned.name, buckets: $0.log.buckets(from: t0, width: width, count: count))
            })
    }

    private func hypothesisRows() -> [HypothesisRow] {
        var rows = (gate ?? []).map { HypothesisRow(phase: "baseline", outcome: $0) }
        rows += (verdict ?? []).map { HypothesisRow(phase: "injection", outcome: $0) }
        if let state = recovery, state.evaluatedThrough != nil {
            rows += state.lastOutcomes.map { HypothesisRow(phase: "recovery", outcome: $0) }
        }
        return rows
    }

    private func haltSummary() -> HaltSummary? {
        guard let halt else { return nil }
        let injected = firstInjectedAt ?? firstInjectionStartedAt
        return HaltSummary(
            reason: halt.reason, condition: halt.condition, outcome: halt.outcome, detail: halt.detail,
            phase: halt.phase, haltedAtMs: milliseconds(halt.at),
            rollbackCompletedAtMs: halt.rollbackCompletedAt.map(milliseconds),
            timeToHaltMs: injected.flatMap { $0 <= halt.at ? (halt.at - $0).wholeMilliseconds : nil },
            rollbackMs: halt.rollbackCompletedAt.map { ($0 - halt.at).wholeMilliseconds }
        )
    }

    private func recoverySummary(_ now: Instant) -> RecoverySummary {
        var summary = RecoverySummary()
        summary.withinMs = plan.file.recovery.within.wholeMilliseconds
        summary.stableForMs = plan.file.recovery.stableFor.wholeMilliseconds
        summary.lastRemovalMs = lastRemovalAt.map(milliseconds)
        guard let state = recovery else { return summary }
        summary.evaluated =
            state.stableFrom != nil || now >= state.from + plan.file.recovery.within + plan.file.recovery.stableFor
        if let stable = state.stableFrom {
            summary.recovered = true
            summary.stableFromMs = milliseconds(stable)
            summary.ttrMs = (stable - state.from).wholeMilliseconds
        }
        return summary
    }
}

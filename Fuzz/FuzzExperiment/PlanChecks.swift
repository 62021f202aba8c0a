/// What must hold of the plan a valid experiment file resolves to, before the runner touches anything.
import FaultlineCore
import FaultlineExperiment
import FuzzSupport

enum PlanChecks {
    static func check(_ file: ExperimentFile, seed: UInt64) {
        let plan = ExperimentPlan(file: file, seed: seed, runID: "0badc0de")
        let again = ExperimentPlan(file: file, seed: seed, runID: "0badc0de")
        require(plan == again, "the same seed planned twice differs")
        _ = plan.summary
        for probe in plan.probes {
            require(probe.phase >= .zero && (probe.phase < probe.spec.every || probe.spec.every <= .zero),
                "probe \(probe.name)'s phase \(probe.phase) is outside [0, every)")
        }
        for (planned, spec) in zip(plan.faults, file.faults) {
            require(planned.start >= spec.start.earliest && planned.start <= spec.start.latest,
                "fault \(spec.name) starts at \(planned.start), outside its window")
            require(planned.end >= planned.start, "fault \(spec.name) ends before it starts")
            require(!planned.proxies.isEmpty, "fault \(spec.name) picked no proxy")
            require(planned.proxies.count == min(spec.pick ?? spec.proxies.count, spec.proxies.count),
                "fault \(spec.name) picked \(planned.proxies.count) proxies")
            require(planned.proxies.allSatisfy { spec.proxies.contains($0) }, "fault \(spec.name) picked a stranger")
            // A type this Faultline does not know is sent for the server to judge, and refused by this one.
            if case .toxics(let toxics) = planned.change {
                toxics.filter { FaultToxic(type: $0.type).isKnownType }.forEach(checkBody)
            }
        }
        let offsets = plan.steps.map(\.offset)
        require(zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }, "the plan's steps are out of order")
        require(plan.steps.count == 2 * plan.faults.count, "each fault needs one injection and one removal")
        require(plan.maxDuration > .zero, "a plan without a positive maxDuration")
    }

    /// The body the runner POSTs is one Faultline's own API accepts as it stands, with the same toxic.
    static func checkBody(_ toxic: PlannedToxic) {
        let body = toxic.body(includeSeed: true)
        let decoded: ToxicSpec.CreateBody
        do throws(FaultlineError) {
            decoded = try ToxicSpec.decodeCreateBody(body)
        } catch {
            let text = String(decoding: body, as: UTF8.self)
            require(false, "the server refuses a planned toxic (\(error.message)): \(text)")
            return
        }
        require(
            decoded.attributeError == nil,
            "the server refuses a planned toxic's attributes (\(decoded.attributeError?.message ?? "")): "
                + String(decoding: body, as: UTF8.self))
        let spec = decoded.toxic
        // Attributes the file's type lacks are the server's business (it ignores those it lacks too); the ones
        // it has must read the same on both sides.
        let knownKeys = ToxicKind(typeName: toxic.type)?.attributeKeys ?? []
        let typed = FaultToxic(
            type: toxic.type,
            attributes: toxic.attributes.filter { member in knownKeys.contains { $0.isBytewiseEqual(to: member.key) } }
        ).kind
        require(
            spec.name == toxic.name && spec.kind == typed && spec.stream == toxic.stream
                && spec.toxicity == toxic.toxicity && spec.seed == toxic.seed,
            "the server reads a planned toxic differently: \(String(decoding: body, as: UTF8.self))")
    }
}

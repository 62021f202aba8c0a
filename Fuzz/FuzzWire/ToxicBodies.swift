/// Toxic bodies: a created or patched toxic, as the API shows it, creates or patches to exactly the same toxic.
import FaultlineCore
import FuzzSupport

enum ToxicBodies {
    /// One toxic of every TCP type with its defaults, and a DNS one, for PATCH bodies to land on.
    static let bases: [ToxicSpec] = {
        let types = [
            "latency", "bandwidth", "slow_close", "timeout", "reset_peer", "slicer", "limit_data", "noop", "loss",
            "packet_loss", "nxdomain",
        ]
        var bases = types.compactMap { ToxicKind(typeName: $0) }.map { ToxicSpec(kind: $0) }
        bases.append(ToxicSpec(name: "dns", kind: .dns(type: "latency", attributes: .object([]))))
        return bases
    }()

    static func checkCreate(_ bytes: [UInt8], proxyKind: ProxyKind) {
        guard let body = try? ToxicSpec.decodeCreateBody(bytes, proxyKind: proxyKind) else { return }
        let toxic = body.toxic
        if case .dns = toxic.kind {
            require(proxyKind == .dns, "a DNS toxic was created for a TCP proxy")
        } else {
            require(proxyKind == .tcp, "a TCP toxic was created for a DNS proxy")
            // Building the runtime toxic must cope with any values that got this far.
            _ = toxic.kind.makeToxic(seed: 1, now: .zero)
        }
        guard body.attributeError == nil else { return }
        let shown = toxic.wireJSON
        do throws(FaultlineError) {
            let again = try ToxicSpec.decodeCreateBody(shown, proxyKind: proxyKind)
            let problem = again.attributeError?.message ?? ""
            require(again.attributeError == nil, "the shown toxic has an attribute error: \(problem)")
            require(again.toxic.wireJSON == shown, "create → show → create changed \(WireTarget.text(shown))")
            require(again.toxic.kind == toxic.kind, "attributes changed on a round trip: \(WireTarget.text(shown))")
            require(
                again.toxic.toxicity.bitPattern == toxic.toxicity.bitPattern,
                "toxicity \(toxic.toxicity) came back as \(again.toxic.toxicity)")
        } catch {
            require(false, "the toxic the API shows is refused as a create body (\(error)): \(WireTarget.text(shown))")
        }
    }

    /// A patch keeps name, type and stream and passes validation; restating the result as a patch changes nothing.
    /// The toxic patched is picked by the body's length: one decode per input instead of twelve keeps the target
    /// fast, and the fuzzer still reaches every type by growing or shrinking a body.
    static func checkPatch(_ bytes: [UInt8]) {
        let base = bases[bytes.count % bases.count]
        guard let patched = try? base.applyingPatchBody(bytes) else { return }
        require(
            patched.name == base.name && patched.kind.typeName == base.kind.typeName
                && patched.streamText == base.streamText,
            "a patch changed what it may not")
        require((try? patched.kind.validate()) != nil, "a patched toxic fails validation")
        let shown = patched.wireJSON
        do throws(FaultlineError) {
            let again = try base.applyingPatchBody(shown)
            require(again.wireJSON == shown, "restating a patch changed it: \(WireTarget.text(shown))")
            require(again.kind == patched.kind, "patched attributes changed when restated")
        } catch {
            require(false, "the patched toxic is refused as a patch body (\(error)): \(WireTarget.text(shown))")
        }
    }
}

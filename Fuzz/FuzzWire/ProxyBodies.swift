/// Proxy bodies: what POST /proxies, an update and /populate accept is written back by the API in a form they
/// accept again, with the same meaning.
import FaultlineCore
import FuzzSupport

enum ProxyBodies {
    static let tcpBase = ProxySpec(name: "base", listen: "127.0.0.1:0", upstream: "127.0.0.1:1")
    static let dnsBase = ProxySpec(name: "dns", listen: "127.0.0.1:0", upstream: "", kind: .dns, dns: .object([]))

    /// The proxy object the API answers with; comparing these bytes compares everything clients can see.
    static func wire(_ spec: ProxySpec) -> [UInt8] {
        ProxySnapshot(
            name: spec.name, listen: spec.listen, upstream: spec.upstream, enabled: spec.enabled,
            toxics: spec.toxics, kind: spec.kind, dns: spec.dns
        ).wireJSON
    }

    static func checkCreate(_ bytes: [UInt8]) {
        guard let spec = try? ProxySpec.decodeCreateBody(bytes) else { return }
        require(!spec.name.isEmpty, "a proxy was created without a name")
        require(!spec.requiresUpstream || !spec.upstream.isEmpty, "a TCP proxy was created without an upstream")
        require(spec.kind != .tcp || spec.dns == nil, "a TCP proxy kept a dns block")
        let shown = wire(spec)
        do throws(FaultlineError) {
            let again = try ProxySpec.decodeCreateBody(shown)
            require(wire(again) == shown, "create → show → create changed the proxy: \(WireTarget.text(shown))")
        } catch {
            require(false, "the proxy the API shows is refused as a create body (\(error)): \(WireTarget.text(shown))")
        }
    }

    /// An update merged over a proxy keeps its name and kind; restating the result as a body changes nothing.
    static func checkUpdate(_ bytes: [UInt8]) {
        for base in [tcpBase, dnsBase] {
            guard let updated = try? base.applyingUpdateBody(bytes) else { continue }
            require(updated.name == base.name && updated.kind == base.kind, "an update changed name or kind")
            let shown = wire(updated)
            do throws(FaultlineError) {
                let again = try base.applyingUpdateBody(shown)
                require(wire(again) == shown, "restating an update changed it: \(WireTarget.text(shown))")
            } catch {
                require(false, "the updated proxy is refused as an update body (\(error))")
            }
        }
    }

    static func checkPopulate(_ bytes: [UInt8]) {
        guard let specs = try? ProxySpec.decodePopulateBody(bytes) else { return }
        for spec in specs { checkEntry(spec) }
        // /populate answers with the proxies it made; fed back, the same list must come out.
        let shown = [UInt8]("[".utf8) + specs.map(wire).joined(separator: [UInt8(ascii: ",")]) + [UInt8(ascii: "]")]
        do throws(FaultlineError) {
            let again = try ProxySpec.decodePopulateBody(shown)
            require(again.map(wire) == specs.map(wire), "populate → show → populate changed the proxies")
        } catch {
            require(false, "the populated proxies are refused as a populate body (\(error))")
        }
    }

    /// What a populate or config entry must satisfy for the server to install it.
    static func checkEntry(_ spec: ProxySpec) {
        require(!spec.name.isEmpty, "a populate entry has no name")
        require(!spec.requiresUpstream || !spec.upstream.isEmpty, "a TCP populate entry has no upstream")
        for (index, toxic) in spec.toxics.enumerated() {
            let later = spec.toxics[(index + 1)...]
            require(!later.contains { $0.name.isBytewiseEqual(to: toxic.name) }, "two toxics named \(toxic.name)")
            if case .dns = toxic.kind {
                require(spec.kind == .dns, "a DNS toxic on a TCP proxy")
            } else {
                require(spec.kind == .tcp, "a TCP toxic on a DNS proxy")
            }
            require((try? toxic.kind.validate()) != nil, "an entry's toxic fails validation")
        }
    }
}

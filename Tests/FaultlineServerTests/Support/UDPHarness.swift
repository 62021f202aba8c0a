/// UDP proxy helpers: specs, datagram toxics as the API decodes them, counters read on the loop.
import FaultlineAdmin
import FaultlineCore
import FaultlineServer

extension ProxyHarness {
    /// A UDP proxy on 127.0.0.1:0 relaying to `upstream` (a port on 127.0.0.1), with an optional `udp` block.
    static func udpSpec(
        _ name: String = "u", upstream: UInt16, block: String? = nil, toxics: [ToxicSpec] = []
    ) throws -> ProxySpec {
        ProxySpec(
            name: name, listen: "127.0.0.1:0", upstream: "127.0.0.1:\(upstream)", toxics: toxics, kind: .udp,
            udp: try block.map { try JSONParser.parseFirstValue(Array($0.utf8)) })
    }

    /// A datagram toxic decoded from `attributes` as the API would (strictly, over the type's defaults).
    static func udpToxic(
        _ type: String, _ attributes: String = "{}", stream: Direction = .upstream, toxicity: Float = 1,
        name: String? = nil
    ) throws -> ToxicSpec {
        let kind = try DatagramToxicKind(typeName: type, attributes: try JSONParser.parseFirstValue(Array(attributes.utf8)))
        return ToxicSpec(name: name, kind: .udp(kind), stream: stream, toxicity: toxicity)
    }

    func udpStats(_ name: String = "u") -> UDPProxyCounters {
        server.perform { $0.udpStats(proxy: name) } ?? UDPProxyCounters()
    }

    func addToxic(_ toxic: ToxicSpec, proxy: String = "u") throws {
        _ = try server.control { control throws(FaultlineError) in try control.addToxic(toxic, to: proxy) }
    }
}

/// TEMPORARY until the wire decoders land: a crude reader for flat {"name","listen","upstream"} entries.
import FaultlineCore

enum ProxySpecWire {
    static func decodeConfig(_ bytes: [UInt8]) throws(FaultlineError) -> [ProxySpec] {
        let text = String(decoding: bytes, as: UTF8.self)
        var specs: [ProxySpec] = []
        for entry in text.split(separator: "}").dropLast() {
            let tokens = entry.split(separator: "\"", omittingEmptySubsequences: false)
            func value(_ key: String) -> String {
                guard let i = tokens.firstIndex(where: { $0 == key }), i + 2 < tokens.count else { return "" }
                return String(tokens[i + 2])
            }
            if value("name").isEmpty { continue }
            specs.append(ProxySpec(name: value("name"), listen: value("listen"), upstream: value("upstream")))
        }
        return specs
    }
}

/// The wire JSON fuzz target: the parser and writer round-trip, and every admin body decoder's result reads back.
import FaultlineCore
import FuzzSupport

/// The input is a request body as the admin API receives it, run through every decoder the API uses:
/// POST /proxies, POST|PATCH /proxies/:proxy, POST /proxies/:proxy/toxics (TCP and DNS proxies),
/// POST|PATCH /proxies/:proxy/toxics/:toxic over a toxic of each type, and POST /populate.
enum WireTarget {
    static func run(_ bytes: [UInt8]) {
        checkJSON(bytes)
        ProxyBodies.checkCreate(bytes)
        ProxyBodies.checkUpdate(bytes)
        ProxyBodies.checkPopulate(bytes)
        ToxicBodies.checkCreate(bytes, proxyKind: .tcp)
        ToxicBodies.checkCreate(bytes, proxyKind: .dns)
        ToxicBodies.checkPatch(bytes)
    }

    /// What parses writes back to bytes that parse to the same value and write back identically.
    static func checkJSON(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parseFirstValue(bytes) else { return }
        let written = serialized(value)
        guard let reparsed = try? JSONParser.parseFirstValue(written) else {
            require(false, "written JSON does not parse: \(String(decoding: written, as: UTF8.self))")
            return
        }
        require(reparsed == value, "JSON changed on a round trip: \(value) → \(reparsed)")
        require(serialized(reparsed) == written, "JSON writes differently the second time")
        forEachNumber(in: value, FloatChecks.check)
    }

    static func forEachNumber(in value: JSONValue, _ body: (String) -> Void) {
        switch value {
        case .number(let text): body(text)
        case .array(let items): items.forEach { forEachNumber(in: $0, body) }
        case .object(let members): members.forEach { forEachNumber(in: $0.value, body) }
        case .null, .bool, .string: break
        }
    }

    static func serialized(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        value.write(into: &writer)
        return writer.bytes
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}

/// `GET /toxic-types` for the `http_*` types of TCP proxies: own attributes, then the request matchers.
import FaultlineCore

extension HTTPFaultKind {
    /// Every type of `typeNames`, in that order, with the keys and defaults a toxic created without attributes is
    /// stored with (`HTTPFaultSpec.normalise`), so the list is the decoder's own.
    public static var descriptions: [ToxicTypeDescription] {
        typeNames.compactMap { name in
            let blank = ToxicSpec(kind: .http(type: name, attributes: .object([])))
            guard let spec = try? HTTPFaultSpec(blank), case .object(let defaults) = spec.attributesJSON else {
                return nil
            }
            var notes = attributeNotes[name] ?? [:]
            notes.merge(matchNotes) { own, _ in own }
            notes[HTTPMatch.attributeKeys(forType: name)[2]] = matchHeadersNote
            return ToxicTypeDescription(
                type: name, proxyKinds: [ProxyKind.tcp.rawValue], usesStream: false, help: typeHelp[name] ?? "",
                defaults: defaults, notes: notes)
        }
    }

    static let typeHelp: [String: String] = [
        "http_abort": "Matching requests get this response in the upstream's place; the upstream never sees them.",
        "http_delay": "Holds matching requests (or their responses) for delay ± jitter ms, order kept.",
        "http_reset": "Resets the client at a point of a matching exchange.",
        "http_truncate": "The response head and bytes of its body reach the client, then FIN.",
        "http_header": "Rewrites the request or response head of matching exchanges: remove, then set.",
        "http_status": "Rewrites the status line of matching responses; headers and body are kept.",
        "http_header_faults": "x-faultline-abort and x-faultline-delay request headers act as abort and delay.",
    ]

    static let attributeNotes: [String: [String: AttributeNote]] = [
        "http_abort": [
            "status": .integer("", "Status code of the synthetic response.", in: 100...599),
            "body": .string("Body of the synthetic response."),
            "headers": .headers("Extra response header fields (framing fields are refused)."),
            "close": .boolean("Close the client connection after the response."),
        ],
        "http_delay": [
            "delay": .integer("ms", "How long the message is held.", in: 0...maximumMilliseconds),
            "jitter": .integer("ms", "Spread either side of delay, drawn per request.", in: 0...maximumMilliseconds),
            "phase": .choice("Hold the request or the response head.", HTTPPhase.self),
        ],
        "http_reset": [
            "at": .choice("Where the client is reset.", HTTPResetPoint.self),
            "bytes": .integer("bytes", "Body bytes delivered first (mid_response).", in: 0...maximumBytes),
        ],
        "http_truncate": [
            "bytes": .integer("bytes", "Body bytes delivered, counted as framed.", in: 0...maximumBytes),
            "lie": .boolean("Keep Content-Length as sent (the client sees a short body)."),
        ],
        "http_header": [
            "phase": .choice("Rewrite the request or the response head.", HTTPPhase.self),
            "set": .headers("Fields set: each name's values replaced or added."),
            "remove": .strings("Names whose fields are removed."),
        ],
        "http_status": ["status": .integer("", "The status code the client sees.", in: 100...599)],
    ]

    /// The matchers every type takes (the header matcher's key differs on `http_abort`).
    static let matchNotes: [String: AttributeNote] = [
        "methods": .strings("Request methods matched, case-sensitive; empty: any."),
        "path": .string("Path glob without the query; * matches any run, / included; empty: any."),
        "host": .string("Host header without its port, case-insensitive; empty: any."),
    ]

    static let matchHeadersNote = AttributeNote.headers("Request header fields matched (value *: present); empty: any.")
}

/// The `dns` block of a `kind: "dns"` proxy as JSON: decoded into a `DNSSpec`, and written back normalised.
import FaultlineCore

extension DNSSpec {
    /// The keys of the `dns` block, in the order they are written.
    public static let jsonFields = ["records", "fallback", "udp_size", "upstream_timeout"]
    /// The keys of one record, in the order they are written.
    public static let recordFields = ["name", "type", "value", "ttl"]

    /// Decodes the block as given (nil or `null` is an empty block); errors name the field
    /// (`dns.records[1].ttl`). Values are only read here: `validate(hasUpstream:)` checks them.
    public init(json: JSONValue?) throws(FaultlineError) {
        let object = try DNSJSONObject(json, path: "dns", fields: Self.jsonFields)
        var records: [DNSStaticRecord] = []
        for (index, item) in try object.array("records").enumerated() {
            let record = try DNSJSONObject(item, path: "dns.records[\(index)]", fields: Self.recordFields)
            records.append(
                DNSStaticRecord(
                    name: try record.string("name", default: ""), type: try record.string("type", default: ""),
                    value: try record.string("value", default: ""),
                    ttl: try record.integer("ttl", default: Self.defaultTTL)))
        }
        let fallback = try object.optionalString("fallback")
        self.init(
            records: records, fallback: fallback?.isEmpty == true ? nil : fallback,
            udpSize: try object.integer("udp_size", default: Self.defaultUDPSize),
            upstreamTimeout: try object.integer("upstream_timeout", default: Self.defaultUpstreamTimeout))
    }

    /// The block with every key in `jsonFields` order and defaults filled in: record types upper-cased, and
    /// `fallback` the one in force with (or without) an upstream, so the API shows what the listener does.
    public func json(hasUpstream: Bool) -> JSONValue {
        let records = records.map { record in
            JSONValue.members([
                ("name", .string(record.name)), ("type", .string(record.type.uppercased())),
                ("value", .string(record.value)), ("ttl", .integer(record.ttl)),
            ])
        }
        let fallbackText = (try? resolvedFallback(hasUpstream: hasUpstream))?.rawValue ?? fallback ?? ""
        return .members([
            ("records", .array(records)), ("fallback", .string(fallbackText)), ("udp_size", .integer(udpSize)),
            ("upstream_timeout", .integer(upstreamTimeout)),
        ])
    }
}

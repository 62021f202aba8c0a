/// `clients`, `ttl` and `schedule` on the wire: taken out of a toxic's attributes, checked, and echoed when set.
extension ToxicOptions {
    /// Splits an `attributes` value into the members the toxic's type reads and the members that are these options
    /// (matched by the API's key rule: exact, else case-insensitive). Anything but an object is left whole.
    public static func split(_ value: JSONValue) -> (own: JSONValue, options: [JSONMember]) {
        guard case .object(let members) = value else { return (value, []) }
        var own: [JSONMember] = []
        var options: [JSONMember] = []
        for member in members {
            if JSONValue.field(for: member.key, in: keys) != nil { options.append(member) } else { own.append(member) }
        }
        return (.object(own), options)
    }

    /// These options with `members` laid over them (a `null` keeps the current value), checked. A new `ttl` starts
    /// a new countdown: the server sets `expiresAt` again. Errors name the field: `invalid value for
    /// attributes.clients[1]: must be an IPv4 or IPv6 address or CIDR block (e.g. 10.0.0.0/8, ::1/128)`.
    public func merging(_ members: [JSONMember]) throws(FaultlineError) -> ToxicOptions {
        guard !members.isEmpty else { return self }
        var merged = self
        let reader = try AttributeReader(.object(members), fields: Self.keys, strict: true)
        if let value = reader.raw("clients") { merged.clients = try Self.clients(value) }
        if let ttl = try reader.integer("ttl") {
            try Self.check(ttl, "ttl")
            merged.ttl = ttl
            merged.expiresAt = nil
            merged.remaining = nil
        }
        if let value = reader.raw("schedule") { merged.schedule = try Self.schedule(value) }
        return merged
    }

    /// Appends `,"clients":[…],"ttl":N,"schedule":{"on":N,"off":N}` for the keys that are set (`ttl` shows what
    /// remains when a snapshot computed it).
    public func writeMembers(into writer: inout JSONWriter) {
        if let clients {
            writer.raw(",\"clients\":[")
            for (index, client) in clients.enumerated() {
                if index > 0 { writer.raw(",") }
                writer.string(client.text)
            }
            writer.raw("]")
        }
        if let ttl {
            writer.raw(",\"ttl\":")
            writer.int(remaining ?? ttl)
        }
        if let schedule {
            writer.raw(",\"schedule\":{\"on\":")
            writer.int(schedule.on)
            writer.raw(",\"off\":")
            writer.int(schedule.off)
            writer.raw("}")
        }
    }

    /// The most entries `clients` may list.
    static let maximumClients = 256

    private static func clients(_ value: JSONValue) throws(FaultlineError) -> [ClientRange] {
        guard case .array(let items) = value else {
            throw .invalidValue(field: "attributes.clients", reason: "must be a list of addresses or CIDR blocks")
        }
        guard (1...maximumClients).contains(items.count) else {
            throw .invalidValue(
                field: "attributes.clients", reason: "must list between 1 and \(maximumClients) addresses or blocks")
        }
        var ranges: [ClientRange] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, let range = ClientRange(text) else {
                throw .invalidValue(
                    field: "attributes.clients[\(index)]",
                    reason: "must be an IPv4 or IPv6 address or CIDR block (e.g. 10.0.0.0/8, ::1/128)")
            }
            ranges.append(range)
        }
        return ranges
    }

    private static func schedule(_ value: JSONValue) throws(FaultlineError) -> ToxicSchedule {
        // Not an object: "invalid value for attributes.schedule: must be an object".
        let reader = try AttributeReader(value, path: "attributes.schedule", fields: ["on", "off"], strict: true)
        var halves: [Int64] = []
        for key in ["on", "off"] {
            guard let milliseconds = try reader.integer(key) else {
                throw .invalidValue(field: "attributes.schedule.\(key)", reason: "is required (milliseconds)")
            }
            try check(milliseconds, "schedule.\(key)")
            halves.append(milliseconds)
        }
        return ToxicSchedule(on: halves[0], off: halves[1])
    }

    private static func check(_ milliseconds: Int64, _ key: String) throws(FaultlineError) {
        guard (1...maximumMilliseconds).contains(milliseconds) else {
            throw .invalidValue(
                field: "attributes.\(key)", reason: "must be between 1 and \(maximumMilliseconds) milliseconds")
        }
    }
}

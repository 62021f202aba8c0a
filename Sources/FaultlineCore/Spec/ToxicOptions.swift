/// Faultline's attributes that any toxic may carry beside its type's own: `clients`, `ttl` and `schedule`.
///
/// They travel inside the toxic's `attributes` object, so every Toxiproxy client can send them with its generic
/// "add toxic" call, and they are echoed only when set (after the type's own keys), so a toxic made with
/// Toxiproxy's fields alone is answered byte for byte as before. Two instants are kept beside them, never read
/// from or written to the wire: when the toxic was created (the phase of its `schedule`) and when it expires.
public struct ToxicOptions: Hashable, Sendable {
    /// The keys, in the order they are written.
    public static let keys = ["clients", "ttl", "schedule"]
    /// The longest `ttl` and the longest half-period of a `schedule`: a day (a staging fault is not permanent).
    public static let maximumMilliseconds: Int64 = 86_400_000

    /// The client addresses the toxic applies to (nil: every client); each as given and as parsed.
    public var clients: [ClientRange]?
    /// The lifetime in milliseconds as asked for; echoed as what remains (`remaining`) while the toxic lives.
    public var ttl: Int64?
    public var schedule: ToxicSchedule?
    /// When the server stored the toxic: the phase of its schedule. Nil until then (the schedule then starts
    /// when the toxic is built).
    public var createdAt: Instant?
    /// When the server removes the toxic (`ttl` after it was created or last given a `ttl`).
    public var expiresAt: Instant?
    /// The milliseconds left at the moment a snapshot was taken: the value `ttl` echoes.
    public var remaining: Int64?

    public init(clients: [ClientRange]? = nil, ttl: Int64? = nil, schedule: ToxicSchedule? = nil) {
        self.clients = clients
        self.ttl = ttl
        self.schedule = schedule
    }

    /// Whether no wire key is set: the toxic's JSON is then exactly Toxiproxy's.
    public var isEmpty: Bool { clients == nil && ttl == nil && schedule == nil }

    /// Whether a connection (or query, or session) from `address` (4 or 16 bytes) is one the toxic applies to.
    /// An unknown address (nil) matches only when no `clients` are set.
    public func admits(_ address: [UInt8]?) -> Bool {
        guard let clients else { return true }
        guard let address else { return false }
        return clients.contains { $0.range.contains(address) }
    }

    /// Whether the toxic acts at `now` (its schedule's on phase, or always without one).
    public func isActive(at now: Instant) -> Bool {
        guard let schedule else { return true }
        return schedule.phase(at: now, since: createdAt ?? now).active
    }
}

/// One entry of `clients`: the text as the client sent it (echoed) and the block it names.
public struct ClientRange: Hashable, Sendable {
    public var text: String
    public var range: AddressRange

    /// Nil when `text` is neither an address nor a CIDR block.
    public init?(_ text: String) {
        guard let range = AddressRange(text) else { return nil }
        self.text = text
        self.range = range
    }
}

/// `schedule`: active for `on` milliseconds, inactive for `off`, repeating from the toxic's creation (a flapping
/// network). Inactive means transparent: the toxic lets everything through and holds nothing.
public struct ToxicSchedule: Hashable, Sendable {
    public var on: Int64
    public var off: Int64

    public init(on: Int64, off: Int64) {
        self.on = on
        self.off = off
    }

    /// Whether a toxic created at `start` is active at `now`, and the next instant that changes. Before `start`
    /// (a loop whose clock reading is a little older than the control loop's) counts as the first on phase.
    public func phase(at now: Instant, since start: Instant) -> (active: Bool, next: Instant) {
        let onNanoseconds = UInt64(clamping: max(on, 1)) &* 1_000_000
        let period = onNanoseconds &+ UInt64(clamping: max(off, 1)) &* 1_000_000
        guard now >= start else { return (true, start + .nanoseconds(Int64(clamping: onNanoseconds))) }
        let offset = (now.nanoseconds - start.nanoseconds) % period
        if offset < onNanoseconds {
            return (true, Instant(nanoseconds: now.nanoseconds &+ (onNanoseconds - offset)))
        }
        return (false, Instant(nanoseconds: now.nanoseconds &+ (period - offset)))
    }
}

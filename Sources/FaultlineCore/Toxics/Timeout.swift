/// `timeout`: swallows every byte; with `timeout` > 0 closes the connection after that many milliseconds
/// without incoming data (each chunk restarts the wait, counted from when the toxic arrived). 0 or less: never.
///
/// `.end` is passed on, so a half-close still reaches the other side; it is not data, so the wait keeps
/// running and the connection still closes on time. Update: the wait is re-timed from the last data (or
/// arrival) with the new timeout, closing at once if that has passed. Removal closes the connection, as
/// Toxiproxy's does (its swallowed bytes are gone, so the stream could not continue intact anyway).
public struct Timeout: Toxic {
    public typealias Attributes = TimeoutAttributes

    public private(set) var attributes: Attributes
    /// When the toxic arrived or last saw data: the wait runs from here.
    private var lastActivity: Instant
    private var closed = false

    public init(_ attributes: Attributes, now: Instant) {
        self.attributes = attributes
        self.lastActivity = now
    }

    public mutating func receive(_ event: StreamEvent, now: Instant, into out: inout [ToxicAction]) {
        guard !closed else { return }
        if event == .end {
            out.append(.emit(.end))
        } else {
            lastActivity = now
        }
    }

    public var nextWake: Instant? {
        guard !closed, attributes.timeout > 0 else { return nil }
        return lastActivity + .clampedMilliseconds(attributes.timeout)
    }

    public mutating func wake(now: Instant, into out: inout [ToxicAction]) {
        guard let due = nextWake, due <= now else { return }
        close(into: &out)
    }

    public mutating func flush(now: Instant, into out: inout [ToxicAction]) {
        guard !closed else { return }
        close(into: &out)
    }

    public mutating func update(to kind: ToxicKind, now: Instant, into out: inout [ToxicAction]) -> Bool {
        guard case .timeout(let attributes) = kind else { return false }
        self.attributes = attributes
        wake(now: now, into: &out)
        return true
    }

    private mutating func close(into out: inout [ToxicAction]) {
        closed = true
        out.append(.close)
    }
}

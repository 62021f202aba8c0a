/// The state of an engine's request side: client bytes, parsed into heads and bodies, flowing upstream.

/// The request side: client bytes, flowing upstream.
struct RequestSide {
    enum State {
        /// Looking for the next head (`scanner`, `buffer`).
        case head
        /// Following a body; `forward` false discards it (an aborted request's).
        case body(BodyTracker, forward: Bool)
        /// Behind an `Upgrade` request awaiting its answer: bytes collect in `paused` (they may be another
        /// protocol's).
        case paused
        case passthrough
        /// The client is being closed or reset: its bytes go nowhere.
        case discard
        /// Mid-stream, before a trustworthy request boundary.
        case resync

        var isBoundary: Bool {
            switch self {
            case .head, .resync: true
            default: false
            }
        }
    }

    var state = State.head
    var scanner: HeadScanner
    var layout = HeadLayout()
    /// Head bytes of earlier reads (a head split across reads); empty almost always.
    var buffer: [UInt8] = []
    var paused: [UInt8] = []
    /// Where to go when the current body ends.
    var afterBody = State.head
    /// The `Upgrade` request's answer has not arrived: pause after its body.
    var awaitingUpgradeAnswer = false
    /// The response side gave up: pass through from the next request boundary.
    var giveUpAtBoundary = false
    /// A request head was parsed on this connection (a later garbage line is a malformed head, not "not HTTP").
    var sawRequest = false
    /// The next head is the resync probe.
    var nextIsProbe = false

    init(_ configuration: HTTPExchange.Configuration) {
        scanner = HeadScanner(.request, maxBytes: configuration.maxHeadBytes, maxFields: configuration.maxHeaderCount)
    }
}

/// The state of an engine's response side: upstream bytes, parsed into heads and bodies, flowing downstream.

/// The response side: upstream bytes, flowing downstream.
struct ResponseSide {
    /// Where a response-phase fault cuts the body: after `remaining` more body bytes, by FIN or by RST.
    struct Cut {
        var remaining: Int64
        var reset: Bool
    }

    enum State {
        case head
        case body(BodyTracker, cut: Cut?)
        /// `after_request` reset: the client is gone; read this response to its end, then close the upstream.
        case discardBody(BodyTracker)
        case passthrough
        case discard
        /// Mid-stream, before the probe request was forwarded.
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
    var buffer: [UInt8] = []
    /// The response being forwarded is read until the upstream closes.
    var untilClose = false

    init(_ configuration: HTTPExchange.Configuration) {
        scanner = HeadScanner(.response, maxBytes: configuration.maxHeadBytes, maxFields: configuration.maxHeaderCount)
    }
}

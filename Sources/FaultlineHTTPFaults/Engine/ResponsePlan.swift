/// The response-phase faults decided for a request, carried until its response arrives.
import FaultlineHTTP

/// The response-phase faults decided for a request when its head arrived.
struct ResponsePlan {
    /// `http_reset` `after_request`: RST the client when the response head arrives.
    var resetOnHead = false
    /// `http_status`: the status line the client sees.
    var status: Int?
    /// `http_header` with phase `response`, in creation order.
    var edits: [HTTPHeaderAttributes] = []
    /// `http_delay` with phase `response`.
    var delays: [DelayShare] = []
    /// `http_truncate`: FIN after this many body bytes (the smallest hit), and whether to keep the length.
    var truncate: HTTPTruncateAttributes?
    /// `http_reset` `mid_response`: RST after this many body bytes (the smallest hit).
    var resetAfter: Int64?

    var rewritesHead: Bool { status != nil || !edits.isEmpty || truncate?.lie == false }
}

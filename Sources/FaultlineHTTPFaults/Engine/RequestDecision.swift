/// What the faults decided for one request when its head arrived.
import FaultlineHTTP

/// The outcome of evaluating every rule against one request head, in creation order.
struct RequestDecision {
    /// The one terminal fault that acts (the first hit among aborts and before/after-request resets).
    enum Terminal: Equatable {
        case abort(HTTPAbortAttributes)
        case resetBeforeRequest
        case resetAfterRequest
    }

    var terminal: Terminal?
    /// `http_delay` with phase `request` (and `x-faultline-delay`): the request waits for their sum.
    var requestDelays: [DelayShare] = []
    /// `http_header` with phase `request`, in creation order.
    var requestEdits: [HTTPHeaderAttributes] = []
    /// The proxy has `http_header_faults` and the request carries control fields: remove them before forwarding.
    var stripControls = false
    var plan = ResponsePlan()
}

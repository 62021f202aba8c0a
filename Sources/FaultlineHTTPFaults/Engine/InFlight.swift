/// One request the response side still owes the client an answer for, with the response-phase faults decided.
import FaultlineCore

/// An entry of the first-in-first-out queue that pairs responses with requests (pipelining).
struct InFlight {
    enum Kind {
        /// Forwarded; the upstream answers it.
        case forwarded
        /// The first request parsed after becoming HTTP-aware mid-stream: never faulted; its response proves the
        /// two sides are in step.
        case probe
        /// Carries `Upgrade`: never faulted; a `101` answer ends HTTP on this connection.
        case upgrade
        /// `http_abort`: the engine answers with `bytes` in the request's place, released by `gate`.
        case synthetic(bytes: [UInt8], status: Int, closeAfter: Bool, gate: Gate)
        /// `http_reset` `before_request`: RST the client in the request's place, released by `gate`.
        case resetBefore(gate: Gate)
        /// The request side gave up here: the response side passes through once it gets this far.
        case giveUp(PassthroughReason)
    }

    var kind: Kind
    /// The request was HEAD: its response has no body whatever its fields say.
    var answersHEAD = false
    var plan = ResponsePlan()

    /// Takes `rule`'s delay shares out of what is still to come (its toxic was removed).
    mutating func removeShares(of rule: Int) {
        plan.delays.removeAll { $0.rule == rule }
        switch kind {
        case .synthetic(let bytes, let status, let closeAfter, var gate):
            if gate.removeShares(of: rule) {
                kind = .synthetic(bytes: bytes, status: status, closeAfter: closeAfter, gate: gate)
            }
        case .resetBefore(var gate):
            if gate.removeShares(of: rule) { kind = .resetBefore(gate: gate) }
        default:
            break
        }
    }
}

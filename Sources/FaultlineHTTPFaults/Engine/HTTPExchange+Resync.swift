/// Becoming HTTP-aware mid-stream: where to start parsing when the engine did not see the connection begin.
import FaultlineCore

/// The rule. An engine made with `midStream: true` passes both directions through untouched and watches client
/// reads. It starts parsing at a client read that
///
/// 1. begins with a complete, well-formed HTTP/1.x request line (clients write a request's head in one go, so a
///    read that starts a request starts with its line), and
/// 2. follows bytes from the upstream, or comes first: a client that sends twice in a row may be pipelining, with
///    a response still on its way.
///
/// That request is a *probe*: parsed and paired but never faulted. The first upstream bytes after it was
/// forwarded must be a status line (anything else is the tail of an earlier response), its response must parse
/// and end as framed; only then is the connection in step, and faults apply from the next request. Any failure on
/// the way passes the connection through for good (`unsynchronised`). The residual risk: a pipelining client
/// whose read began exactly at a request after a pause, with an earlier response arriving next and starting at a
/// read boundary; the bytes stay intact, but the probe's response would be taken for the earlier one's.
extension HTTPExchange {
    /// In `.waiting`: whether `input` starts the probe (then parsing begins with it); otherwise it passes through.
    func beginProbe(_ input: Input) -> Bool {
        guard case .waiting(let lastFromClient) = sync else { return true }
        if !lastFromClient && Self.beginsWithRequestLine(input.bytes) {
            sync = .probing
            request.state = .head
            request.nextIsProbe = true
            return true
        }
        sync = .waiting(lastFromClient: true)
        emit(0..<input.bytes.count, of: input, .upstream)
        return false
    }

    static func beginsWithRequestLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sniffer = StartLineSniffer(.request)
        for byte in bytes {
            switch sniffer.feed(byte) {
            case .more: continue
            case .done: return true
            case .failed: return false
            }
        }
        return false
    }
}

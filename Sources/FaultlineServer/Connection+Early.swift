/// Client bytes that arrive before the upstream is connected: held (up to the fast-path window) until it is.
import FaultlineCore
import FaultlinePosix

extension Connection {
    func readEarly(_ events: Interest) {
        if events.contains(.error) {
            close(reason: nil)
            return
        }
        while !earlyEOF && early.count < context.config.passthroughWindow {
            let result: IOResult<Int>?
            do {
                result = try readSocket(.client, into: context.scratch)
            } catch {
                close(reason: nil)
                return
            }
            guard case .processed(let count)? = result else { return }
            if count == 0 {
                earlyEOF = true
            } else {
                proxy.counters.received.upstream &+= UInt64(count)
                early.append(UnsafeRawBufferPointer(rebasing: context.scratch[..<count]))
            }
        }
        if events.contains(.hangup) {
            close(reason: nil)  // the client is gone before the upstream answered
        } else if !earlyEOF && early.count >= context.config.passthroughWindow {
            // Stopped at the window with data left: remember it, the edge will not come again.
            ready.client.insert(.readable)
        }
    }
}

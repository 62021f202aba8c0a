/// Writing queued bytes to a socket until it would block: shared by every session that queues output.
import FaultlineCore

extension TCPSocket {
    /// Writes from the front of `queue` until it is empty or the socket would block; returns the bytes written.
    public func write(from queue: inout ByteQueue) throws(Errno) -> Int {
        var total = 0
        while !queue.isEmpty {
            var failure: Errno?
            let written = queue.consumeFront { chunk in
                do throws(Errno) {
                    if case .processed(let count) = try write(chunk) { return count }
                } catch {
                    failure = error
                }
                return 0
            }
            if let failure { throw failure }
            if written == 0 { break }
            total += written
        }
        return total
    }
}

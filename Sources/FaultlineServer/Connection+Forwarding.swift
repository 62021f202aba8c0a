/// Moving bytes: read a source, pass through toxics (if any), write or queue for the destination, propagate EOF/RST.
import FaultlineCore
import FaultlinePosix

extension Connection {
    /// Reads per readiness event before yielding to other connections (level-triggered epoll brings us back).
    private static let readsPerEvent = 4

    static func source(of direction: Direction) -> Side { direction == .upstream ? .client : .upstream }
    static func destination(of direction: Direction) -> Side { direction == .upstream ? .upstream : .client }
    /// The direction whose bytes come from `side`.
    static func outbound(from side: Side) -> Direction { side == .client ? .upstream : .downstream }

    func startForwarding() {
        installToxics()
        afterActivity()
    }

    func handleOpen(_ events: Interest, side: Side) {
        if events.contains(.error), let error = socketError(side) {
            aborted(side: side, error)
            return
        }
        let inbound = Self.outbound(from: side).opposite
        if events.contains(.writable) || events.contains(.hangup) { flush(inbound) }
        guard phase == .open else { return }
        if events.contains(.readable) || events.contains(.hangup) { read(Self.outbound(from: side)) }
        guard phase == .open else { return }
        if events.contains(.hangup) { parkHungUp(side) }
    }

    // MARK: Reading

    /// Reads a few times from the direction's source; returns whether any bytes (or EOF) arrived.
    @discardableResult
    func read(_ direction: Direction) -> Bool {
        let source = Self.source(of: direction)
        var reads = 0
        while reads < Self.readsPerEvent, canRead(direction) {
            reads += 1
            let result: IOResult<Int>?
            do {
                result = try readSocket(source, into: context.scratch)
            } catch {
                aborted(side: source, error)
                return false
            }
            guard case .processed(let count)? = result else { return reads > 1 }
            if count == 0 {
                pumps[direction].sourceEOF = true
                receive(.end, direction)
                return true
            }
            proxy.counters.received[direction] &+= UInt64(count)
            receive(UnsafeRawBufferPointer(rebasing: context.scratch[..<count]), direction)
            // A short read means the socket is (almost surely) drained: skip the EAGAIN round trip.
            if count < context.scratch.count || phase != .open { return true }
        }
        return reads > 0
    }

    /// Bytes just read: through the toxics, or straight to the destination on the fast path.
    private func receive(_ bytes: UnsafeRawBufferPointer, _ direction: Direction) {
        if hasToxics(direction) {
            receiveThroughToxics(.bytes(Array(bytes)), direction)
        } else {
            emit(bytes, direction)
        }
        account(direction)
    }

    private func receive(_ event: StreamEvent, _ direction: Direction) {
        if hasToxics(direction) {
            receiveThroughToxics(event, direction)
        } else {
            output(.emit(event), direction)
        }
        account(direction)
    }

    // MARK: Output

    /// What comes out of the toxics (or straight from the source) for `direction`'s destination.
    func output(_ action: ToxicAction, _ direction: Direction) {
        guard phase == .open else { return }
        switch action {
        case .emit(.bytes(let bytes)):
            bytes.withUnsafeBytes { emit($0, direction) }
        case .emit(.end):
            pumps[direction].endQueued = true
            flush(direction)
        case .close:
            // Bytes the toxics already let through still reach the peer (limit_data's exact count); then FIN.
            closingAfter = direction
            if pumps[direction].queue.isEmpty { close(reason: nil) }
        case .reset:
            close(reason: "reset by toxic", resetting: (true, true))
        }
        guard phase == .open else { return }
        account(direction)
        if !busy { afterActivity() }
    }

    /// Writes what the destination takes now and queues the rest, keeping order behind anything queued.
    private func emit(_ bytes: UnsafeRawBufferPointer, _ direction: Direction) {
        guard !bytes.isEmpty else { return }
        var remaining = bytes
        if pumps[direction].queue.isEmpty {
            let destination = Self.destination(of: direction)
            while !remaining.isEmpty {
                let result: IOResult<Int>?
                do {
                    result = try writeSocket(destination, remaining)
                } catch {
                    aborted(side: destination, error)
                    return
                }
                guard case .processed(let written)? = result else { break }
                proxy.counters.sent[direction] &+= UInt64(written)
                remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
            }
        }
        if !remaining.isEmpty { pumps[direction].queue.append(remaining) }
    }

    /// Writes queued bytes until the destination would block; then propagates a pending EOF.
    func flush(_ direction: Direction) {
        let destination = Self.destination(of: direction)
        while !pumps[direction].queue.isEmpty {
            var failure: Errno?
            var blocked = false
            let written = pumps[direction].queue.consumeFront { chunk in
                do throws(Errno) {
                    switch try writeSocket(destination, chunk) {
                    case .processed(let count)?: return count
                    case .wouldBlock?, nil: blocked = true
                    }
                } catch {
                    failure = error
                }
                return 0
            }
            proxy.counters.sent[direction] &+= UInt64(written)
            if let failure {
                aborted(side: destination, failure)
                return
            }
            if blocked { break }
        }
        let pump = pumps[direction]
        if pump.queue.isEmpty && closingAfter == direction {
            close(reason: nil)
            return
        }
        if pump.queue.isEmpty && pump.endQueued && !pump.shutdownSent {
            pumps[direction].shutdownSent = true
            shutdownWrite(destination)
        }
        account(direction)
    }

    // MARK: Failures

    /// A socket reported an error (reset, broken pipe…): reset the other side too, so the failure propagates.
    func aborted(side: Side, _ error: Errno) {
        let reason = "\(side == .client ? "client" : "upstream"): \(error)"
        close(reason: reason, resetting: (client: side == .upstream, upstream: side == .client))
    }

    private func socketError(_ side: Side) -> Errno? {
        side == .client ? client?.pendingError() : upstream?.pendingError()
    }

    // MARK: Socket access by side

    func readSocket(_ side: Side, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int>? {
        side == .client ? try client?.read(into: buffer) : try upstream?.read(into: buffer)
    }

    func writeSocket(_ side: Side, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int>? {
        side == .client ? try client?.write(buffer) : try upstream?.write(buffer)
    }

    private func shutdownWrite(_ side: Side) {
        if side == .client { client?.shutdownWrite() } else { upstream?.shutdownWrite() }
    }
}

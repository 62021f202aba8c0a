/// Moving bytes: read a source, pass through toxics (if any), write or queue for the destination, propagate EOF/RST.
import FaultlineCore
import FaultlinePosix

extension Connection {
    static func source(of direction: Direction) -> Side { direction == .upstream ? .client : .upstream }
    static func destination(of direction: Direction) -> Side { direction == .upstream ? .upstream : .client }

    // MARK: Reading

    /// One read from the direction's source; returns whether bytes or EOF arrived. A short read or EAGAIN
    /// clears the source's readable flag: the next arrival raises a new edge.
    func read(_ direction: Direction) -> Bool {
        if pumps[direction].bulk && pumps[direction].queue.isEmpty, http == nil, mayBypassToxics(direction),
            let moved = spliceIn(direction)
        {
            return moved
        }
        let source = Self.source(of: direction)
        if http == nil && hasToxics(direction) { return readChunk(direction, from: source) }
        let result: IOResult<Int>?
        do {
            result = try readSocket(source, into: context.scratch)
        } catch {
            aborted(side: source, error)
            return false
        }
        guard case .processed(let count)? = result else {
            clearReady(source, .readable)
            return false
        }
        if count == 0 {
            clearReady(source, [.readable, .readHangup])
            pumps[direction].sourceEOF = true
            context.catchUp()  // a slow_close added just before the peer's FIN must hold it
            if phase == .open { receive(.end, direction) }
            return true
        }
        if count < context.scratch.count {
            if !isReady(source, .readHangup) { clearReady(source, .readable) }
        } else {
            pumps[direction].bulk = true
        }
        proxy.counters.received[direction] &+= UInt64(count)
        let bytes = UnsafeRawBufferPointer(rebasing: context.scratch[..<count])
        if context.mailbox.hasPending {
            // A toxic edit the API already answered waits: apply it first, so these bytes meet it. The bytes leave
            // the scratch buffer first, since the edit may make other connections read.
            let copy = Array(bytes)
            context.catchUp()
            if phase == .open { copy.withUnsafeBytes { receive($0, direction) } }
            return true
        }
        receive(bytes, direction)
        return true
    }

    /// A direction with toxics reads straight into the chunk they will hold instead of copying it out of the
    /// scratch buffer (perf: that copy was a tenth of a latency toxic's path). A chunk less than half full is
    /// copied to its size, so what toxics hold stays within twice what the budget counts.
    private func readChunk(_ direction: Direction, from source: Side) -> Bool {
        let capacity = context.scratch.count
        var outcome: IOResult<Int>?
        var failure: Errno?
        var chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            do throws(Errno) {
                outcome = try readSocket(source, into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                failure = error
            }
            if case .processed(let count)? = outcome { initialized = count } else { initialized = 0 }
        }
        if let failure {
            aborted(side: source, failure)
            return false
        }
        guard case .processed(let count)? = outcome else {
            clearReady(source, .readable)
            return false
        }
        if count == 0 {
            clearReady(source, [.readable, .readHangup])
            pumps[direction].sourceEOF = true
            context.catchUp()
            if phase == .open { receive(.end, direction) }
            return true
        }
        if count < capacity {
            if !isReady(source, .readHangup) { clearReady(source, .readable) }
            if count < capacity / 2 { chunk = Array(chunk[...]) }
        } else {
            pumps[direction].bulk = true
        }
        proxy.counters.received[direction] &+= UInt64(count)
        context.catchUp()  // an edit the API already answered meets these bytes
        guard phase == .open else { return true }
        if let http {
            chunk.withUnsafeBytes { receiveHTTP(http, $0, direction) }
        } else {
            pass(chunk, direction)
        }
        carried = true
        return true
    }

    /// Bytes just read: into the HTTP engine when there is one, else on their way to the destination.
    func receive(_ bytes: UnsafeRawBufferPointer, _ direction: Direction) {
        if let http {
            receiveHTTP(http, bytes, direction)
        } else {
            pass(bytes, direction)
        }
        carried = true
    }

    func receive(_ event: StreamEvent, _ direction: Direction) {
        guard let http else { return pass(event, direction) }
        switch event {
        case .bytes(let bytes): bytes.withUnsafeBytes { receiveHTTP(http, $0, direction) }
        case .end: receiveHTTPEnd(http, direction)
        }
    }

    /// Bytes on their way to the destination: through the toxics, or straight to it on the fast path or when every
    /// toxic would pass them at once and unchanged (noop, latency 0, a rate the link cannot reach…).
    func pass(_ bytes: UnsafeRawBufferPointer, _ direction: Direction) {
        if hasToxics(direction), materialize(direction)?.passThrough(bytes.count) != true {
            receiveThroughToxics(.bytes(Array(bytes)), direction)
        } else {
            emit(bytes, direction)
        }
        account(direction)
    }

    /// The same for a chunk read into its own storage: the toxics keep it as it is.
    func pass(_ chunk: [UInt8], _ direction: Direction) {
        if hasToxics(direction), materialize(direction)?.passThrough(chunk.count) != true {
            receiveThroughToxics(.bytes(chunk), direction)
        } else {
            chunk.withUnsafeBytes { emit($0, direction) }
        }
        account(direction)
    }

    func pass(_ event: StreamEvent, _ direction: Direction) {
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
            emit(bytes, direction)
        case .emit(.end):
            pumps[direction].endQueued = true
            flush(direction)
        case .close:
            // Bytes the toxics already let through still reach the peer (limit_data's exact count); then FIN.
            closingAfter = direction
            if pumps[direction].queue.isEmpty && pumps[direction].inPipe == 0 { close(reason: nil) }
        case .reset:
            close(reason: "reset by toxic", resetting: (true, true))
        }
    }

    /// Writes what the destination takes now and queues the rest (copied: these bytes are borrowed), keeping order
    /// behind anything queued.
    private func emit(_ bytes: UnsafeRawBufferPointer, _ direction: Direction) {
        guard !bytes.isEmpty, let written = writeNow(bytes, direction) else { return }
        if written < bytes.count { pumps[direction].queue.append(UnsafeRawBufferPointer(rebasing: bytes[written...])) }
    }

    /// The same for a chunk the toxics own: what the destination does not take now is queued without a copy.
    private func emit(_ chunk: [UInt8], _ direction: Direction) {
        guard !chunk.isEmpty, let written = chunk.withUnsafeBytes({ writeNow($0, direction) }) else { return }
        pumps[direction].queue.append(chunk, from: written)
    }

    /// Writes as much of `bytes` as the destination takes now, if nothing is queued before them; nil after a failure
    /// (the connection is aborted).
    private func writeNow(_ bytes: UnsafeRawBufferPointer, _ direction: Direction) -> Int? {
        let destination = Self.destination(of: direction)
        guard pumps[direction].queue.isEmpty && pumps[direction].inPipe == 0 && isReady(destination, .writable)
        else { return 0 }
        var written = 0
        while written < bytes.count {
            let result: IOResult<Int>?
            do {
                result = try writeSocket(destination, UnsafeRawBufferPointer(rebasing: bytes[written...]))
            } catch {
                aborted(side: destination, error)
                return nil
            }
            guard case .processed(let count)? = result else {
                clearReady(destination, .writable)
                break
            }
            proxy.counters.sent[direction] &+= UInt64(count)
            written += count
        }
        return written
    }

    /// Writes queued (or piped) bytes until the destination would block; then propagates a pending EOF or close.
    func flush(_ direction: Direction) {
        let destination = Self.destination(of: direction)
        if pumps[direction].inPipe > 0 {
            spliceOut(direction)
            guard phase == .open else { return }
        }
        guard tls == nil || flushTLS(destination) else { return }
        while !pumps[direction].queue.isEmpty && isReady(destination, .writable) {
            var failure: Errno?
            // Up to 16 queued chunks leave with one gathered write (a latency toxic releases several at once).
            let written = pumps[direction].queue.consumeFront(upTo: 16) { chunks in
                do throws(Errno) {
                    switch try writeSocket(destination, gathering: chunks) {
                    case .processed(let count)?: return count
                    case .wouldBlock?, nil: break
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
            if written == 0 { clearReady(destination, .writable) }
        }
        let drained = pumps[direction].queue.isEmpty && pumps[direction].inPipe == 0 && tlsPending(destination) == 0
        if drained && closingAfter == direction {
            close(reason: nil)
            return
        }
        if drained && pumps[direction].endQueued && !pumps[direction].shutdownSent {
            pumps[direction].shutdownSent = true
            // The HTTP engine asked for a close or reset of this socket after these bytes, not a half-close.
            if http?.endings[direction] != nil { return finishEnding(direction) }
            // When the other direction is already finished the connection closes next, and close sends the FIN.
            if !pumps[direction.opposite].shutdownSent { shutdownWrite(destination) }
        }
        account(direction)
    }

    // MARK: Failures

    /// A socket reported an error (reset, broken pipe…): reset the other side too, so the failure propagates.
    func aborted(side: Side, _ error: Errno) {
        let reason = "\(side == .client ? "client" : "upstream"): \(error)"
        close(reason: reason, resetting: (client: side == .upstream, upstream: side == .client))
    }

    // MARK: Socket access by side

    func readSocket(_ side: Side, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int>? {
        if let stage = tls?[side] { return try readTLS(stage, into: buffer) }
        return side == .client ? try client?.read(into: buffer) : try upstream?.read(into: buffer)
    }

    func writeSocket(_ side: Side, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int>? {
        if let stage = tls?[side] { return try writeTLS(stage, buffer) }
        return side == .client ? try client?.write(buffer) : try upstream?.write(buffer)
    }

    func writeSocket(_ side: Side, gathering buffers: [UnsafeRawBufferPointer]) throws(Errno) -> IOResult<Int>? {
        guard let stage = tls?[side] else {
            return side == .client ? try client?.write(gathering: buffers) : try upstream?.write(gathering: buffers)
        }
        // A TLS session seals one buffer at a time: go on while each is taken whole.
        var written = 0
        for buffer in buffers {
            switch try writeTLS(stage, buffer) {
            case .processed(let count)?:
                written += count
                if count < buffer.count { return .processed(written) }
            case .wouldBlock?, nil:
                return written > 0 ? .processed(written) : .wouldBlock
            }
        }
        return .processed(written)
    }

    private func shutdownWrite(_ side: Side) {
        if let stage = tls?[side] { return shutdownTLS(stage) }
        if side == .client { client?.shutdownWrite() } else { upstream?.shutdownWrite() }
    }
}

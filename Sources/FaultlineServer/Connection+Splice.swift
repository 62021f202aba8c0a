/// The zero-copy fast path for directions without toxics: source socket → pooled pipe → destination socket.
import FaultlineCore
import FaultlinePosix

extension Connection {
    func descriptor(_ side: Side) -> CInt? {
        side == .client ? client?.rawValue : upstream?.rawValue
    }

    /// Splices from the source into this direction's pipe; nil when the pipe path is unavailable (no pipe to
    /// lend, splice refused), and the caller then reads into user space instead.
    func spliceIn(_ direction: Direction) -> Bool? {
        let source = Self.source(of: direction)
        // TLS bytes must pass through their session in user space.
        guard tls == nil, let sourceFD = descriptor(source) else { return nil }
        if pumps[direction].pipe == nil {
            guard let pipe = context.pipes.take() else { return nil }
            pumps[direction].pipe = pipe
        }
        guard let pipe = pumps[direction].pipe else { return nil }
        let room = pipe.capacity - pumps[direction].inPipe
        guard room > 0 else { return false }
        let pipeWasEmpty = pumps[direction].inPipe == 0
        let result: IOResult<Int>
        do {
            result = try Splice.move(from: sourceFD, to: pipe.writeEnd.rawValue, count: room)
        } catch {
            if error == .invalidArgument {
                context.pipes.unavailable = true  // this kernel will not splice sockets: read/write from now on
                returnPipeIfEmpty(direction)
                return nil
            }
            aborted(side: source, error)
            return false
        }
        switch result {
        case .wouldBlock:
            // A pipe fills by slots (one per packet fragment), not bytes, so EAGAIN proves the socket empty
            // only when the pipe was empty; otherwise drain the pipe first and try again.
            if pipeWasEmpty {
                clearReady(source, .readable)
                pumps[direction].bulk = false
            }
            returnPipeIfEmpty(direction)
            return false
        case .processed(0):
            clearReady(source, [.readable, .readHangup])
            pumps[direction].bulk = false
            returnPipeIfEmpty(direction)
            pumps[direction].sourceEOF = true
            context.catchUp()
            if phase == .open { receive(.end, direction) }
            return true
        case .processed(let count):
            // A short count says nothing either (slots may have run out): keep the flag; EAGAIN settles it.
            pumps[direction].inPipe += count
            proxy.counters.received[direction] &+= UInt64(count)
            let edited = context.catchUp()
            guard phase == .open else { return true }
            // A toxic edit the API answered before these bytes arrived changed this direction (or made the connection
            // HTTP-aware): they meet it. Else the direction's toxics (if any) were all transparent: they count the
            // bytes that passed.
            if http != nil || (hasToxics(direction) && (edited || pumps[direction].link?.passThrough(count) != true)) {
                return reroute(fresh: count, direction)
            }
            spliceOut(direction)
            account(direction)
            return true
        }
    }

    /// Bytes just spliced in, after a toxic joined: the pipe's older bytes go to the queue (read before the toxic
    /// existed), the last `fresh` into the toxics.
    private func reroute(fresh: Int, _ direction: Direction) -> Bool {
        guard let pipe = pumps[direction].pipe else { return true }
        var buffer = [UInt8](repeating: 0, count: pumps[direction].inPipe)
        var filled = 0
        while filled < buffer.count {
            let result = buffer.withUnsafeMutableBytes { raw in
                try? pipe.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            guard case .processed(let count)? = result, count > 0 else { break }
            filled += count
        }
        pumps[direction].inPipe = 0
        returnPipeIfEmpty(direction)
        let older = max(0, filled - fresh)
        buffer.withUnsafeBytes { raw in
            if older > 0 { pumps[direction].queue.append(UnsafeRawBufferPointer(rebasing: raw[..<older])) }
            receive(UnsafeRawBufferPointer(rebasing: raw[older..<filled]), direction)
        }
        return true
    }

    /// Splices the pipe's bytes to the destination while it takes them; the pipe goes back to the pool empty.
    func spliceOut(_ direction: Direction) {
        let destination = Self.destination(of: direction)
        guard let destinationFD = descriptor(destination), let pipe = pumps[direction].pipe else { return }
        while pumps[direction].inPipe > 0 && isReady(destination, .writable) {
            let result: IOResult<Int>
            do {
                result = try Splice.move(from: pipe.readEnd.rawValue, to: destinationFD, count: pumps[direction].inPipe)
            } catch {
                aborted(side: destination, error)
                return
            }
            guard case .processed(let count) = result, count > 0 else {
                clearReady(destination, .writable)
                break
            }
            pumps[direction].inPipe -= count
            proxy.counters.sent[direction] &+= UInt64(count)
        }
        returnPipeIfEmpty(direction)
    }

    func returnPipeIfEmpty(_ direction: Direction) {
        guard pumps[direction].inPipe == 0, let pipe = pumps[direction].pipe else { return }
        pumps[direction].pipe = nil
        context.pipes.give(pipe)
    }

    /// On close: pipes with bytes still in them are dropped (closed), empty ones go back to the pool.
    func releasePipes() {
        for direction in Direction.both {
            guard let pipe = pumps[direction].pipe else { continue }
            pumps[direction].pipe = nil
            if pumps[direction].inPipe == 0 { context.pipes.give(pipe) } else { context.pipes.discard(pipe) }
            pumps[direction].inPipe = 0
        }
    }
}

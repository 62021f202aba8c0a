/// One admin HTTP connection: bytes → parser → AdminAPI → bytes, with keep-alive, pipelining and timeouts.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import FaultlinePosix

final class AdminSession: EventHandler {
    /// Go's http.Server settings in Toxiproxy (`ServerConfig.adminTimeouts`): a request must arrive within
    /// 15 s of its first byte, an idle keep-alive connection lives 60 s, a response must be taken within 30 s.
    private var readTimeout: Duration { listener.context.config.adminTimeouts.read }
    private var idleTimeout: Duration { listener.context.config.adminTimeouts.idle }
    private var writeTimeout: Duration { listener.context.config.adminTimeouts.write }
    /// Stop reading further requests while this much response data waits for a slow reader.
    static let outputLimit = 4 << 20
    /// Requests answered per turn of the loop: a client pipelining thousands must not stall every other
    /// connection (the data plane shares this loop) until it is done.
    static let requestsPerTurn = 32

    let id: UInt64
    private var socket: TCPSocket?
    private var registration: Registration?
    private unowned let listener: AdminListener
    private var parser = RequestParser(limits: AdminAPI.requestLimits)
    /// Bytes of this session's parser counted in the listener's total of buffered request bytes.
    private var accounted = 0
    /// Set after a refused request (413, 431, 400…) once the refusal is written: our side is shut down and what
    /// the client still sends is read and dropped, so that it reads the refusal instead of a reset.
    private var draining: Int?
    private var writeShut = false
    /// At most this much of a refused request is read and dropped before the connection closes anyway.
    static let drainLimit = 64 << 20
    private var output = ByteQueue()
    private var closeAfterOutput = false
    private var deadline: TimerID?
    private var inRequest = false
    /// More complete requests may be buffered: answer them on the next turn, after others had theirs.
    private var resumption: TimerID?
    /// HTTPS (`--admin-tls-cert`): the socket's bytes go through a TLS session; nil for plain HTTP.
    private var tls: AdminTLS?

    init?(id: UInt64, socket: consuming TCPSocket, listener: AdminListener) {
        self.id = id
        self.listener = listener
        socket.setNoDelay()
        if let context = listener.tls {
            guard let tls = try? AdminTLS(context: context) else { return nil }  // dropping `socket` closes it
            self.tls = tls
        }
        guard let registration = try? listener.context.loop.register(socket.rawValue, .readable, self) else {
            return nil
        }
        self.registration = registration
        self.socket = consume socket
        // Go starts the first request's read deadline at accept (the idle timeout only applies between
        // requests), so a client that connects and sends nothing is dropped after 15 s, not 60 s.
        inRequest = true
        arm(readTimeout)
    }

    func handle(_ events: Interest, registration: Registration) {
        if events.contains(.writable) || events.contains(.hangup) || events.contains(.error) { flush() }
        guard socket != nil else { return }
        if events.contains(.readable) || events.contains(.hangup) { read() }
        guard socket != nil else { return }
        updateInterest()
    }

    private func read() {
        let scratch = listener.context.scratch
        if draining != nil { return drain() }
        while output.count < Self.outputLimit && !closeAfterOutput && resumption == nil && listener.mayBuffer {
            let result: IOResult<Int>?
            do {
                result = try receive(into: scratch)
            } catch {
                close()
                return
            }
            guard case .processed(let count)? = result else { return }
            if count == 0 {
                // The client is done sending; answer what is complete, then close.
                closeAfterOutput = true
                if output.isEmpty { close() }
                return
            }
            parser.feed(UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            account()
            if !inRequest {
                inRequest = true
                arm(readTimeout)
            }
            process()
        }
    }

    /// Answers every complete request in order (pipelining), then writes.
    private func process() {
        var answered = 0
        loop: while !closeAfterOutput {
            if answered == Self.requestsPerTurn {
                resumeNextTurn()
                break loop
            }
            switch parser.next() {
            case .needMore:
                break loop
            case .continueNeeded:
                output.append(HTTPWriter.continueResponse)
            case .request(let request):
                let seconds = WallClock.secondsSinceEpoch()
                let context = AdminAPI.Context(
                    requestID: listener.requestIDs.next(unixSeconds: UInt32(truncatingIfNeeded: Int64(seconds))),
                    date: HTTPDate.format(unixSeconds: Int64(seconds)))
                let response = listener.front.respond(to: request, context: context)
                output.append(HTTPWriter.serialize(response, replyingTo: request))
                answered += 1
                if !HTTPWriter.keepsAlive(after: response, replyingTo: request) { closeAfterOutput = true }
            case .failed(let status):
                output.append(HTTPWriter.serialize(listener.front.rejection(status), replyingTo: nil))
                closeAfterOutput = true
                draining = 0
            }
        }
        account()
        if parser.bufferedByteCount == 0 && inRequest {
            inRequest = false
            arm(output.isEmpty ? idleTimeout : writeTimeout)
        } else if answered > 0 && parser.bufferedByteCount > 0 {
            arm(readTimeout)  // the next pipelined request has begun: its own 15 s, not the last one's
        }
        flush()
    }

    private func flush() {
        do {
            try send()
        } catch {
            close()
            return
        }
        if output.isEmpty && (tls?.pending ?? 0) == 0, socket != nil {
            if closeAfterOutput && draining != nil {
                if !writeShut {
                    writeShut = true
                    socket?.shutdownWrite()
                    arm(Self.drainTimeout)
                }
                drain()
            } else if closeAfterOutput {
                tls?.close { bytes throws(Errno) in try self.socket?.write(bytes) }
                close()
            } else if !inRequest {
                arm(idleTimeout)
            }
        }
    }

    /// Reads and drops what a refused client still sends, until it stops, the limit is reached or time runs out.
    private func drain() {
        guard output.isEmpty, var dropped = draining else { return }
        let scratch = listener.context.scratch
        while dropped < Self.drainLimit {
            switch try? socket?.read(into: scratch) {
            case .wouldBlock?:
                draining = dropped
                return
            case .processed(let count)? where count > 0:
                dropped += count
            default:  // EOF, an error, or no socket
                close()
                return
            }
        }
        close()
    }

    /// Plaintext from the socket (through TLS when the listener speaks it).
    private func receive(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> IOResult<Int>? {
        guard let tls else { return try socket?.read(into: buffer) }
        return try tls.read(
            into: buffer, socket: { space throws(Errno) in try self.socket?.read(into: space) },
            write: { bytes throws(Errno) in try self.socket?.write(bytes) })
    }

    /// The output queue to the socket (through TLS when the listener speaks it).
    private func send() throws(Errno) {
        guard let tls else {
            _ = try socket?.write(from: &output)
            return
        }
        try tls.write(from: &output) { bytes throws(Errno) in try self.socket?.write(bytes) }
    }

    /// How long a refused client gets to take its answer while what it still sends is dropped.
    static let drainTimeout: Duration = .seconds(5)

    /// Reports this session's buffered request bytes to the listener, which bounds the total.
    private func account() {
        let delta = parser.bufferedByteCount - accounted
        guard delta != 0 else { return }
        listener.bufferedRequestBytes += delta
        accounted += delta
        if delta < 0 { listener.bufferReleased() }
    }

    /// The listener's total dropped below its bound: read again if this session had stopped for it.
    func resumeReading() {
        guard socket != nil, draining == nil else { return }
        read()
        guard socket != nil else { return }
        updateInterest()
    }

    private func updateInterest() {
        guard let registration else { return }
        var interest: Interest = []
        let reading = !closeAfterOutput && resumption == nil && listener.mayBuffer
        if output.count < Self.outputLimit && (reading || (draining != nil && output.isEmpty)) {
            interest.insert(.readable)
        }
        if !output.isEmpty || (tls?.pending ?? 0) > 0 { interest.insert(.writable) }
        do { try listener.context.loop.update(registration, interest: interest) } catch { close() }
    }

    /// Continues after the next epoll wait (not in this tick's timer phase), so ready sockets go first.
    private func resumeNextTurn() {
        guard resumption == nil else { return }
        let loop = listener.context.loop
        resumption = loop.schedule(at: loop.now + .nanoseconds(1)) { [weak self] in
            guard let self, self.socket != nil else { return }
            self.resumption = nil
            self.process()
            guard self.socket != nil else { return }
            self.updateInterest()
        }
    }

    /// One timer per session: whichever of the read, idle or write deadlines applies now.
    private func arm(_ timeout: Duration) {
        let loop = listener.context.loop
        if let deadline { loop.cancel(deadline) }
        deadline = loop.schedule(at: loop.now + timeout) { [weak self] in
            self?.deadline = nil
            self?.close()
        }
    }

    func close() {
        guard let registration else { return }
        let loop = listener.context.loop
        loop.deregister(registration, closing: true)
        self.registration = nil
        if let deadline { loop.cancel(deadline) }
        deadline = nil
        if let resumption { loop.cancel(resumption) }
        resumption = nil
        _ = socket.take()
        listener.bufferedRequestBytes -= accounted
        accounted = 0
        listener.forget(id)
        listener.bufferReleased()
    }
}

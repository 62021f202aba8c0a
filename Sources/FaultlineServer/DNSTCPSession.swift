/// One TCP client of a DNS listener: 2-byte length framing, pipelined queries, bounded buffers, an idle timeout.
import FaultlineCore
import FaultlinePosix

/// Reads length-prefixed queries and hands them to the listener; writes framed replies in the order they come.
///
/// RFC 7766: queries may be pipelined and answered out of order. At most `maxInFlight` queries of one session
/// are being answered at a time, at most `outputLimit` bytes of replies wait for a slow reader, and at most
/// one frame waits to be complete; past any of these the session stops reading until there is room.
final class DNSTCPSession: EventHandler {
    static let maxInFlight = 16
    static let outputLimit = 256 << 10
    /// A whole frame at the largest length the prefix allows.
    static let inputLimit = 2 + 65_535
    /// A connection that has nothing in flight and sends nothing for this long is closed.
    static let idleTimeout: Duration = .seconds(10)
    /// Reads per readiness event before other descriptors get a turn.
    static let readsPerTurn = 4

    let id: UInt64
    /// The client's address bytes: the source toxics with `clients` match for this session's queries.
    var peer: [UInt8] = []
    private var socket: TCPSocket?
    private var registration: Registration?
    private unowned let listener: DNSListener
    private var input: [UInt8] = []
    private var output = ByteQueue()
    /// Queries handed to the listener whose reply (or drop) has not come back yet.
    private(set) var inFlight = 0
    /// The client half-closed: answer what is in flight, then close.
    private var readClosed = false
    private var idleTimer: TimerID?
    /// While queries are being handed out, replies only queue; one flush follows.
    private var dispatching = false

    init?(id: UInt64, socket: consuming TCPSocket, listener: DNSListener) {
        self.id = id
        self.listener = listener
        guard let registration = try? listener.context.loop.register(socket.rawValue, .readable, self) else {
            return nil
        }
        self.registration = registration
        self.socket = consume socket
        armIdle()
    }

    func handle(_ events: Interest, registration: Registration) {
        if events.contains(.writable) || events.contains(.error) { flush() }
        guard socket != nil else { return }
        if events.contains(.readable) || events.contains(.hangup) { read() }
        guard socket != nil else { return }
        settle()
    }

    private var canRead: Bool {
        !readClosed && inFlight < Self.maxInFlight && output.count < Self.outputLimit && input.count < Self.inputLimit
    }

    private func read() {
        let scratch = listener.context.scratch
        for _ in 0..<Self.readsPerTurn where canRead {
            let room = min(scratch.count, Self.inputLimit - input.count)
            let result: IOResult<Int>?
            do {
                result = try socket?.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<room]))
            } catch {
                return close()
            }
            guard case .processed(let count)? = result else { return }
            if count == 0 {
                readClosed = true
                return
            }
            input.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            armIdle()
            dispatchFrames()
        }
    }

    /// Hands every complete frame to the listener, up to the in-flight cap.
    private func dispatchFrames() {
        dispatching = true
        var consumed = 0
        while inFlight < Self.maxInFlight, input.count - consumed >= 2 {
            let length = Int(input[consumed]) << 8 | Int(input[consumed + 1])
            guard input.count - consumed >= 2 + length else { break }
            let frame = Array(input[(consumed + 2)..<(consumed + 2 + length)])
            consumed += 2 + length
            inFlight += 1
            listener.handleQuery(frame, from: .tcp(session: id))
            guard socket != nil else { return }
        }
        input.removeFirst(consumed)
        dispatching = false
        flush()
    }

    /// A reply to one of this session's queries.
    func send(_ reply: [UInt8]) {
        inFlight = max(0, inFlight - 1)
        let length = min(reply.count, 65_535)
        output.append([UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)])
        output.append(Array(reply.prefix(length)))
        guard !dispatching else { return }
        flush()
        settle()
    }

    /// One of this session's queries will get no reply (dropped).
    func released() {
        inFlight = max(0, inFlight - 1)
        guard !dispatching else { return }
        settle()
    }

    private func flush() {
        let written: Int?
        do { written = try socket?.write(from: &output) } catch { return close() }
        if let written, written > 0 { armIdle() }
    }

    /// Reads again if there is room (frames may already be waiting), closes when done, and sets the interest.
    private func settle() {
        guard socket != nil else { return }
        if inFlight < Self.maxInFlight && input.count >= 2 { dispatchFrames() }
        guard socket != nil else { return }
        if readClosed && inFlight == 0 && output.isEmpty { return close() }
        guard let registration else { return }
        var interest: Interest = []
        if canRead { interest.insert(.readable) }
        if !output.isEmpty { interest.insert(.writable) }
        do { try listener.context.loop.update(registration, interest: interest) } catch { close() }
    }

    /// Idle means nothing read or written for `idleTimeout`; queries still being answered keep the session open.
    private func armIdle() {
        let loop = listener.context.loop
        if let idleTimer { loop.cancel(idleTimer) }
        idleTimer = loop.schedule(at: loop.now + Self.idleTimeout) { [weak self] in
            guard let self else { return }
            self.idleTimer = nil
            // Replies still owed (a latency toxic, a forward) end by their own timers, so waiting is bounded.
            if self.inFlight > 0 { self.armIdle() } else { self.close() }
        }
    }

    func close() {
        guard let registration else { return }
        let loop = listener.context.loop
        loop.deregister(registration, closing: true)
        self.registration = nil
        if let idleTimer { loop.cancel(idleTimer) }
        idleTimer = nil
        _ = socket.take()
        listener.forget(session: id)
    }
}

/// One TCP client's query relayed to the upstream over TCP: connect, send one frame, read one frame, close.
import FaultlineCore
import FaultlineDNS
import FaultlinePosix

/// A query that came over TCP goes upstream over TCP too, so an answer too big for UDP is never cut again.
/// A fresh connection per query keeps this simple; the listener caps how many run at once.
final class DNSUpstreamExchange: EventHandler {
    let id: UInt64
    private var socket: TCPSocket?
    private var registration: Registration?
    private unowned let listener: DNSListener
    private let plan: DNSForwardPlan
    private let client: DNSClient
    /// The framed query still to write.
    private var output: [UInt8]
    private var input: [UInt8] = []
    private var connected = false
    private var timer: TimerID?

    init?(
        id: UInt64, upstream: SocketAddress, query: [UInt8], plan: DNSForwardPlan, client: DNSClient,
        timeout: Duration, listener: DNSListener
    ) {
        self.id = id
        self.listener = listener
        self.plan = plan
        self.client = client
        let length = min(query.count, 65_535)
        output = [UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)] + query.prefix(length)
        do {
            let socket = try TCPSocket(family: upstream.family)
            socket.setNoDelay()
            connected = try socket.connect(to: upstream) == .connected
            registration = try listener.context.loop.register(socket.rawValue, [.readable, .writable], self)
            self.socket = consume socket
        } catch {
            return nil
        }
        let loop = listener.context.loop
        timer = loop.schedule(at: loop.now + timeout) { [weak self] in self?.finish(nil, timedOut: true) }
    }

    func handle(_ events: Interest, registration: Registration) {
        if !connected {
            guard events.contains(.writable) || events.contains(.error) || events.contains(.hangup) else { return }
            guard socket?.pendingError() == nil else { return finish(nil, timedOut: false) }
            connected = true
        }
        if events.contains(.writable) && !output.isEmpty { write() }
        if events.contains(.readable) || events.contains(.hangup) { read() }
        guard let registration = self.registration else { return }
        try? listener.context.loop.update(registration, interest: output.isEmpty ? .readable : [.readable, .writable])
    }

    private func write() {
        let result = output.withUnsafeBytes { raw in Result { () throws(Errno) in try socket?.write(raw) } }
        switch result {
        case .success(.processed(let count)?): output.removeFirst(count)
        case .success: break
        case .failure: finish(nil, timedOut: false)
        }
    }

    private func read() {
        let scratch = listener.context.scratch
        for _ in 0..<4 {
            let result: IOResult<Int>?
            do {
                result = try socket?.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<65_536]))
            } catch {
                return finish(nil, timedOut: false)
            }
            guard case .processed(let count)? = result else { return }
            guard count > 0 else { return finish(nil, timedOut: false) }
            input.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            guard input.count >= 2 else { continue }
            let length = Int(input[0]) << 8 | Int(input[1])
            if input.count >= 2 + length { return finish(Array(input[2..<(2 + length)]), timedOut: false) }
        }
    }

    /// Answers the client with the upstream's reply made fit, or SERVFAIL when there is none that fits the query.
    private func finish(_ answer: [UInt8]?, timedOut: Bool) {
        guard registration != nil else { return }
        let reply = answer.flatMap { plan.reply(toUpstream: $0) } ?? plan.failureReply()
        close()
        listener.upstreamFinished(reply, to: client, timedOut: timedOut, exchange: id)
    }

    func close() {
        let loop = listener.context.loop
        if let registration { loop.deregister(registration, closing: true) }
        registration = nil
        if let timer { loop.cancel(timer) }
        timer = nil
        _ = socket.take()
    }
}

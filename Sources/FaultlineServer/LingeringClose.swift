/// A client socket the HTTP engine closed gracefully: FIN sent, its last bytes read and dropped for a bounded time.
import FaultlineCore
import FaultlinePosix

/// Closing a socket that still has unread bytes sends an RST, which may destroy the response the client has not
/// read yet (an abort's answer, a truncated body). So the socket is half-closed and kept for at most `timeout`,
/// reading and dropping whatever the client still sends, until its FIN (then the close is clean) or the deadline.
/// It is owned by the loop's registration and its timer, not by the connection, which may finish meanwhile.
final class LingeringClose: EventHandler {
    /// How long a client gets to read the answer and close (Apache's lingering close waits 2 s too).
    static let timeout: Duration = .seconds(2)
    /// Reads per wake-up: a client that keeps sending cannot hold the loop (the socket is level-triggered).
    private static let readsPerEvent = 4

    private var socket: TCPSocket?
    private var registration: Registration?
    private var timer: TimerID?
    private let context: LoopContext

    /// Takes over `socket` (already deregistered from its connection): half-closes it and drains it.
    init(_ socket: consuming TCPSocket, context: LoopContext) {
        self.context = context
        socket.shutdownWrite()
        let fd = socket.rawValue
        self.socket = consume socket
        registration = try? context.loop.register(fd, [.readable, .readHangup], self)
        guard registration != nil else {
            finish()
            return
        }
        timer = context.loop.schedule(at: context.loop.now + Self.timeout) { [self] in
            timer = nil
            finish()
        }
    }

    func handle(_ events: Interest, registration: Registration) {
        for _ in 0..<Self.readsPerEvent {
            let result: IOResult<Int>?
            do {
                result = try socket?.read(into: context.scratch)
            } catch {
                return finish()  // reset by the client: nothing left to protect
            }
            switch result {
            case .processed(0)?, nil: return finish()
            case .processed?: continue
            case .wouldBlock?: return
            }
        }
    }

    private func finish() {
        if let timer { context.loop.cancel(timer) }
        timer = nil
        if let registration { context.loop.deregister(registration, closing: true) }
        registration = nil
        if let socket = socket.take() { context.closeLater(socket.release()) }
    }
}

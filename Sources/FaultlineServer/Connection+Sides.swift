/// Ending one socket of a connection while the other goes on (the HTTP engine's closes and resets).
import FaultlineCore
import FaultlinePosix

extension Connection {
    func isClosed(_ side: Side) -> Bool {
        side == .client ? clientRegistration == nil : upstreamRegistration == nil
    }

    /// Closes one socket: with RST (`.reset`), FIN (`.close`), or FIN and a lingering read (`.linger`). Nothing more
    /// is read from it or sent to it; the connection ends when the other socket has gone too, or has nothing more
    /// to say (its source ended).
    func closeSide(_ side: Side, _ ending: HTTPStage.Ending) {
        guard let registration = side == .client ? clientRegistration : upstreamRegistration else { return }
        let toward: Direction = side == .client ? .downstream : .upstream
        abandon(toward)
        pumps[toward.opposite].sourceEOF = true
        if side == .client {
            clientRegistration = nil
            ready.client = .none
        } else {
            upstreamRegistration = nil
            ready.upstream = .none
        }
        closeTLS(side, graceful: ending != .reset)
        if let socket = takeSocket(side) {
            switch ending {
            case .linger:
                context.loop.deregister(registration)  // the lingering close registers the descriptor anew
                _ = LingeringClose(socket, context: context)
            case .close, .reset:
                context.loop.deregister(registration, closing: true)
                if ending == .reset { socket.setLingerZero() }
                context.closeLater(socket.release())
            }
        }
        if isClosed(.client) && isClosed(.upstream) || pumps[toward].sourceEOF { close(reason: nil) }
    }

    private func takeSocket(_ side: Side) -> TCPSocket? {
        side == .client ? client.take() : upstream.take()
    }

    /// Nothing more can reach this direction's destination: its toxics stop, its queue and pipe are dropped.
    private func abandon(_ direction: Direction) {
        if let driver = pumps[direction].link {
            driver.stop()
            for entry in driver.link.entries { proxy.counters.retire(entry) }
            pumps[direction].link = nil
        }
        pumps[direction].deferred.removeAll()
        pumps[direction].queue = ByteQueue()
        if let pipe = pumps[direction].pipe {
            pumps[direction].pipe = nil
            if pumps[direction].inPipe == 0 { context.pipes.give(pipe) } else { context.pipes.discard(pipe) }
            pumps[direction].inPipe = 0
        }
        account(direction)
    }
}

/// One TLS side of a connection: the session that turns that socket's ciphertext into plaintext, and its timers.
import FaultlineCore
import FaultlinePosix
import FaultlineTLS

/// Exists only on connections of proxies with a `tls` block: a connection without TLS has `tls == nil` and its data
/// path pays one nil check per socket call. The stage sits at the socket boundary (`Connection+TLS.swift`): reads of
/// its socket return plaintext, writes take plaintext, so the HTTP engine and the toxics above it see plaintext.
final class TLSStage {
    let session: TLSSession
    let side: Connection.Side
    /// The handshake deadline (which includes the fault's hold).
    var timer: TimerID?
    /// The end of the `tls_handshake` fault's hold, while it holds the handshake.
    var holdTimer: TimerID?
    /// The hold is over: a session suspended again is not held twice.
    var released = false
    /// What ends a held handshake: nil goes on, an alert refuses it; `reset` resets the TCP connection instead.
    let hold: (delay: Duration, alert: TLSAlert?, reset: Bool)?
    /// `shutdown(SHUT_WR)` was asked for while ciphertext (close_notify included) still waited for the socket.
    var shutdownPending = false

    init(session: TLSSession, side: Connection.Side, hold: (delay: Duration, alert: TLSAlert?, reset: Bool)? = nil) {
        self.session = session
        self.side = side
        self.hold = hold
    }

    func cancelTimers(on loop: EpollLoop) {
        if let timer { loop.cancel(timer) }
        if let holdTimer { loop.cancel(holdTimer) }
        timer = nil
        holdTimer = nil
    }
}

/// Both TLS sides of one connection and the proxy's TLS settings they were made from.
final class ConnectionTLS {
    let proxy: ProxyTLS
    var client: TLSStage?
    var upstream: TLSStage?

    init(proxy: ProxyTLS) { self.proxy = proxy }

    subscript(side: Connection.Side) -> TLSStage? {
        side == .client ? client : upstream
    }

    func cancelTimers(on loop: EpollLoop) {
        client?.cancelTimers(on: loop)
        upstream?.cancelTimers(on: loop)
    }
}

/// What a connection's TLS did, per proxy, for `/metrics` and the tests: handshakes completed and failed, per side.
struct TLSCounters: Sendable, Equatable {
    var handshakes = PerSide()
    var failures = PerSide()

    struct PerSide: Sendable, Equatable {
        var client: UInt64 = 0
        var upstream: UInt64 = 0

        subscript(side: Connection.Side) -> UInt64 {
            get { side == .client ? client : upstream }
            set { if side == .client { client = newValue } else { upstream = newValue } }
        }

        mutating func add(_ other: PerSide) {
            client &+= other.client
            upstream &+= other.upstream
        }
    }

    mutating func add(_ other: TLSCounters) {
        handshakes.add(other.handshakes)
        failures.add(other.failures)
    }
}

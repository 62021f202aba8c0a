/// The TLS stage of a connection: its sessions made at accept and at establishment, the `tls_*` faults rolled.
import FaultlineCore
import FaultlinePosix
import FaultlineTLS

extension Connection {
    // MARK: Making the sessions

    /// At accept, for a proxy that terminates TLS: the client side's session, with this connection's faults (each
    /// `tls_*` toxic rolls its toxicity once, from its stream's generator, as byte-level toxics do). The handshake
    /// runs while the upstream is dialled: the client's bytes arrive through `readSocket` as for any connection.
    func attachTLS(_ proxyTLS: ProxyTLS, faults: [TLSFaultEntry]) {
        let stages = ConnectionTLS(proxy: proxyTLS)
        tls = stages
        guard let context = proxyTLS.server else { return }
        var certificate: TLSIdentity?
        var hold: (delay: Duration, alert: TLSAlert?, reset: Bool)?
        var action = TLSSession.ClientHelloAction.proceed
        for entry in faults where Link.roll(entry.toxic, using: &pumps[entry.toxic.stream].rng).applies {
            proxy.counters.toxicApplied[entry.toxic.name, default: 0] &+= 1
            switch entry.fault {
            case .certificate(let fault) where certificate == nil:
                certificate = proxyTLS.faultCertificate(fault)
            case .handshake(let fault, let reset) where hold == nil && action == .proceed:
                if fault.delay == 0, !reset, let alert = fault.alert {
                    action = .abort(alert)
                } else {
                    action = .suspend
                    hold = (.milliseconds(fault.delay), fault.alert, reset)
                }
            default: break
            }
        }
        do {
            let session = try TLSSession(server: context, certificate: certificate, clientHello: action)
            let stage = TLSStage(session: session, side: .client, hold: hold)
            stages.client = stage
            armHandshakeDeadline(stage, extra: hold?.delay ?? .zero)
        } catch {
            tlsSetupFailed("TLS session: \(error)")
        }
    }

    /// At establishment, for a proxy that originates TLS: the upstream side's session sends its ClientHello now.
    /// Plaintext for the upstream waits in the direction's queue until the handshake completes.
    func startUpstreamTLS() {
        guard let stages = tls, let context = stages.proxy.client else { return }
        let stage: TLSStage
        do {
            let session = try TLSSession(client: context, serverName: stages.proxy.serverName(upstream: proxy.upstreamTarget))
            stage = TLSStage(session: session, side: .upstream)
        } catch {
            return tlsSetupFailed("upstream TLS session: \(error)")
        }
        stages.upstream = stage
        armHandshakeDeadline(stage, extra: .zero)
        if case .failed(let failure) = stage.session.handshake() {
            return close(reason: nil, failure: failure, stage)
        }
        do {
            _ = try drainTLS(stage)
        } catch {
            aborted(side: .upstream, error)
        }
    }

    private func tlsSetupFailed(_ reason: String) {
        context.logger.error("TLS setup failed", metadata: ["proxy": "\(proxy.name)", "reason": "\(reason)"])
        close(reason: nil)
    }

    /// Every TLS handshake is bounded (`--tls-handshake-timeout`, 10 s by default), plus the hold of a
    /// `tls_handshake` fault, so a peer that never finishes cannot keep a connection forever.
    private func armHandshakeDeadline(_ stage: TLSStage, extra: Duration) {
        let deadline = context.loop.now + context.config.tlsHandshakeTimeout + extra
        stage.timer = context.loop.schedule(at: deadline) { [weak self, weak stage] in
            guard let self, let stage, self.phase != .closed, !stage.session.isEstablished else { return }
            stage.timer = nil
            self.proxy.counters.tls.failures[stage.side] &+= 1
            self.context.logger.info(
                "TLS handshake timed out",
                metadata: ["proxy": "\(self.proxy.name)", "connection": "\(self.id)", "side": "\(stage.side)"])
            self.close(reason: nil)
        }
    }

    // MARK: Handshake events

    /// The handshake completed: writes that waited for it may go (their readiness was cleared when they could not).
    func handshakeCompleted(_ stage: TLSStage) {
        stage.cancelTimers(on: context.loop)
        proxy.counters.tls.handshakes[stage.side] &+= 1
        if stage.side == .client { ready.client.insert(.writable) } else { ready.upstream.insert(.writable) }
        if phase == .open { scheduleSettle() }
    }

    /// The `tls_handshake` fault holds the handshake at the ClientHello: after the hold it goes on, is refused with
    /// the alert, or the connection is reset.
    func holdHandshake(_ stage: TLSStage) {
        guard let hold = stage.hold, stage.holdTimer == nil, !stage.released else { return }
        stage.holdTimer = context.loop.schedule(at: context.loop.now + hold.delay) { [weak self, weak stage] in
            guard let self, let stage, self.phase != .closed else { return }
            stage.holdTimer = nil
            stage.released = true
            self.releaseHandshake(stage, hold)
        }
    }

    private func releaseHandshake(_ stage: TLSStage, _ hold: (delay: Duration, alert: TLSAlert?, reset: Bool)) {
        if hold.reset {
            proxy.counters.tls.failures[stage.side] &+= 1
            return close(reason: nil, resetting: (client: true, upstream: phase == .open))
        }
        let event = hold.alert.map { stage.session.abortHandshake(alert: $0) } ?? stage.session.resumeHandshake()
        do {
            _ = try drainTLS(stage)
        } catch {
            return close(reason: nil)
        }
        if case .failed(let failure) = event { return close(reason: nil, failure: failure, stage) }
        // The client waits for the server's flight, so no edge would come: read on from what the session holds.
        ready.client.insert(.readable)
        switch phase {
        case .open: settle()
        case .dialing: readEarly([])
        case .closed: break
        }
    }

    /// A session failed: counted, logged with OpenSSL's reason, and reported to the caller as a protocol error
    /// (which closes the connection: the alert, if any, is already written).
    func tlsFailed(_ stage: TLSStage, _ failure: TLSFailure) -> Errno {
        proxy.counters.tls.failures[stage.side] &+= 1
        context.logger.info(
            "TLS failed",
            metadata: ["proxy": "\(proxy.name)", "connection": "\(id)", "side": "\(stage.side)",
                       "reason": "\(failure)"])
        return .protocolError
    }

    private func close(reason: String?, failure: TLSFailure, _ stage: TLSStage) {
        _ = tlsFailed(stage, failure)
        close(reason: reason)
    }

    /// On close: timers go; the sessions go with the connection.
    func detachTLS() {
        tls?.cancelTimers(on: context.loop)
    }
}

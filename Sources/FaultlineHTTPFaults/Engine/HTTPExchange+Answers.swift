/// What the engine answers itself, in the request's place in the pipeline, and what happens at the upstream's EOF.
import FaultlineCore

extension HTTPExchange {
    /// At a response boundary, acts for the oldest entries that the upstream will not answer: an abort's synthetic
    /// response, a before-request reset, or the point where the request side gave up. Responses to earlier
    /// requests have all gone out by then, so a fault for request N never disturbs request N−1's bytes.
    func answerFromQueue(now: Instant) {
        while case .head = response.state, response.buffer.isEmpty, inFlightHead < inFlight.count {
            switch inFlight[inFlightHead].kind {
            case .synthetic(let bytes, let status, let closeAfter, let gate):
                inFlightHead += 1
                hold(.downstream, behind: gate, now: now)
                emit(bytes[...], .downstream)
                countResponse(status)
                if closeAfter {
                    // FIN after the answer; the client's own FIN then ends the upstream side (`clientEnded`), so
                    // what it still sends is read and dropped instead of being refused with an RST.
                    finish(.downstream, with: .end(.downstream))
                    response.state = .discard
                    request.state = .discard
                }
            case .resetBefore(let gate):
                inFlightHead += 1
                hold(.downstream, behind: gate, now: now)
                finish(.downstream, with: .resetClient)
                // Everything before it was answered and nothing after it was forwarded: the upstream is idle.
                finish(.upstream, with: .closeUpstream)
                response.state = .discard
                request.state = .discard
            case .giveUp:
                response.state = .passthrough
                inFlight.removeAll()
                inFlightHead = 0
            case .forwarded, .probe, .upgrade:
                return
            }
        }
    }

    /// The upstream's EOF: a response read until close is complete; a framed one was cut short (passed on as is).
    /// Answers the engine owes before the end go out, unless the last response was delimited by the close itself
    /// (anything after it would read as its body).
    func upstreamEnded(now: Instant) {
        switch response.state {
        case .body(_, let cut) where response.untilClose:
            responseEnded(now: now, then: cut, answering: false)
        case .head:
            if response.buffer.isEmpty {
                answerFromQueue(now: now)
            } else {
                emit(response.buffer[...], .downstream)
                response.buffer = []
            }
        case .discardBody:
            finish(.upstream, with: .closeUpstream)
        case .body, .passthrough, .discard, .resync:
            break
        }
        if case .passthrough = response.state {} else { response.state = .discard }
        finish(.downstream, with: .end(.downstream))
    }

    /// The response side gives up: what it holds goes out as it came, and so does the rest of `input` from
    /// `start`. Pairing is lost, so the request side passes through too, from its next request boundary.
    func giveUpResponses(_ reason: PassthroughReason, from start: Int? = nil, of input: Input? = nil) {
        noteGiveUp(sync == .probing ? .unsynchronised : reason)
        if !response.buffer.isEmpty {
            emit(response.buffer[...], .downstream)
            response.buffer = []
        }
        response.scanner.reset()
        response.state = .passthrough
        inFlight.removeAll()
        inFlightHead = 0
        if let start, let input { emit(start..<input.bytes.count, of: input, .downstream) }
        request.giveUpAtBoundary = true
        request.awaitingUpgradeAnswer = false
        switch request.state {
        case .head, .paused, .resync:
            flushRequestHeld()
            request.state = .passthrough
        case .body:
            request.afterBody = .passthrough
        case .passthrough, .discard:
            break
        }
    }

    /// The server declined an `Upgrade` (a final status other than 101): HTTP goes on, from the bytes the client
    /// sent meanwhile.
    func resumeAfterDeclinedUpgrade(now: Instant) {
        request.awaitingUpgradeAnswer = false
        guard case .paused = request.state else { return }
        request.state = .head
        let held = request.paused
        request.paused = []
        guard !held.isEmpty else { return }
        held.withUnsafeBytes { receiveFromClient(Input(bytes: $0, owned: held), now: now) }
    }
}

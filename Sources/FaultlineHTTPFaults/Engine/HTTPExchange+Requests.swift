/// The request side: client bytes parsed into heads and bodies, each head decided on and forwarded or answered.
import FaultlineCore

extension HTTPExchange {
    func receiveFromClient(_ input: Input, now: Instant) {
        if case .waiting = sync, !beginProbe(input) { return }
        var index = 0
        let count = input.bytes.count
        while index < count {
            switch request.state {
            case .passthrough, .resync:
                emit(index..<count, of: input, .upstream)
                return
            case .discard:
                return
            case .paused:
                request.paused.append(contentsOf: input.bytes[index...])
                return
            case .body(var tracker, let forward):
                let step = tracker.consume(input.bytes, from: index)
                switch step {
                case .more:
                    if forward { emit(index..<count, of: input, .upstream) }
                    request.state = .body(tracker, forward: forward)
                    return
                case .done(let end):
                    if forward { emit(index..<end, of: input, .upstream) }
                    index = end
                    requestBodyEnded()
                case .failed:
                    // A chunk-size line that cannot be read: the rest cannot be framed.
                    if forward {
                        giveUpRequests(.badFraming)
                    } else {
                        // An aborted request's body: its bytes must never reach the upstream, so the connection
                        // ends after the answer instead.
                        closeAfterPendingAnswer()
                        request.state = .discard
                    }
                }
            case .head:
                index = scanRequestHead(input, from: index, now: now)
            }
        }
    }

    /// Looks for the end of the head from `start`; returns where the bytes not yet handled begin.
    private func scanRequestHead(_ input: Input, from start: Int, now: Instant) -> Int {
        switch request.scanner.scan(input.bytes, from: start) {
        case .needMore:
            request.buffer.append(contentsOf: input.bytes[start...])
            return input.bytes.count
        case .failed(var reason):
            if reason == .notHTTP && request.sawRequest { reason = .malformedHead }
            giveUpRequests(reason)
            return start  // the pass-through state forwards the rest of the input
        case .complete(let end):
            request.scanner.reset()
            if request.buffer.isEmpty {
                let head = UnsafeRawBufferPointer(rebasing: input.bytes[start..<end])
                requestHead(head, .input(start..<end), of: input, now: now)
            } else {
                request.buffer.append(contentsOf: input.bytes[start..<end])
                let buffered = request.buffer
                request.buffer = []
                buffered.withUnsafeBytes { requestHead($0, .buffer(buffered), of: input, now: now) }
            }
            return end
        }
    }

    /// A complete request head: parse it, decide its faults, forward it (perhaps rewritten or later) or answer it.
    private func requestHead(_ head: UnsafeRawBufferPointer, _ origin: HeadOrigin, of input: Input, now: Instant) {
        guard request.layout.parse(head, end: head.count) else {
            emit(origin, of: input, .upstream)
            return giveUpRequests(.malformedHead)
        }
        let facts: RequestFacts
        switch RequestFacts.read(head, request.layout) {
        case .success(let read): facts = read
        case .failure(let reason):
            emit(origin, of: input, .upstream)
            return giveUpRequests(reason)
        }
        request.sawRequest = true
        counters.requests &+= 1
        if facts.isConnect {
            emit(origin, of: input, .upstream)
            return giveUpRequests(.connect)
        }
        if request.nextIsProbe || facts.upgrade || sync != .synced {
            // Never faulted: the probe (and whatever a pipelining client sends behind it, until the probe's answer
            // proves the sides in step) must reach the upstream as sent, and an upgrade may end HTTP here.
            let kind: InFlight.Kind = request.nextIsProbe ? .probe : facts.upgrade ? .upgrade : .forwarded
            request.nextIsProbe = false
            emit(origin, of: input, .upstream)
            enqueue(InFlight(kind: kind, answersHEAD: facts.isHEAD))
            if case .upgrade = kind { request.awaitingUpgradeAnswer = true }
            return startBody(facts.framing, forward: true, then: .head)
        }
        var decision = decide(head, request.layout, facts, now: now)
        switch decision.terminal {
        case .abort(let abort):
            // A client that sent `Expect: 100-continue` may or may not send its body now: only closing afterwards
            // keeps the next request's bytes from being read as that body (Go's server does the same).
            let closeAfter = abort.close || !facts.keepAlive || facts.expectsContinue
            let bytes = SyntheticResponse.make(abort, answersHEAD: facts.isHEAD, closeAfter: closeAfter)
            let gate = Gate(base: now, shares: decision.requestDelays + decision.plan.delays)
            enqueue(InFlight(kind: .synthetic(bytes: bytes, status: abort.status, closeAfter: closeAfter, gate: gate)))
            if closeAfter { request.state = .discard } else { startBody(facts.framing, forward: false, then: .head) }
        case .resetBeforeRequest:
            enqueue(InFlight(kind: .resetBefore(gate: Gate(base: now, shares: decision.requestDelays))))
            request.state = .discard
        case nil, .resetAfterRequest:
            hold(.upstream, behind: Gate(base: now, shares: decision.requestDelays), now: now)
            if decision.requestEdits.isEmpty && !decision.stripControls {
                emit(origin, of: input, .upstream)
            } else {
                var editable = EditableHead(head, request.layout)
                if decision.stripControls {
                    editable.remove("x-faultline-abort")
                    editable.remove("x-faultline-delay")
                }
                for edit in decision.requestEdits { editable.apply(edit) }
                emit(editable.bytes[...], .upstream)
            }
            decision.plan.resetOnHead = decision.terminal == .resetAfterRequest
            enqueue(InFlight(kind: .forwarded, answersHEAD: facts.isHEAD, plan: decision.plan))
            // After a reset-after-request the client is going to be reset: later requests go nowhere.
            startBody(facts.framing, forward: true, then: decision.terminal == nil ? .head : .discard)
        }
        answerFromQueue(now: now)
    }

    private func startBody(_ framing: MessageFraming, forward: Bool, then next: RequestSide.State) {
        request.afterBody = next
        if let tracker = BodyTracker(framing, maxTrailerBytes: configuration.maxHeadBytes) {
            request.state = .body(tracker, forward: forward)
        } else {
            requestBodyEnded()
        }
    }

    /// The request (head and body) is complete: on to the next one, or to wherever this one leads.
    private func requestBodyEnded() {
        request.state = request.afterBody
        request.afterBody = .head
        if case .head = request.state {
            if request.giveUpAtBoundary {
                request.state = .passthrough
            } else if request.awaitingUpgradeAnswer {
                request.state = .paused
            }
        }
    }

    /// Adds an entry to the pairing queue.
    func enqueue(_ entry: InFlight) {
        if inFlightHead > 0 && inFlightHead == inFlight.count {
            // Everything answered: reuse the storage from the start (keep-alive never grows it).
            inFlight.removeAll(keepingCapacity: true)
            inFlightHead = 0
        } else if inFlightHead >= 32 && inFlightHead * 2 >= inFlight.count {
            // A client that always keeps requests in flight never empties the queue: drop the answered entries.
            inFlight.removeFirst(inFlightHead)
            inFlightHead = 0
        }
        inFlight.append(entry)
    }

    /// The request side gives up where it is: what it holds goes out as it came, everything after passes through.
    /// The response side follows once it has answered everything before this point.
    func giveUpRequests(_ reason: PassthroughReason) {
        let reason = sync == .probing ? .unsynchronised : reason
        noteGiveUp(reason)
        flushRequestHeld()
        request.state = .passthrough
        enqueue(InFlight(kind: .giveUp(reason)))
    }

    /// Head bytes still collecting, and bytes paused behind an `Upgrade`, go out as they came.
    func flushRequestHeld() {
        if !request.buffer.isEmpty {
            emit(request.buffer[...], .upstream)
            request.buffer = []
        }
        if !request.paused.isEmpty {
            emit(request.paused[...], .upstream)
            request.paused = []
        }
        request.scanner.reset()
    }

    /// The client's EOF: what is held goes out, then the end (a client half-closing after its last request still
    /// gets its responses).
    func clientEnded(now: Instant) {
        if case .discard = request.state {} else { flushRequestHeld() }
        request.state = .discard
        finish(.upstream, with: .end(.upstream))
    }

    /// The aborted request at the back of the queue now closes the connection after its answer.
    private func closeAfterPendingAnswer() {
        guard inFlightHead < inFlight.count, let last = inFlight.indices.last,
            case .synthetic(let bytes, let status, false, let gate) = inFlight[last].kind
        else { return }
        inFlight[last].kind = .synthetic(bytes: bytes, status: status, closeAfter: true, gate: gate)
    }
}

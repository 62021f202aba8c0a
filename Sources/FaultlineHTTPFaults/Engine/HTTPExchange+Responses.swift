/// The response side: upstream bytes parsed into heads and bodies, each paired with the oldest request in flight.
import FaultlineCore

extension HTTPExchange {
    func receiveFromUpstream(_ input: Input, now: Instant) {
        if case .waiting = sync { sync = .waiting(lastFromClient: false) }
        var index = 0
        let count = input.bytes.count
        while index < count {
            switch response.state {
            case .passthrough:
                emit(index..<count, of: input, .downstream)
                return
            case .resync:
                // Until the probe is forwarded, upstream bytes finish what was in flight before the engine.
                guard inFlightCount > 0 else { return emit(index..<count, of: input, .downstream) }
                response.state = .head
            case .discard:
                return
            case .discardBody(var tracker):
                switch tracker.consume(input.bytes, from: index) {
                case .more:
                    response.state = .discardBody(tracker)
                    return
                case .done, .failed:
                    response.state = .discard
                    finish(.upstream, with: .closeUpstream)
                    return
                }
            case .body(var tracker, let cut):
                let step = tracker.consume(input.bytes, from: index)
                let end: Int
                switch step {
                case .more: end = count
                case .done(let bodyEnd): end = bodyEnd
                case .failed: return giveUpResponses(.badFraming, from: index, of: input)
                }
                var pendingCut: ResponseSide.Cut?
                if var cut {
                    let allowed = Int(min(cut.remaining, Int64(end - index)))
                    emit(index..<(index + allowed), of: input, .downstream)
                    cut.remaining -= Int64(allowed)
                    if cut.remaining == 0 { return cutResponse(cut) }
                    pendingCut = cut
                } else {
                    emit(index..<end, of: input, .downstream)
                }
                response.state = .body(tracker, cut: pendingCut)
                guard case .done = step else { return }
                index = end
                responseEnded(now: now, then: pendingCut)
            case .head:
                answerFromQueue(now: now)
                guard case .head = response.state else { continue }
                guard inFlightCount > 0 else { return giveUpResponses(.unsolicitedResponse, from: index, of: input) }
                index = scanResponseHead(input, from: index, now: now)
            }
        }
    }

    private func scanResponseHead(_ input: Input, from start: Int, now: Instant) -> Int {
        switch response.scanner.scan(input.bytes, from: start) {
        case .needMore:
            response.buffer.append(contentsOf: input.bytes[start...])
            return input.bytes.count
        case .failed(let reason):
            giveUpResponses(reason == .notHTTP ? .malformedHead : reason, from: start, of: input)
            return input.bytes.count
        case .complete(let end):
            response.scanner.reset()
            if response.buffer.isEmpty {
                let head = UnsafeRawBufferPointer(rebasing: input.bytes[start..<end])
                responseHead(head, .input(start..<end), of: input, now: now)
            } else {
                response.buffer.append(contentsOf: input.bytes[start..<end])
                let buffered = response.buffer
                response.buffer = []
                buffered.withUnsafeBytes { responseHead($0, .buffer(buffered), of: input, now: now) }
            }
            return end
        }
    }

    /// A complete response head, for the oldest request in flight.
    private func responseHead(_ head: UnsafeRawBufferPointer, _ origin: HeadOrigin, of input: Input, now: Instant) {
        let entry = inFlight[inFlightHead]
        guard response.layout.parse(head, end: head.count) else {
            emit(origin, of: input, .downstream)
            return giveUpResponses(.malformedHead)
        }
        let facts: ResponseFacts
        switch ResponseFacts.read(head, response.layout, answersHEAD: entry.answersHEAD) {
        case .success(let read): facts = read
        case .failure(let reason):
            emit(origin, of: input, .downstream)
            return giveUpResponses(reason)
        }
        if facts.status == 101 {
            emit(origin, of: input, .downstream)
            countResponse(101)
            return giveUpResponses(.upgrade)
        }
        if facts.status < 200 {
            // Interim (`100 Continue`, `103 Early Hints`): passed on; the final response is still to come.
            emit(origin, of: input, .downstream)
            return countResponse(facts.status)
        }
        if case .upgrade = entry.kind { resumeAfterDeclinedUpgrade(now: now) }
        let plan = entry.plan
        let tracker = BodyTracker(facts.framing, maxTrailerBytes: configuration.maxHeadBytes)
        if plan.resetOnHead {
            // The upstream did the work; the client never hears of it. The response is read to its end, then the
            // upstream is closed.
            finish(.downstream, with: .resetClient)
            request.state = .discard
            if let tracker {
                response.state = .discardBody(tracker)
            } else {
                response.state = .discard
                finish(.upstream, with: .closeUpstream)
            }
            return
        }
        hold(.downstream, behind: Gate(base: now, shares: plan.delays), now: now)
        if plan.rewritesHead {
            var editable = EditableHead(head, response.layout)
            if let status = plan.status { editable.setStatus(status) }
            for edit in plan.edits { editable.apply(edit) }
            if let truncate = plan.truncate, !truncate.lie, case .length(let length) = facts.framing {
                editable.setContentLength(min(length, UInt64(clamping: truncate.bytes)))
            }
            emit(editable.bytes[...], .downstream)
        } else {
            emit(origin, of: input, .downstream)
        }
        countResponse(plan.status ?? facts.status)
        var cut: ResponseSide.Cut?
        // Specs built in code may hold negative counts (the API refuses them): they cut at once.
        if let truncate = plan.truncate { cut = ResponseSide.Cut(remaining: max(truncate.bytes, 0), reset: false) }
        if let resetAfter = plan.resetAfter, max(resetAfter, 0) <= cut?.remaining ?? .max {
            cut = ResponseSide.Cut(remaining: max(resetAfter, 0), reset: true)
        }
        response.untilClose = facts.framing == .untilClose
        if let tracker, cut?.remaining != 0 {
            response.state = .body(tracker, cut: cut)
        } else {
            responseEnded(now: now, then: cut)
        }
    }

    /// The response is complete: the exchange is done. A cut still due (the body was shorter than its count)
    /// acts now; otherwise the engine answers whatever it owes next (unless `answering` is false: after a
    /// response delimited by the upstream's close, nothing else may follow).
    func responseEnded(now: Instant, then cut: ResponseSide.Cut?, answering: Bool = true) {
        let entry = inFlight[inFlightHead]
        inFlightHead += 1
        response.state = .head
        response.untilClose = false
        if case .probe = entry.kind { sync = .synced }
        if let cut { return cutResponse(cut) }
        if answering { answerFromQueue(now: now) }
    }

    /// A truncation or mid-response reset reached its byte count (or the response ended first).
    func cutResponse(_ cut: ResponseSide.Cut) {
        finish(.downstream, with: cut.reset ? .resetClient : .closeClient)
        finish(.upstream, with: .closeUpstream)
        response.state = .discard
        request.state = .discard
    }
}

/// The HTTP stage of a connection: the exchange engine fed from both sockets, its actions carried out on them.
import FaultlineCore
import FaultlineHTTPFaults
import FaultlinePosix

extension Connection {
    // MARK: Attaching and detaching

    /// Makes the engine with every `http_*` toxic of the proxy: at establishment, or when the first one arrives on a
    /// live connection. A connection that already passed bytes starts `midStream` (the engine finds a request
    /// boundary it can trust first); one that gave up parsing, or whose stream already ended, never gets one.
    func attachHTTP() {
        guard http == nil, !httpDeclined, phase == .open, closingAfter == nil,
            proxy.httpFaults.contains(where: { admits($0.toxic) })
        else { return }
        for direction in Direction.both where pumps[direction].sourceEOF || pumps[direction].endQueued { return }
        var configuration = HTTPExchange.Configuration()
        // What delays may hold is the direction budget; the engine stops asking for input there.
        configuration.holdBudget = context.config.directionBudget
        let stage = HTTPStage(configuration: configuration, midStream: carried)
        for entry in proxy.httpFaults {
            let seed = httpSeed(entry.toxic)  // drawn for every fault, so the client does not shift the others'
            if admits(entry.toxic) { stage.engine.add(entry.fault, seed: seed) }
        }
        http = stage
    }

    /// Whether the toxic's `clients` (if any) include this connection's client.
    private func admits(_ toxic: ToxicSpec) -> Bool { toxic.options.admits(clientAddress) }

    /// Back to plain forwarding (the splice path included): the engine's counters go to the proxy first. An engine
    /// that gave up parsing is never made again for this connection.
    func detachHTTP() {
        guard let stage = http else { return }
        stage.cancelTimer(on: context.loop)
        foldHTTPCounters()
        if stage.engine.passthroughReason != nil { httpDeclined = true }
        http = nil
    }

    /// One draw from the direction's generator per toxic joining the connection, as for byte-level toxics (and
    /// mixed with the toxic's own seed when it has one), so `--seed` and the same order replay the same faults.
    private func httpSeed(_ toxic: ToxicSpec) -> UInt64 {
        Link.roll(toxicity: 1, seed: toxic.seed, using: &pumps[toxic.stream].rng).seed
    }

    func foldHTTPCounters() {
        guard let stage = http else { return }
        let counters = stage.engine.takeCounters()
        if !counters.isEmpty { proxy.counters.http.merge(counters) }
    }

    // MARK: Live edits

    func addHTTPFault(_ entry: HTTPFaultEntry) {
        guard phase == .open else { return }  // a connection still dialling gets it at establishment
        guard let stage = http else { return attachHTTP() }
        let seed = httpSeed(entry.toxic)
        if admits(entry.toxic) { stage.engine.add(entry.fault, seed: seed) }
    }

    /// New settings; a change of `clients` adds the fault to, or removes it from, this connection.
    func updateHTTPFault(_ entry: HTTPFaultEntry) {
        guard let stage = http else { return admits(entry.toxic) ? attachHTTP() : () }
        let present = stage.engine.faults.contains { $0.name == entry.fault.name }
        switch (present, admits(entry.toxic)) {
        case (true, true): stage.engine.update(entry.fault)
        case (true, false): removeHTTPFault(named: entry.fault.name)
        case (false, true): stage.engine.add(entry.fault, seed: httpSeed(entry.toxic))
        case (false, false): break
        }
    }

    /// Removing a delay releases what it holds; the last fault gone lets the engine go at the next boundary.
    func removeHTTPFault(named name: String) {
        guard phase == .open, let stage = http else { return }
        withoutSettling {
            stage.engine.remove(named: name, now: context.loop.now, into: &stage.actions)
            carryOut(stage, nil)
        }
        if phase == .open { scheduleSettle() }
    }

    // MARK: Feeding

    func receiveHTTP(_ stage: HTTPStage, _ bytes: UnsafeRawBufferPointer, _ direction: Direction) {
        context.loop.refreshNow()  // stamped after the read that brought the bytes (see `refreshNow`)
        stage.engine.receive(bytes, flowing: direction, now: context.loop.now, into: &stage.actions)
        carryOut(stage, bytes)
    }

    func receiveHTTPEnd(_ stage: HTTPStage, _ direction: Direction) {
        stage.engine.receiveEnd(flowing: direction, now: context.loop.now, into: &stage.actions)
        carryOut(stage, nil)
        // Nothing more comes from this source and the peer it talks to is gone: nothing is left to do.
        if phase == .open && isClosed(Self.destination(of: direction)) { close(reason: nil) }
    }

    private func wakeHTTP(_ stage: HTTPStage) {
        guard phase == .open, http === stage else { return }
        stage.armed = nil
        let wasBusy = busy
        withoutSettling {
            stage.engine.wake(now: context.loop.now, into: &stage.actions)
            carryOut(stage, nil)
        }
        // A release may have made room: read again, and write what was queued.
        if !wasBusy { settle() }
    }

    /// Runs `body` with `settle()` held off, so nothing reads into the scratch buffer or feeds the engine while its
    /// actions are being carried out (they would interleave).
    private func withoutSettling(_ body: () -> Void) {
        let wasBusy = busy
        busy = true
        body()
        busy = wasBusy
    }

    // MARK: Carrying out

    /// The engine's actions, in order: bytes into a direction (its toxics, then its socket), ends, and endings of a
    /// socket once what was emitted towards it has been written. `input` is the buffer `.forward` ranges index.
    private func carryOut(_ stage: HTTPStage, _ input: UnsafeRawBufferPointer?) {
        var index = 0
        while index < stage.actions.count, phase == .open, http === stage {
            let action = stage.actions[index]
            index += 1
            switch action {
            case .forward(let direction, var range):
                // A head and the body behind it come as neighbouring ranges: one write, not two (a syscall and a
                // segment each).
                while index < stage.actions.count, case .forward(direction, let next) = stage.actions[index],
                    next.lowerBound == range.upperBound
                {
                    range = range.lowerBound..<next.upperBound
                    index += 1
                }
                guard let input, !isClosed(Self.destination(of: direction)) else { continue }
                pass(UnsafeRawBufferPointer(rebasing: input[range]), direction)
            case .emit(let direction, let bytes):
                guard !isClosed(Self.destination(of: direction)) else { continue }
                bytes.withUnsafeBytes { pass($0, direction) }
            case .end(let direction):
                guard !stage.endSent[direction], !isClosed(Self.destination(of: direction)) else { continue }
                stage.endSent[direction] = true
                pass(.end, direction)
            case .closeClient: end(.downstream, stage, .linger)
            case .resetClient: end(.downstream, stage, .reset)
            case .closeUpstream: end(.upstream, stage, .close)
            case .resetUpstream: end(.upstream, stage, .reset)
            }
        }
        stage.actions.removeAll(keepingCapacity: true)
        guard phase == .open, http === stage else { return }
        rearmHTTP(stage)
        if !stage.loggedPassthrough, let reason = stage.engine.passthroughReason {
            stage.loggedPassthrough = true
            context.logger.info(
                "http passthrough", metadata: ["proxy": "\(proxy.name)", "connection": "\(id)", "reason": "\(reason.rawValue)"])
        }
        if stage.engine.isDroppable && !stage.endingPending { detachHTTP() }
        account(.upstream)
        account(.downstream)
    }

    private func rearmHTTP(_ stage: HTTPStage) {
        let wanted = stage.engine.nextWake
        guard wanted != stage.armed?.deadline else { return }
        stage.cancelTimer(on: context.loop)
        guard let wanted else { return }
        let id = context.loop.schedule(at: wanted) { [weak self, weak stage] in
            guard let self, let stage else { return }
            self.wakeHTTP(stage)
        }
        stage.armed = (wanted, id)
    }

    /// `direction`'s destination goes (`ending`) once everything emitted into the direction has been written: the
    /// end travels behind the bytes, through the direction's toxics, and `flush` hands it to `finishEnding`.
    private func end(_ direction: Direction, _ stage: HTTPStage, _ ending: HTTPStage.Ending) {
        guard !isClosed(Self.destination(of: direction)) else { return }
        stage.endings[direction] = ending
        if pumps[direction].shutdownSent {
            finishEnding(direction)
        } else if !stage.endSent[direction] {
            stage.endSent[direction] = true
            pass(.end, direction)
        }
    }

    /// Called by `flush` when the end of `direction` has reached its socket and the engine asked for more than a
    /// half-close there.
    func finishEnding(_ direction: Direction) {
        guard let stage = http, let ending = stage.endings[direction] else { return }
        stage.endings[direction] = nil
        closeSide(Self.destination(of: direction), ending)
    }
}

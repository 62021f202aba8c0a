/// Drives a link on virtual time from scripted inputs and records its outputs, so a test reads as a timeline.

import FaultlineCore

/// "At 0 ms send 3 bytes; at 10 ms send .end; expect the bytes at 100 ms and .end at 110 ms" becomes a few
/// `send(_:at:)` calls, one `advance(to:)` and a comparison of `outputs` with `Output(ms:_:)` values. It runs the
/// production `LinkDriver` on a `TestLoop`, so timer handling is exercised too.
public final class LinkHarness {
    /// One action the link produced, with the virtual time at which it came out.
    public struct Output: Equatable, Sendable, CustomStringConvertible {
        public var time: Instant
        public var action: ToxicAction

        public init(_ time: Instant, _ action: ToxicAction) {
            self.time = time
            self.action = action
        }

        public init(ms: Int64, _ action: ToxicAction) {
            self.init(.milliseconds(ms), action)
        }

        public var description: String {
            switch action {
            case .emit(.bytes(let bytes)): "\(time) \(bytes.count)B"
            case .emit(.end): "\(time) end"
            case .close: "\(time) close"
            case .reset: "\(time) reset"
            }
        }
    }

    public let loop: TestLoop
    public let driver: LinkDriver
    /// The link's generator: toxicity rolls and toxic seeds come from it.
    public var rng: SplitMix64
    private let recorder: Recorder

    /// A link holding `toxics` (added at time zero, in order), rolled with a generator seeded by `seed`.
    public init(_ toxics: [ToxicSpec] = [], seed: UInt64 = 0) {
        let loop = TestLoop()
        let recorder = Recorder()
        self.loop = loop
        self.recorder = recorder
        self.rng = SplitMix64(seed: seed)
        self.driver = LinkDriver(scheduler: loop) { [weak loop, recorder] action in
            recorder.outputs.append(Output(loop?.now ?? .zero, action))
        }
        for spec in toxics { driver.append(spec, rng: &rng) }
    }

    public var now: Instant { loop.now }
    public var outputs: [Output] { recorder.outputs }

    /// Every byte emitted so far, in order.
    public var emittedBytes: [UInt8] {
        recorder.outputs.flatMap { output -> [UInt8] in
            if case .emit(.bytes(let bytes)) = output.action { return bytes }
            return []
        }
    }

    /// The byte counts of the chunks emitted so far, in order.
    public var emittedChunkSizes: [Int] {
        recorder.outputs.compactMap { output in
            if case .emit(.bytes(let bytes)) = output.action { return bytes.count }
            return nil
        }
    }

    public func clearOutputs() { recorder.outputs.removeAll() }

    /// Runs the timers due by `time` and leaves the clock there.
    public func advance(to time: Instant) { loop.advance(to: time) }

    /// Advances to `time` and feeds `event` to the link there.
    public func send(_ event: StreamEvent, at time: Instant) {
        loop.advance(to: time)
        driver.receive(event)
    }

    /// Sends `count` bytes (0, 1, 2, … wrapping) at `time`.
    public func send(bytes count: Int, at time: Instant) {
        send(.bytes((0..<count).map { UInt8(truncatingIfNeeded: $0) }), at: time)
    }

    @discardableResult
    public func add(_ spec: ToxicSpec, at time: Instant) -> Bool {
        loop.advance(to: time)
        return driver.append(spec, rng: &rng)
    }

    @discardableResult
    public func update(_ name: String, to spec: ToxicSpec, at time: Instant) -> Bool? {
        loop.advance(to: time)
        return driver.update(name: name, to: spec, rng: &rng)
    }

    @discardableResult
    public func remove(_ name: String, at time: Instant) -> Bool {
        loop.advance(to: time)
        return driver.remove(name: name)
    }

    /// Plays `script` in order, runs until `end`, and returns everything the link produced.
    @discardableResult
    public func run(_ script: [(at: Instant, event: StreamEvent)], until end: Instant) -> [Output] {
        for step in script { send(step.event, at: step.at) }
        loop.advance(to: end)
        return outputs
    }
}

/// Where the driver's sink writes; a separate object so the sink can exist before the harness does.
private final class Recorder {
    var outputs: [LinkHarness.Output] = []
}

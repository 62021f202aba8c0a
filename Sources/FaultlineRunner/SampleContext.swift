/// What every probe sample shares: its start, its timeout timer, and reporting its result exactly once.
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix

/// A sample on the runner's loop.
protocol ProbeSample: AnyObject {
    /// Begins the sample (arms its timeout first).
    func start()
    /// The host lookup this sample asked for has ended.
    func resolved(_ result: Result<[SocketAddress], ResolveError>)
    /// The run is over: release everything without reporting.
    func cancel()
}

extension ProbeSample {
    func resolved(_ result: Result<[SocketAddress], ResolveError>) {}
}

/// Held by each sample; `report` goes to the engine, `retire` tells the driver the sample holds nothing any more.
struct SampleContext {
    let loop: EpollLoop
    let handle: LoopHandle<RunnerMessage>
    /// Routes this sample's host lookup back to it.
    let token: UInt64
    let timeout: Duration
    /// Read from the monotonic clock when the sample began; latencies run from here.
    let started: Instant
    private let deliver: (ProbeResult) -> Void
    private let release: () -> Void
    private var timer: TimerID?
    private(set) var hasReported = false

    init(
        loop: EpollLoop, handle: LoopHandle<RunnerMessage>, token: UInt64, timeout: Duration,
        deliver: @escaping (ProbeResult) -> Void, release: @escaping () -> Void
    ) {
        self.loop = loop
        self.handle = handle
        self.token = token
        self.timeout = timeout
        self.started = MonotonicClock.now()
        self.deliver = deliver
        self.release = release
    }

    /// Time since the sample began, by the monotonic clock (not the loop's tick time).
    var elapsed: Duration { MonotonicClock.now() - started }

    /// Calls `action` when the timeout passes, unless the sample reported first.
    mutating func armTimeout(_ action: @escaping () -> Void) {
        timer = loop.schedule(at: started + timeout, action)
    }

    /// Hands the result to the engine once; later calls are ignored.
    mutating func report(_ result: ProbeResult) {
        guard !hasReported else { return }
        hasReported = true
        disarm()
        deliver(result)
    }

    /// Cancels the timeout without reporting (the run is over).
    mutating func disarm() {
        if let timer { loop.cancel(timer) }
        timer = nil
    }

    /// The sample has let go of its descriptors and processes.
    func retire() { release() }
}

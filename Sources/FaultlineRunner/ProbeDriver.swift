/// Starts probe samples on the loop and hands their results to the session; at most one per probe is asked for.
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix

final class ProbeDriver {
    private let loop: EpollLoop
    private let handle: LoopHandle<RunnerMessage>
    private let userAgent: String
    /// Samples still holding a socket or a process, by token.
    private var samples: [UInt64: any ProbeSample] = [:]
    private var nextToken: UInt64 = 1
    /// Where results go: `ExperimentSession.sampleEnded` in a run.
    var onResult: (String, ProbeResult, Instant) -> Void = { _, _, _ in }

    init(loop: EpollLoop, handle: LoopHandle<RunnerMessage>, userAgent: String) {
        self.loop = loop
        self.handle = handle
        self.userAgent = userAgent
    }

    /// Samples not yet retired (tests check that nothing leaks).
    var liveSamples: Int { samples.count }

    /// Starts one sample of `probe` now; its start instant is the loop's, as the engine's clock is.
    func start(_ probe: PlannedProbe) {
        let token = nextToken
        nextToken += 1
        let startedAt = loop.now
        let name = probe.name
        let context = SampleContext(
            loop: loop, handle: handle, token: token, timeout: probe.spec.timeout,
            deliver: { [weak self] result in self?.onResult(name, result, startedAt) },
            release: { [weak self] in self?.samples[token] = nil }
        )
        let sample: any ProbeSample
        switch probe.spec.kind {
        case .tcp(let tcp):
            sample = ProbeConnection(context: context, host: tcp.host, port: tcp.port, mode: .connect)
        case .http(let http):
            let request = http.requestBytes(userAgent: userAgent)
            sample = ProbeConnection(
                context: context, host: http.host, port: http.port, mode: .http(http, request: request))
        case .command(let command):
            sample = CommandSample(context: context, probe: command)
        }
        samples[token] = sample
        sample.start()
    }

    /// A lookup for the sample `token` has ended (it may have timed out meanwhile).
    func resolved(_ token: UInt64, _ result: Result<[SocketAddress], ResolveError>) {
        samples[token]?.resolved(result)
    }

    /// The run is over: close every socket, kill and reap every child.
    func cancelAll() {
        let remaining = samples.values
        samples.removeAll()
        for sample in remaining { sample.cancel() }
    }
}

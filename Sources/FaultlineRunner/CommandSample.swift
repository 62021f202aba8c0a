/// One command sample on the loop: posix_spawn of argv (no shell), stdout collected, the exit seen through a pidfd.
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix

final class CommandSample: EventHandler, ProbeSample {
    /// stdout kept for `stdoutContains`; more is read and dropped, so a chatty child never blocks on a full pipe.
    static let outputLimit = 1 << 20

    private var context: SampleContext
    private let probe: CommandProbe
    private var child: ChildProcess?
    private var outputRegistration: Registration?
    private var exitRegistration: Registration?
    private var output: [UInt8] = []

    init(context: SampleContext, probe: CommandProbe) {
        self.context = context
        self.probe = probe
    }

    func start() {
        context.armTimeout { [weak self] in self?.timedOut() }
        do throws(Errno) {
            let child = try ChildProcess.spawn(probe.argv)
            self.child = child
            outputRegistration = try context.loop.register(child.output.rawValue, .readable, self)
            exitRegistration = try context.loop.register(child.exitNotifier.rawValue, .readable, self)
        } catch {
            release()
            context.report(.failure(reason: "spawn \(probe.argv.first ?? ""): \(error)", latency: nil))
            context.retire()
        }
    }

    func cancel() {
        context.disarm()
        release()
    }

    func handle(_ events: Interest, registration: Registration) {
        guard let child else { return }
        if registration == outputRegistration {
            drainOutput(child)
        } else if registration == exitRegistration, child.reap() != nil {
            context.loop.deregister(registration)
            exitRegistration = nil
        }
        settle()
    }

    /// Done when the child has exited and its stdout is closed (or was given up after a timeout).
    private func settle() {
        guard let child, exitRegistration == nil, outputRegistration == nil, let termination = child.termination
        else { return }
        if !context.hasReported { context.report(judge(termination)) }
        release()
        context.retire()
    }

    private func drainOutput(_ child: ChildProcess) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        for _ in 0..<64 {
            let result: IOResult<Int>
            do throws(Errno) {
                result = try buffer.withUnsafeMutableBytes { raw in
                    Result { () throws(Errno) in try child.read(into: raw) }
                }.get()
            } catch {
                return closeOutput()
            }
            switch result {
            case .wouldBlock: return
            case .processed(0): return closeOutput()
            case .processed(let count):
                output += buffer[..<min(count, max(0, Self.outputLimit - output.count))]
            }
        }
    }

    private func judge(_ termination: ChildProcess.Termination) -> ProbeResult {
        let latency = context.elapsed
        switch termination {
        case .signalled(let signal):
            return .failure(reason: "killed by signal \(signal)", latency: latency)
        case .exited(let code) where code != probe.expectExit:
            return .failure(reason: "exit \(code), expected \(probe.expectExit)", latency: latency)
        case .exited:
            if let text = probe.stdoutContains, !ByteSearch.contains(output, Array(text.utf8)) {
                return .failure(reason: "stdout lacks \"\(text)\"", latency: latency)
            }
            return .success(latency: latency)
        }
    }

    /// The timeout: report it now, kill the child's group, and stay registered until the pidfd says it is gone.
    private func timedOut() {
        context.report(.timedOut)
        child?.killGroup()
        closeOutput()
        settle()
    }

    private func closeOutput() {
        if let outputRegistration { context.loop.deregister(outputRegistration) }
        outputRegistration = nil
    }

    /// Drops the registrations; dropping an unreaped child kills and reaps it (ChildProcess.deinit).
    private func release() {
        closeOutput()
        if let exitRegistration { context.loop.deregister(exitRegistration) }
        exitRegistration = nil
        child = nil
    }
}

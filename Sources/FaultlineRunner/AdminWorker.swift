/// Admin requests off the loop: one serial worker sends them in the order the engine asked, results come back posted.
import Dispatch
import FaultlineExperiment
import FaultlinePosix

/// The loop never blocks on the admin API; the worker does, one request at a time, so requests reach the server in
/// the engine's order (an add is never overtaken by the removal that follows it).
final class AdminWorker {
    private let calls: AdminCalls
    private let handle: LoopHandle<RunnerMessage>
    private let includeSeed: Bool
    private let queue = DispatchQueue(label: "faultline.experiment.admin")

    init(calls: AdminCalls, handle: LoopHandle<RunnerMessage>, includeSeed: Bool) {
        self.calls = calls
        self.handle = handle
        self.includeSeed = includeSeed
    }

    /// Queues `request`; its result arrives on the loop as `.admin(id, result)`.
    func perform(_ request: AdminRequest, id: ActionID) {
        let calls = self.calls
        let handle = self.handle
        let includeSeed = self.includeSeed
        queue.async {
            handle.post(.admin(id, calls.perform(request, includeSeed: includeSeed)))
        }
    }
}

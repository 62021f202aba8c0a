/// The one way other threads reach a loop: post Sendable values, which the loop drains on its own thread.
import CFaultlineLinux
import FaultlineCore
import Glibc
import Synchronization

public final class LoopHandle<Message: Sendable>: Sendable {
    private let pending = Mutex<[Message]>([])
    /// Owned by this object (not by the loop) so that a late `post` from another thread never writes to a
    /// descriptor number that was closed and reused.
    private let eventFD: FileDescriptor

    public init() throws(Errno) {
        eventFD = try EventFD.create()
    }

    /// Queues a message and wakes the loop; safe from any thread.
    public func post(_ message: Message) {
        let wasEmpty = pending.withLock { queue in
            queue.append(message)
            return queue.count == 1
        }
        if wasEmpty { EventFD.signal(eventFD.rawValue) }
    }

    /// Registers on `loop`; `deliver` runs on the loop's thread with the messages in posting order, before any
    /// other event of the tick they arrive in (a priority registration).
    public func attach(to loop: EpollLoop, _ deliver: @escaping ([Message]) -> Void) throws(Errno) -> Registration {
        try loop.register(eventFD.rawValue, .readable, Receiver(handle: self, deliver: deliver), priority: true)
    }

    fileprivate func drain() -> [Message] {
        EventFD.drain(eventFD.rawValue)
        return pending.withLock { queue in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
    }
}

/// The loop-side end of a `LoopHandle`.
private final class Receiver<Message: Sendable>: EventHandler {
    let handle: LoopHandle<Message>
    let deliver: ([Message]) -> Void

    init(handle: LoopHandle<Message>, deliver: @escaping ([Message]) -> Void) {
        self.handle = handle
        self.deliver = deliver
    }

    func handle(_ events: Interest, registration: Registration) {
        let messages = handle.drain()
        if !messages.isEmpty { deliver(messages) }
    }
}

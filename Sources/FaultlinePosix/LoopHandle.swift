/// The one way other threads reach a loop: post Sendable values, which the loop drains on its own thread.
import CFaultlineLinux
import FaultlineCore
import Glibc
import Synchronization

public final class LoopHandle<Message: Sendable>: Sendable {
    private let pending = Mutex<[Message]>([])
    /// How many messages wait, readable without the lock: the loop checks it after every read (one atomic load).
    private let waiting = Atomic<Int>(0)
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
            waiting.store(queue.count, ordering: .releasing)
            return queue.count == 1
        }
        if wasEmpty { EventFD.signal(eventFD.rawValue) }
    }

    /// Registers on `loop`; `deliver` runs on the loop's thread with the messages in posting order, before any
    /// other event of the tick they arrive in (a priority registration).
    public func attach(to loop: EpollLoop, _ deliver: @escaping ([Message]) -> Void) throws(Errno) -> Registration {
        try loop.register(eventFD.rawValue, .readable, Receiver(handle: self, deliver: deliver), priority: true)
    }

    /// Whether messages wait; true at latest once `post` has returned on the posting thread.
    public var hasPending: Bool { waiting.load(ordering: .acquiring) > 0 }

    /// Takes the waiting messages now, on the loop's thread, without waiting for the eventfd's turn (which then
    /// finds nothing, harmlessly).
    public func take() -> [Message] {
        pending.withLock { queue in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            waiting.store(0, ordering: .releasing)
            return taken
        }
    }

    fileprivate func drain() -> [Message] {
        EventFD.drain(eventFD.rawValue)
        return take()
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

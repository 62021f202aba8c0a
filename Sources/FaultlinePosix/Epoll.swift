/// epoll(7): create an instance, change interest, wait for events.
import CFaultlineLinux
import Glibc

/// What a registration wants to hear about, or what happened to it.
public struct Interest: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = Interest(rawValue: EPOLLIN.rawValue)
    public static let writable = Interest(rawValue: EPOLLOUT.rawValue)
    /// The peer shut down its writing side (reported only in events).
    public static let readHangup = Interest(rawValue: EPOLLRDHUP.rawValue)
    /// Both directions are gone (always reported, never requested).
    public static let hangup = Interest(rawValue: EPOLLHUP.rawValue)
    /// An error is pending on the socket (always reported, never requested).
    public static let error = Interest(rawValue: EPOLLERR.rawValue)
    /// Report transitions only: the owner tracks readiness itself until a call returns EAGAIN.
    public static let edgeTriggered = Interest(rawValue: EPOLLET.rawValue)
    /// Wake only one of the epoll instances waiting on this descriptor (a listener every loop polls): no
    /// thundering herd. Only valid when registering; such a registration cannot be modified, only removed.
    public static let exclusive = Interest(rawValue: EPOLLEXCLUSIVE.rawValue)
    public static let none: Interest = []
}

public enum Epoll {
    public static func create() throws(Errno) -> FileDescriptor {
        FileDescriptor(owning: try Syscall.call { epoll_create1(CInt(EPOLL_CLOEXEC)) })
    }

    public static func add(_ epfd: CInt, _ fd: CInt, _ interest: Interest, data: UInt64) throws(Errno) {
        try control(epfd, EPOLL_CTL_ADD, fd, interest, data)
    }

    public static func modify(_ epfd: CInt, _ fd: CInt, _ interest: Interest, data: UInt64) throws(Errno) {
        try control(epfd, EPOLL_CTL_MOD, fd, interest, data)
    }

    /// Removing a descriptor that is already closed cannot be helped and is not an error worth reporting.
    public static func remove(_ epfd: CInt, _ fd: CInt) {
        var event = epoll_event()
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event)
    }

    private static func control(_ epfd: CInt, _ op: CInt, _ fd: CInt, _ interest: Interest, _ data: UInt64)
        throws(Errno)
    {
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = data
        try Syscall.call { epoll_ctl(epfd, op, fd, &event) }
    }

    /// Waits up to `timeoutMilliseconds` (-1 = forever); returns how many entries of `events` were filled.
    public static func wait(_ epfd: CInt, _ events: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: CInt)
        throws(Errno) -> Int
    {
        Int(try Syscall.call { epoll_wait(epfd, events.baseAddress, CInt(events.count), timeoutMilliseconds) })
    }
}

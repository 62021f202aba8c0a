/// The one gate every system call goes through: EINTR retried, EAGAIN made a value, other errors thrown typed.
import Glibc

public enum Syscall {
    /// Runs a call that returns -1 and sets errno on failure; EINTR is retried and EAGAIN becomes `.wouldBlock`.
    ///
    /// EBADF and EFAULT trap: they can only mean a bug in Faultline (a descriptor used after close, a bad
    /// pointer), and carrying on would corrupt another connection's descriptor.
    @inlinable
    public static func io<T: FixedWidthInteger>(_ body: () -> T) throws(Errno) -> IOResult<T> {
        while true {
            let result = body()
            if result != -1 { return .processed(result) }
            let error = Errno.current
            switch error.rawValue {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            case EBADF, EFAULT: preconditionFailure("unacceptable errno \(error.rawValue): \(error)")
            default: throw error
            }
        }
    }

    /// Runs a call that must not block; EAGAIN (if it happens at all) is thrown like any other error.
    @inlinable
    @discardableResult
    public static func call<T: FixedWidthInteger>(_ body: () -> T) throws(Errno) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let error = Errno.current
            switch error.rawValue {
            case EINTR: continue
            case EBADF, EFAULT: preconditionFailure("unacceptable errno \(error.rawValue): \(error)")
            default: throw error
            }
        }
    }
}

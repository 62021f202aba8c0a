/// A typed errno: the failure of one system call, with the names of the codes Faultline branches on.
import Glibc

public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: CInt

    @inlinable public init(rawValue: CInt) { self.rawValue = rawValue }

    /// The current thread's errno.
    @inlinable public static var current: Errno { Errno(rawValue: errno) }

    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let inProgress = Errno(rawValue: EINPROGRESS)
    public static let badDescriptor = Errno(rawValue: EBADF)
    public static let fault = Errno(rawValue: EFAULT)
    public static let invalidArgument = Errno(rawValue: EINVAL)
    public static let tooManyOpenFiles = Errno(rawValue: EMFILE)
    public static let tooManyOpenFilesInSystem = Errno(rawValue: ENFILE)
    public static let noBufferSpace = Errno(rawValue: ENOBUFS)
    public static let noMemory = Errno(rawValue: ENOMEM)
    public static let connectionReset = Errno(rawValue: ECONNRESET)
    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)
    public static let connectionAborted = Errno(rawValue: ECONNABORTED)
    public static let brokenPipe = Errno(rawValue: EPIPE)
    public static let timedOut = Errno(rawValue: ETIMEDOUT)
    public static let addressInUse = Errno(rawValue: EADDRINUSE)
    public static let hostUnreachable = Errno(rawValue: EHOSTUNREACH)
    public static let networkUnreachable = Errno(rawValue: ENETUNREACH)
    public static let notConnected = Errno(rawValue: ENOTCONN)
    public static let noSuchFile = Errno(rawValue: ENOENT)
    /// A TLS session failed (the server's stand-in for the error a socket call cannot report).
    public static let protocolError = Errno(rawValue: EPROTO)

    /// True for the accept(2) failures that mean "out of descriptors": back off instead of spinning.
    public var isDescriptorExhaustion: Bool {
        self == .tooManyOpenFiles || self == .tooManyOpenFilesInSystem || self == .noBufferSpace
            || self == .noMemory
    }

    /// The C library's text, lower-cased the way Go prints it (`address already in use`).
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = buffer.count
        // Without _GNU_SOURCE Swift sees the XSI strerror_r: 0 on success, text in our buffer.
        let status = strerror_r(rawValue, &buffer, count)
        guard status == 0 else { return "errno \(rawValue)" }
        let text = buffer.withUnsafeBufferPointer { pointer in
            String(decoding: pointer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}

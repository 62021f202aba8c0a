/// A BIO whose source and sink are a session's `SessionIO` buffers, so that OpenSSL never touches a socket.
///
/// OpenSSL's memory BIO would do, but it keeps its largest buffer for the life of the connection and cannot be
/// read into directly. This one reads from `SessionIO.inbound` (which the connection fills straight from the
/// socket), appends to `SessionIO.outbound` (which the connection writes straight to the socket) and holds no
/// memory of its own. The BIO stores an unretained pointer to the `SessionIO`; the session keeps both alive.
import COpenSSL

enum SessionBIO {
    /// Makes a BIO over `io`; the caller hands it to `SSL_set_bio`, which then owns it.
    static func make(_ io: SessionIO) -> OpaquePointer? {
        guard let method = methodBox.method, let bio = BIO_new(method) else { return nil }
        BIO_set_data(bio, Unmanaged.passUnretained(io).toOpaque())
        return bio
    }

    /// The method table, built once per process; OpenSSL only reads it after that.
    private final class MethodBox: @unchecked Sendable {
        let method: OpaquePointer?
        init() {
            let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "faultline session")
            BIO_meth_set_write(method, SessionBIO.write)
            BIO_meth_set_read(method, SessionBIO.read)
            BIO_meth_set_ctrl(method, SessionBIO.control)
            BIO_meth_set_create(method, SessionBIO.create)
            BIO_meth_set_destroy(method, SessionBIO.destroy)
            self.method = method
        }
    }

    private static let methodBox = MethodBox()

    private static func io(_ bio: OpaquePointer?) -> SessionIO? {
        BIO_get_data(bio).map { Unmanaged<SessionIO>.fromOpaque($0).takeUnretainedValue() }
    }

    private static let write: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
        bio, data, length in
        guard let io = io(bio), let data, length > 0 else { return 0 }
        shim_BIO_clear_retry_flags(bio)
        io.outbound.append(UnsafeRawBufferPointer(start: data, count: Int(length)))
        return length
    }

    private static let read: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int32) -> Int32 = {
        bio, destination, length in
        guard let io = io(bio), let destination, length > 0 else { return 0 }
        shim_BIO_clear_retry_flags(bio)
        if io.inbound.isEmpty {
            if io.inputEnded { return 0 }
            // Not end of file, only nothing yet: OpenSSL reports want-read and the session asks for input.
            shim_BIO_set_retry_read(bio)
            return -1
        }
        return Int32(io.inbound.move(to: destination, limit: Int(length)))
    }

    private static let control: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int = {
        bio, command, _, _ in
        switch command {
        case BIO_CTRL_FLUSH: return 1
        case BIO_CTRL_PENDING: return io(bio)?.inbound.count ?? 0
        case BIO_CTRL_WPENDING: return io(bio)?.outbound.count ?? 0
        case BIO_CTRL_EOF:
            guard let io = io(bio) else { return 1 }
            return io.inputEnded && io.inbound.isEmpty ? 1 : 0
        default: return 0
        }
    }

    private static let create: @convention(c) (OpaquePointer?) -> Int32 = { bio in
        BIO_set_init(bio, 1)
        return 1
    }

    private static let destroy: @convention(c) (OpaquePointer?) -> Int32 = { bio in
        BIO_set_data(bio, nil)
        return 1
    }
}

/// The two ciphertext buffers of one session, which OpenSSL reads and writes through `SessionBIO`.
final class SessionIO {
    /// Ciphertext received from the peer that OpenSSL has not read yet.
    var inbound = ByteRegion()
    /// Ciphertext OpenSSL produced that the connection has not written to the socket yet.
    var outbound = ByteRegion()
    /// The peer's TCP stream ended: once `inbound` is drained, reads report end of file instead of "retry".
    var inputEnded = false

    init() {}
}

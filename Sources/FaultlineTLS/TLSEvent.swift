/// What one call that drives a session (`handshake()`, `read(into:)`, `resumeHandshake`) came to.
///
/// After every call, whatever the event, write out `pendingCiphertext` if it is not zero: handshake messages,
/// session tickets, alerts and close_notify all leave that way.
public enum TLSEvent: Equatable, Sendable {
    /// This many bytes of plaintext are at the start of the caller's buffer. Call again for more.
    case plaintext(Int)
    /// The handshake completed during this call (reported once). Call `read(into:)` again for plaintext.
    case established
    /// Nothing more can happen until more ciphertext arrives from the peer.
    case needsInput
    /// The handshake is held at the ClientHello, as the session was asked to (`pauseAtClientHello`): call
    /// `resumeHandshake(certificate:)` or `abortHandshake(alert:)`, now or after the fault's delay.
    case suspended(TLSClientHello)
    /// The peer will send no more plaintext: `clean` when it sent close_notify, false when its TCP stream
    /// ended without one. This side may still write (TLS half-close) until it calls `close()`.
    case closed(clean: Bool)
    /// The session is dead; every later call reports the same failure. Write out the pending ciphertext (it
    /// may hold this side's alert), then close the socket.
    case failed(TLSFailure)
}

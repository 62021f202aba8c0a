/// What flows along one direction of a connection: a chunk of bytes or the end of the stream.
public enum StreamEvent: Equatable, Sendable {
    case bytes([UInt8])
    /// The source half-closed (EOF); propagated as `shutdown(SHUT_WR)` on the destination.
    case end

    public var byteCount: Int {
        if case .bytes(let bytes) = self { return bytes.count }
        return 0
    }
}

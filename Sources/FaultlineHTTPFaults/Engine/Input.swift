/// Bytes being processed by the engine, and where a complete head's bytes are.

/// Bytes being processed: the caller's buffer (emitted as `.forward` ranges) or bytes the engine owns (emitted as
/// slices of `owned`, which `bytes` points into).
struct Input {
    let bytes: UnsafeRawBufferPointer
    let owned: [UInt8]?
}

/// Where the bytes of a complete head are: a range of the current input, or a buffer that collected a split head.
enum HeadOrigin {
    case input(Range<Int>)
    case buffer([UInt8])
}

/// Follows one message body as it streams past: by length, by chunked framing, or until the connection closes.

/// Where the body being forwarded ends. Bodies are counted, never copied or buffered.
struct BodyTracker {
    enum Step: Equatable {
        /// The body takes every byte of the input from `start` and goes on.
        case more
        /// The body ends just before `end`.
        case done(end: Int)
        case failed
    }

    private enum State {
        case length(remaining: UInt64)
        case chunked(ChunkedTracker)
        case untilClose
    }

    private var state: State

    /// A tracker for `framing`; nil for `.none` (there is no body).
    init?(_ framing: MessageFraming, maxTrailerBytes: Int) {
        switch framing {
        case .none: return nil
        case .length(let length): state = .length(remaining: length)
        case .chunked: state = .chunked(ChunkedTracker(maxTrailerBytes: maxTrailerBytes))
        case .untilClose: state = .untilClose
        }
    }

    /// True for a body that only the end of the connection completes.
    var endsWithConnection: Bool {
        if case .untilClose = state { return true }
        return false
    }

    mutating func consume(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Step {
        switch state {
        case .length(let remaining):
            let available = UInt64(bytes.count - start)
            if available < remaining {
                state = .length(remaining: remaining - available)
                return .more
            }
            state = .length(remaining: 0)
            return .done(end: start + Int(remaining))
        case .chunked(var tracker):
            let step = tracker.consume(bytes, from: start)
            state = .chunked(tracker)
            switch step {
            case .more: return .more
            case .done(let end): return .done(end: end)
            case .failed: return .failed
            }
        case .untilClose:
            return .more
        }
    }
}

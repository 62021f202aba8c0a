/// Reading OpenSSL's per-thread error queue into text, and keeping it empty between calls.
import COpenSSL

enum OpenSSLErrorQueue {
    /// Empties the queue and returns its reasons, oldest first and without repeats, joined with ": " (for
    /// example `no start line` or `wrong version number`); "unknown error" when the queue was empty. With
    /// `details`, the text OpenSSL attached to an error follows its reason in parentheses: the PEM decoders'
    /// bare `unsupported` says little without its `No supported data to decode. Input type: PEM`.
    ///
    /// The queue must be drained after every failure: `SSL_get_error` reads it first, so a stale entry would
    /// turn the next session's harmless want-read on this thread into a failure.
    static func drain(details: Bool = false) -> String {
        var reasons: [String] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var text = reasonText(code)
            if details, flags & ERR_TXT_STRING != 0, let data, data.pointee != 0 {
                text += " (\(String(cString: data)))"
            }
            if !reasons.contains(text) { reasons.append(text) }
        }
        return reasons.isEmpty ? "unknown error" : reasons.joined(separator: ": ")
    }

    /// The reason of the oldest queued error without removing anything, and its reason code.
    static func peekReason() -> Int32 {
        let code = ERR_peek_error()
        return code == 0 ? 0 : ERR_GET_REASON(code)
    }

    /// Drops whatever a failed call left behind, before a call whose failure we will classify.
    static func clear() {
        if ERR_peek_error() != 0 { ERR_clear_error() }
    }

    private static func reasonText(_ code: UInt) -> String {
        if let text = ERR_reason_error_string(code) { return String(cString: text) }
        return "error \(String(code, radix: 16))"
    }
}

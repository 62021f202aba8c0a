/// What the engine needs from a request head: start-line parts, framing and the fields that steer faults.

/// A request head read in one pass over its `HeadLayout`; ranges index the head's bytes.
struct RequestFacts {
    private static let connection = Array("connection".utf8)
    private static let expect = Array("expect".utf8)
    private static let upgrade = Array("upgrade".utf8)
    private static let host = Array("host".utf8)
    static let abortControl = Array("x-faultline-abort".utf8)
    static let delayControl = Array("x-faultline-delay".utf8)
    private static let close = Array("close".utf8)
    private static let keepAlive = Array("keep-alive".utf8)
    private static let continueToken = Array("100-continue".utf8)
    private static let connect = Array("CONNECT".utf8)
    private static let head = Array("HEAD".utf8)

    var method = 0..<0
    var target = 0..<0
    var minorVersion: UInt8 = 1
    var framing = MessageFraming.none
    /// The client keeps the connection open after the response (HTTP/1.1 without `close`, 1.0 with `keep-alive`).
    var keepAlive = true
    var expectsContinue = false
    /// The request asks to switch protocols (`Upgrade` field).
    var upgrade = false
    var isConnect = false
    var isHEAD = false
    /// The last `Host` value.
    var host: Range<Int>?
    /// The last `x-faultline-abort` and `x-faultline-delay` values, if any.
    var abortControl: Range<Int>?
    var delayControl: Range<Int>?

    /// Reads the facts; fails with the reason to give up (framing that cannot be trusted).
    static func read(_ bytes: UnsafeRawBufferPointer, _ layout: HeadLayout) -> Result<RequestFacts, PassthroughReason> {
        var facts = RequestFacts()
        let line = layout.startLine
        // The sniffer checked `METHOD SP target SP HTTP/1.x`: the method ends at the first space, the version
        // is the last 8 bytes.
        var space = line.lowerBound
        while bytes[space] != ASCII.space { space += 1 }
        facts.method = line.lowerBound..<space
        facts.target = (space + 1)..<(line.upperBound - 9)
        facts.minorVersion = bytes[line.upperBound - 1] - UInt8(ascii: "0")
        facts.isConnect = ASCII.equals(bytes, facts.method, connect)
        facts.isHEAD = ASCII.equals(bytes, facts.method, head)
        var framing = FramingFields()
        var closeToken = false
        var keepAliveToken = false
        for field in layout.fields {
            if framing.note(bytes, field) { continue }
            let name = field.name
            if ASCII.equalsIgnoringCase(bytes, name, connection) {
                ASCII.forEachListElement(bytes, field.value) { token in
                    if ASCII.equalsIgnoringCase(bytes, token, close) { closeToken = true }
                    if ASCII.equalsIgnoringCase(bytes, token, keepAlive) { keepAliveToken = true }
                }
            } else if ASCII.equalsIgnoringCase(bytes, name, expect) {
                facts.expectsContinue = ASCII.equalsIgnoringCase(bytes, field.value, continueToken)
            } else if ASCII.equalsIgnoringCase(bytes, name, upgrade) {
                facts.upgrade = true
            } else if ASCII.equalsIgnoringCase(bytes, name, host) {
                facts.host = field.value
            } else if ASCII.equalsIgnoringCase(bytes, name, abortControl) {
                facts.abortControl = field.value
            } else if ASCII.equalsIgnoringCase(bytes, name, delayControl) {
                facts.delayControl = field.value
            }
        }
        facts.keepAlive = facts.minorVersion >= 1 ? !closeToken : keepAliveToken
        switch framing.requestFraming(minorVersion: facts.minorVersion) {
        case .success(let value): facts.framing = value
        case .failure(let reason): return .failure(reason)
        }
        // A client only waits for `100 Continue` when there is a body to send (RFC 9110 §10.1.1).
        if facts.framing == .none || facts.minorVersion == 0 { facts.expectsContinue = false }
        return .success(facts)
    }

    var hasControlHeaders: Bool { abortControl != nil || delayControl != nil }
}

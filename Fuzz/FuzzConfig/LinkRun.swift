/// One direction's toxics from a config entry carrying a fixed script of bytes on virtual time.
import FaultlineCore
import FaultlineTesting
import FuzzSupport

/// The toxic contract (`Toxic.swift`): bytes come out in order and unchanged, at most once; what a toxic
/// holds is delivered when it is removed, unless it gave the bytes up with `.close` or `.reset`.
enum LinkRun {
    /// (milliseconds, byte count): a lone byte, a small write, a large one after a pause, a late one.
    static let script: [(ms: UInt64, count: Int)] = [(0, 1), (1, 300), (250, 4000), (2_000, 64)]
    static let endMs: UInt64 = 3_000

    /// Longer chains only repeat what these show and would let one input take seconds (libFuzzer calls that a hang).
    static let maxToxics = 8

    static func check(_ chain: [ToxicSpec]) {
        let toxics = Array(chain.prefix(maxToxics))
        let harness = LinkHarness(toxics, seed: 0x5EED)
        var sent: [UInt8] = []
        for (ms, count) in script {
            let chunk = (0..<count).map { UInt8(truncatingIfNeeded: sent.count + $0) }
            sent += chunk
            harness.send(.bytes(chunk), at: .milliseconds(ms))
            // A live update to the same settings mid-stream, as a PATCH restating a toxic does.
            if ms == 250, let first = toxics.first { harness.update(first.name, to: first, at: .milliseconds(ms)) }
        }
        harness.send(.end, at: .milliseconds(endMs))
        let far = Instant(nanoseconds: .max)
        harness.advance(to: far)
        for toxic in toxics { harness.remove(toxic.name, at: far) }
        verify(harness.outputs, sent: sent, toxics: toxics)
    }

    static func verify(_ outputs: [LinkHarness.Output], sent: [UInt8], toxics: [ToxicSpec]) {
        var emitted: [UInt8] = []
        var ends = 0
        var gaveUp = false
        var last = Instant.zero
        for output in outputs {
            require(output.time >= last, "outputs went back in time")
            last = output.time
            switch output.action {
            case .emit(.bytes(let bytes)):
                require(ends == 0, "bytes after the end of the stream")
                emitted += bytes
            case .emit(.end): ends += 1
            case .close, .reset: gaveUp = true
            }
        }
        require(ends <= 1, "the end of the stream was emitted \(ends) times")
        // `loss` in drop mode and `packet_loss` lose bytes by design; the rest must pass a prefix of what was sent.
        let dropsBytes = toxics.contains { toxic in
            switch toxic.kind {
            case .loss(let attributes): attributes.mode == "drop"
            case .packetLoss: true
            default: false
            }
        }
        if dropsBytes {
            require(isSubsequence(emitted, of: sent), "bytes were reordered or repeated, not only dropped")
        } else {
            require(sent.starts(with: emitted), "\(emitted.count) bytes emitted are not a prefix of those sent")
        }
        // `timeout` swallows data by design; with no toxic giving up, every byte and the end get through.
        let swallows = toxics.contains { if case .timeout = $0.kind { true } else { false } }
        if !dropsBytes && !swallows && !gaveUp {
            require(emitted.count == sent.count, "\(sent.count - emitted.count) bytes lost with nothing closed")
            require(ends == 1, "the end of the stream was lost")
        }
    }
}

/// Whether `part` is `whole` with some bytes left out (matching each byte at its earliest place decides it).
func isSubsequence(_ part: [UInt8], of whole: [UInt8]) -> Bool {
    var remaining = whole[...]
    for byte in part {
        guard let found = remaining.firstIndex(of: byte) else { return false }
        remaining = remaining[(found + 1)...]
    }
    return true
}

extension Instant {
    static func milliseconds(_ ms: UInt64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }
}

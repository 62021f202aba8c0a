/// A client and a server session wired back to back in memory, with a pump that moves ciphertext between them.
import FaultlineTLS

final class SessionPair {
    let client: TLSSession
    let server: TLSSession
    /// Plaintext each side has read so far.
    var clientReceived: [UInt8] = []
    var serverReceived: [UInt8] = []
    /// The last non-plaintext event each side reported.
    var clientLast: TLSEvent = .needsInput
    var serverLast: TLSEvent = .needsInput
    var clientEstablished = false
    var serverEstablished = false
    /// Count plaintext without keeping it (the throughput figures move far more than should stay in memory).
    var discardsPlaintext = false
    var plaintextToServer = 0
    var plaintextToClient = 0
    /// Ciphertext bytes moved each way, for the throughput figures.
    var bytesToServer = 0
    var bytesToClient = 0
    private var scratch = [UInt8](repeating: 0, count: 32 << 10)

    init(client: TLSSession, server: TLSSession) {
        self.client = client
        self.server = server
    }

    /// Starts the client's handshake and pumps until neither side has anything more to say.
    @discardableResult
    func handshake() -> SessionPair {
        clientLast = client.handshake()
        if clientLast == .established { clientEstablished = true }
        pump()
        return self
    }

    /// Moves ciphertext both ways and lets each side read until nothing moves.
    func pump(rounds: Int = 10_000) {
        for _ in 0..<rounds {
            var moved = transfer(from: client, to: server)
            moved = transfer(from: server, to: client) || moved
            if !moved { return }
        }
    }

    /// Writes all of `bytes` from one side, pumping whenever the session's output limit pushes back.
    func send(_ bytes: [UInt8], fromClient: Bool) throws {
        let sender = fromClient ? client : server
        var offset = 0
        while offset < bytes.count {
            let taken = try bytes[offset...].withUnsafeBytes { try sender.write($0) }
            offset += taken
            pump()
            if taken == 0 && sender.pendingCiphertext == 0 { break }
        }
    }

    /// Drives one side's reading after new input (or a resume), recording plaintext and its last event.
    func drain(_ session: TLSSession) {
        let isClient = session === client
        while true {
            let event = scratch.withUnsafeMutableBytes { session.read(into: $0) }
            switch event {
            case .plaintext(let count):
                if isClient { plaintextToClient += count } else { plaintextToServer += count }
                if discardsPlaintext { continue }
                if isClient { clientReceived += scratch[..<count] } else { serverReceived += scratch[..<count] }
                continue
            case .established:
                if isClient { clientEstablished = true } else { serverEstablished = true }
                continue
            default:
                if isClient { clientLast = event } else { serverLast = event }
                return
            }
        }
    }

    private func transfer(from sender: TLSSession, to receiver: TLSSession) -> Bool {
        let count = sender.pendingCiphertext
        guard count > 0 else {
            drain(receiver)
            return false
        }
        // Straight from one session's output buffer into the other's input buffer, as a socket pair would.
        sender.drainCiphertext { bytes in
            receiver.receiveCiphertext(capacity: bytes.count) { space in
                space.copyMemory(from: bytes)
                return bytes.count
            }
        }
        if sender === client { bytesToServer += count } else { bytesToClient += count }
        drain(receiver)
        return true
    }
}

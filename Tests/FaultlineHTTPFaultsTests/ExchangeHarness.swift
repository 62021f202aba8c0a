/// Drives an `HTTPExchange` on virtual time and records what each peer receives, so tests read as transcripts.
import FaultlineCore
import FaultlineHTTP
import FaultlineHTTPFaults

/// The client and the upstream as the engine's outputs describe them: bytes received, FIN, RST, close.
final class ExchangeHarness {
    /// Something that happened to a peer, beside the bytes.
    enum Mark: Equatable {
        case end(Direction)
        case closeClient, resetClient, closeUpstream, resetUpstream
    }

    let engine: HTTPExchange
    private(set) var now = Instant.zero
    /// Every byte emitted into each direction, in order.
    private(set) var toUpstream: [UInt8] = []
    private(set) var toClient: [UInt8] = []
    /// Marks with the number of bytes the marked peer had received by then.
    private(set) var marks: [(mark: Mark, after: Int, at: Instant)] = []
    /// When each emitted chunk came out: (time, direction, byte count).
    private(set) var chunks: [(time: Instant, direction: Direction, count: Int)] = []
    private var out: [HTTPExchangeAction] = []

    init(_ faults: [HTTPFaultSpec] = [], seed: UInt64 = 1, configuration: HTTPExchange.Configuration = .init(),
         midStream: Bool = false) {
        engine = HTTPExchange(configuration: configuration, midStream: midStream)
        for (index, fault) in faults.enumerated() { engine.add(fault, seed: SplitMix64.mix(seed, UInt64(index))) }
    }

    var clientText: String { String(decoding: toClient, as: UTF8.self) }
    var upstreamText: String { String(decoding: toUpstream, as: UTF8.self) }
    var markList: [Mark] { marks.map(\.mark) }

    // MARK: Feeding

    func client(_ text: String) { client(Array(text.utf8)) }
    func upstream(_ text: String) { upstream(Array(text.utf8)) }
    func client(_ bytes: [UInt8]) { feed(bytes, .upstream) }
    func upstream(_ bytes: [UInt8]) { feed(bytes, .downstream) }

    /// Feeds `bytes` split into pieces of the given sizes (the last piece takes the rest).
    func client(_ bytes: [UInt8], pieces: [Int]) { feedPieces(bytes, pieces, .upstream) }
    func upstream(_ bytes: [UInt8], pieces: [Int]) { feedPieces(bytes, pieces, .downstream) }

    func clientEnd() {
        engine.receiveEnd(flowing: .upstream, now: now, into: &out)
        carryOut(nil)
    }

    func upstreamEnd() {
        engine.receiveEnd(flowing: .downstream, now: now, into: &out)
        carryOut(nil)
    }

    /// Moves time to `time`, waking the engine at each of its wake-ups on the way.
    func advance(to time: Instant) {
        while let wake = engine.nextWake, wake <= time {
            now = max(now, wake)
            engine.wake(now: now, into: &out)
            carryOut(nil)
        }
        now = max(now, time)
    }

    func advance(byMilliseconds ms: Int64) { advance(to: now + .milliseconds(ms)) }

    func remove(_ name: String) {
        engine.remove(named: name, now: now, into: &out)
        carryOut(nil)
    }

    private func feedPieces(_ bytes: [UInt8], _ pieces: [Int], _ direction: Direction) {
        var start = 0
        for size in pieces where start < bytes.count {
            let end = min(bytes.count, start + size)
            feed(Array(bytes[start..<end]), direction)
            start = end
        }
        if start < bytes.count { feed(Array(bytes[start...]), direction) }
    }

    private func feed(_ bytes: [UInt8], _ direction: Direction) {
        bytes.withUnsafeBytes { raw in
            engine.receive(raw, flowing: direction, now: now, into: &out)
        }
        carryOut(bytes)
    }

    /// Carries out the actions; `.forward` ranges index `input`.
    private func carryOut(_ input: [UInt8]?) {
        for action in out {
            switch action {
            case .forward(let direction, let range):
                // Only a call that was given bytes can forward them.
                guard let input else { fatalError("forward without input") }
                append(input[range], direction)
            case .emit(let direction, let slice):
                append(slice, direction)
            case .end(let direction):
                marks.append((.end(direction), direction == .upstream ? toUpstream.count : toClient.count, now))
            case .closeClient: marks.append((.closeClient, toClient.count, now))
            case .resetClient: marks.append((.resetClient, toClient.count, now))
            case .closeUpstream: marks.append((.closeUpstream, toUpstream.count, now))
            case .resetUpstream: marks.append((.resetUpstream, toUpstream.count, now))
            }
        }
        out.removeAll(keepingCapacity: true)
    }

    private func append(_ bytes: ArraySlice<UInt8>, _ direction: Direction) {
        chunks.append((now, direction, bytes.count))
        if direction == .upstream { toUpstream += bytes } else { toClient += bytes }
    }

    func clearReceived() {
        toUpstream = []
        toClient = []
        marks = []
        chunks = []
    }
}

// MARK: Building specs and messages

/// A fault from its type name and attributes JSON, checked as the server checks it.
func fault(_ type: String, _ attributes: String = "{}", name: String? = nil, toxicity: Float = 1) throws
    -> HTTPFaultSpec
{
    let value = try JSONParser.parseFirstValue(Array(attributes.utf8))
    let toxic = ToxicSpec(name: name ?? type, kind: .http(type: type, attributes: value), toxicity: toxicity)
    return try HTTPFaultSpec(toxic)
}

func get(_ path: String, _ extra: String = "") -> String {
    "GET \(path) HTTP/1.1\r\nHost: example.test\r\n\(extra)\r\n"
}

func ok(_ body: String, _ extra: String = "") -> String {
    "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)"
}

extension Instant {
    static func ms(_ value: Int64) -> Instant { .zero + .milliseconds(value) }
}

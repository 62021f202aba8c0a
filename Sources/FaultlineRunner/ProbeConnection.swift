/// One tcp or http sample on the loop: look the host up (unless numeric), connect to each address in turn, and for
/// http send one request on that fresh connection and read the whole response.
import FaultlineCore
import FaultlineExperiment
import FaultlineHTTP
import FaultlinePosix

final class ProbeConnection: EventHandler, ProbeSample {
    /// Just connect (tcp), or one HTTP/1.1 exchange.
    enum Mode {
        case connect
        case http(HTTPProbe, request: [UInt8])
    }

    private enum Stage {
        case idle, resolving, connecting, writing, reading, done
    }

    /// A class box: a `~Copyable` socket cannot sit in an optional stored property that is reassigned freely.
    private final class Box {
        let socket: TCPSocket
        init(_ socket: consuming TCPSocket) { self.socket = socket }
    }

    private var context: SampleContext
    private let host: String
    private let port: UInt16
    private let mode: Mode
    private var stage = Stage.idle
    private var addresses: [SocketAddress] = []
    private var nextAddress = 0
    private var lastError = "no address"
    private var box: Box?
    private var registration: Registration?
    private var written = 0
    private var parser = ResponseParser(maxBodyBytes: 16 << 20)

    init(context: SampleContext, host: String, port: UInt16, mode: Mode) {
        self.context = context
        self.host = host
        self.port = port
        self.mode = mode
    }

    func start() {
        context.armTimeout { [weak self] in self?.finish(.timedOut) }
        if let numeric = SocketAddress(numericHost: host, port: port) {
            addresses = [numeric]
            connectNext()
            return
        }
        stage = .resolving
        let handle = context.handle
        let token = context.token
        Resolver.resolve(host: host, port: port) { result in handle.post(.resolved(token: token, result)) }
    }

    func resolved(_ result: Result<[SocketAddress], ResolveError>) {
        guard stage == .resolving else { return }
        switch result {
        case .success(let found):
            addresses = found
            connectNext()
        case .failure(let error):
            finish(.failure(reason: error.description, latency: nil))
        }
    }

    func cancel() {
        context.disarm()
        close()
        stage = .done
    }

    func handle(_ events: Interest, registration: Registration) {
        switch stage {
        case .connecting: connectFinished()
        case .writing: writeRequest()
        case .reading: readResponse()
        case .idle, .resolving, .done: break
        }
    }

    /// Tries the next address; fast failures (refused, unreachable) move on, and the last one is reported.
    private func connectNext() {
        stage = .connecting
        while nextAddress < addresses.count {
            let address = addresses[nextAddress]
            nextAddress += 1
            do throws(Errno) {
                let socket = try TCPSocket(family: address.family)
                let progress = try socket.connect(to: address)
                socket.setNoDelay()
                let box = Box(socket)
                self.box = box
                registration = try context.loop.register(box.socket.rawValue, .writable, self)
                if progress == .connected { connected() }
                return
            } catch {
                close()
                lastError = "connect \(address): \(error)"
            }
        }
        finish(.failure(reason: lastError, latency: nil))
    }

    private func connectFinished() {
        guard let box else { return }
        if let error = box.socket.pendingError() {
            let address = nextAddress > 0 ? addresses[nextAddress - 1].description : "\(host):\(port)"
            lastError = "connect \(address): \(error)"
            close()
            connectNext()
            return
        }
        connected()
    }

    private func connected() {
        switch mode {
        case .connect:
            finish(.success(latency: context.elapsed))
        case .http:
            stage = .writing
            writeRequest()
        }
    }
}

extension ProbeConnection {
    private var request: [UInt8] {
        if case .http(_, let request) = mode { return request }
        return []
    }

    fileprivate func writeRequest() {
        guard let box else { return }
        let bytes = request
        while written < bytes.count {
            let result: IOResult<Int>
            do throws(Errno) {
                result = try bytes[written...].withUnsafeBytes { raw in
                    Result { () throws(Errno) in try box.socket.write(raw) }
                }.get()
            } catch {
                return finish(.failure(reason: "send: \(error)", latency: nil))
            }
            switch result {
            case .processed(let count): written += count
            case .wouldBlock: return
            }
        }
        stage = .reading
        if let registration { try? context.loop.update(registration, interest: .readable) }
    }

    fileprivate func readResponse() {
        guard let box, case .http(let probe, _) = mode else { return }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        // Bounded per event: a fast server cannot keep the loop here; the rest waits for the next readiness.
        for _ in 0..<64 {
            let result: IOResult<Int>
            do throws(Errno) {
                result = try buffer.withUnsafeMutableBytes { raw in
                    Result { () throws(Errno) in try box.socket.read(into: raw) }
                }.get()
            } catch {
                return finish(.failure(reason: "receive: \(error)", latency: nil))
            }
            guard case .processed(let count) = result else { return }
            let event: ResponseParser.Event
            if count == 0 {
                event = parser.finish()
            } else {
                parser.feed(buffer[..<count])
                event = parser.next(answering: probe.parserMethod)
            }
            switch event {
            case .response(let response):
                return finish(probe.evaluate(response, latency: context.elapsed))
            case .failed(let reason):
                return finish(.failure(reason: reason, latency: context.elapsed))
            case .needMore:
                if count == 0 { return finish(.failure(reason: "connection closed before a response", latency: nil)) }
            }
        }
    }

    fileprivate func finish(_ result: ProbeResult) {
        guard stage != .done else { return }
        stage = .done
        close()
        context.report(result)
        context.retire()
    }

    fileprivate func close() {
        if let registration { context.loop.deregister(registration, closing: true) }
        registration = nil
        box = nil
    }
}

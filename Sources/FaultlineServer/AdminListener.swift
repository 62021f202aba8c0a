/// The admin API's listening socket on the first loop: accepts sessions, caps how many may be open at once.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import FaultlinePosix
import Logging

final class AdminListener: EventHandler {
    /// Beyond this many open admin connections new ones are closed at once; a crowd of idle clients then
    /// cannot exhaust descriptors, and their timeouts make room again.
    static let maxSessions = 1024

    private let socket: TCPSocket
    private var registration: Registration?
    let context: LoopContext
    let api: AdminAPI
    private var sessions: [UInt64: AdminSession] = [:]
    private var nextSessionID: UInt64 = 1
    var requestIDs: RequestIDGenerator
    let address: SocketAddress
    /// Request bytes every session's parser holds together: a body may be 64 MiB, so beyond this total sessions
    /// stop reading (TCP pushes back on their clients) until requests complete or time out.
    static let maxBufferedRequestBytes = 256 << 20
    var bufferedRequestBytes = 0
    /// Sessions stopped reading at the bound; they are woken when the total falls below it.
    private var full = false

    init(host: String, port: UInt16, context: LoopContext, control: any ProxyControl) throws(FaultlineError) {
        let address = try ListenAddress.resolve(host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
        let socket = try ListenAddress.bind(address, given: "\(host):\(port)")
        self.address = (try? socket.localAddress()) ?? address
        self.socket = socket
        self.context = context
        let dashboard = Self.dashboardAccess(config: context.config, host: host, address: self.address, context.logger)
        api = AdminAPI(
            control: control, serverVersion: FaultlineVersion.current, apiVersion: FaultlineVersion.toxiproxyAPI,
            dashboard: dashboard)
        let seed = WallClock.randomSeed()
        requestIDs = RequestIDGenerator(
            machineID: UInt32(truncatingIfNeeded: seed), processID: UInt16(truncatingIfNeeded: ProcessStats.processID),
            counter: UInt32(truncatingIfNeeded: seed >> 32))
        do {
            registration = try context.loop.register(self.socket.rawValue, .readable, self)
        } catch {
            throw .listenFailed(address: self.address.description, reason: "epoll: \(error)")
        }
    }

    var openSessions: Int { sessions.count }

    func handle(_ events: Interest, registration: Registration) {
        for _ in 0..<64 {
            let result: AcceptResult
            do {
                result = try socket.accept()
            } catch {
                if !error.isDescriptorExhaustion && error != .connectionAborted {
                    context.logger.error("admin accept failed", metadata: ["reason": "\(error)"])
                }
                return
            }
            switch consume result {
            case .wouldBlock:
                return
            case .accepted(let client):
                guard sessions.count < Self.maxSessions else {
                    context.logger.warning("admin connection refused: too many open", metadata: ["limit": "\(Self.maxSessions)"])
                    continue  // dropping `client` closes it
                }
                let id = nextSessionID
                nextSessionID += 1
                if let session = AdminSession(id: id, socket: client, listener: self) { sessions[id] = session }
            }
        }
    }

    func forget(_ id: UInt64) { sessions[id] = nil }

    /// Whether sessions may read more request bytes now.
    var mayBuffer: Bool {
        if bufferedRequestBytes < Self.maxBufferedRequestBytes { return true }
        full = true
        return false
    }

    /// A session's buffered bytes shrank: if sessions had stopped at the bound and it now has room, wake them.
    func bufferReleased() {
        guard full, bufferedRequestBytes < Self.maxBufferedRequestBytes else { return }
        full = false
        for session in sessions.values { session.resumeReading() }
    }

    /// Closes the listener and every session (shutdown).
    func close() {
        if let registration { context.loop.deregister(registration) }
        registration = nil
        for session in sessions.values { session.close() }
        sessions.removeAll()
    }
}

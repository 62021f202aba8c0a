/// The admin API's listening socket on the first loop: accepts sessions, caps how many may be open at once.
import FaultlineAdmin
import FaultlineCore
import FaultlineHTTP
import FaultlinePosix
import FaultlineTLS
import Logging

final class AdminListener: EventHandler {
    /// Beyond this many open admin connections new ones are closed at once; a crowd of idle clients then
    /// cannot exhaust descriptors, and their timeouts make room again.
    static let maxSessions = 1024

    private let socket: TCPSocket
    private var registration: Registration?
    let context: LoopContext
    private var sessions: [UInt64: AdminSession] = [:]
    private var nextSessionID: UInt64 = 1
    var requestIDs: RequestIDGenerator
    /// Request bytes every session's parser holds together: a body may be 64 MiB, so beyond this total sessions
    /// stop reading (TCP pushes back on their clients) until requests complete or time out.
    static let maxBufferedRequestBytes = 256 << 20
    var bufferedRequestBytes = 0
    /// Sessions stopped reading at the bound; they are woken when the total falls below it.
    private var full = false

    /// Where clients reach this listener: a TCP address (the allowlist applies) or a Unix socket file.
    enum Transport {
        case tcp(SocketAddress)
        case unix(path: String)
    }

    let transport: Transport
    let front: AdminFront
    /// HTTPS on this listener (`--admin-tls-cert`/`--admin-tls-key`); nil for plain HTTP.
    let tls: TLSServerContext?

    /// The TCP listener on `host:port` (Toxiproxy's `-host`/`-port`).
    static func tcp(
        host: String, port: UInt16, context: LoopContext, front: AdminFront, tls: TLSServerContext? = nil
    ) throws(FaultlineError) -> AdminListener {
        let address = try ListenAddress.resolve(host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
        let socket = try ListenAddress.bind(address, given: "\(host):\(port)")
        let bound = (try? socket.localAddress()) ?? address
        return try AdminListener(socket: socket, transport: .tcp(bound), context: context, front: front, tls: tls)
    }

    /// The Unix-socket listener (`--admin-socket`): the file is `mode` (0600, or 0660 with a group) from the start.
    static func unix(path: String, mode: UInt32, group: UInt32?, context: LoopContext, front: AdminFront)
        throws(FaultlineError) -> AdminListener
    {
        let socket: TCPSocket
        do {
            socket = try LocalSocket.listen(path: path, mode: mode, group: group)
        } catch {
            // Go's wording for a Unix listener (`net.Listen("unix", …)`); only start-up ever reports it.
            throw .internalError("listen unix \(path): bind: \(error)")
        }
        return try AdminListener(socket: socket, transport: .unix(path: path), context: context, front: front)
    }

    private init(
        socket: consuming TCPSocket, transport: Transport, context: LoopContext, front: AdminFront,
        tls: TLSServerContext? = nil
    ) throws(FaultlineError) {
        self.socket = socket
        self.tls = tls
        self.transport = transport
        self.context = context
        self.front = front
        let seed = WallClock.randomSeed()
        requestIDs = RequestIDGenerator(
            machineID: UInt32(truncatingIfNeeded: seed), processID: UInt16(truncatingIfNeeded: ProcessStats.processID),
            counter: UInt32(truncatingIfNeeded: seed >> 32))
        do {
            registration = try context.loop.register(self.socket.rawValue, .readable, self)
        } catch {
            throw .listenFailed(address: description, reason: "epoll: \(error)")
        }
    }

    /// The bound TCP address; nil for a Unix socket.
    var address: SocketAddress? {
        if case .tcp(let address) = transport { return address }
        return nil
    }

    /// `127.0.0.1:8474` or `unix:/run/faultline/admin.sock`, for logs.
    var description: String {
        switch transport {
        case .tcp(let address): address.description
        case .unix(let path): "unix:\(path)"
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
                guard admits(client) else { continue }  // closed before a byte is read
                let id = nextSessionID
                nextSessionID += 1
                if let session = AdminSession(id: id, socket: client, listener: self) { sessions[id] = session }
            }
        }
    }

    /// `--admin-allow`: a TCP peer outside every allowed block is refused (logged at debug: a scanner must not
    /// flood the log). Unix-socket peers passed the socket file's permissions already.
    private func admits(_ client: borrowing TCPSocket) -> Bool {
        guard case .tcp = transport, !front.gate.allowed.isEmpty else { return true }
        guard let peer = try? client.peerAddress(), front.gate.admits(peer: peer.addressBytes) else {
            let shown = (try? client.peerAddress())?.description ?? "?"
            context.logger.debug("admin connection refused: not in --admin-allow", metadata: ["peer": "\(shown)"])
            return false
        }
        return true
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

    /// Closes the listener and every session (shutdown); a Unix socket's file is removed.
    func close() {
        guard let registration else { return }
        context.loop.deregister(registration)
        self.registration = nil
        if case .unix(let path) = transport { FileSystem.remove(path) }
        for session in sessions.values { session.close() }
        sessions.removeAll()
    }
}

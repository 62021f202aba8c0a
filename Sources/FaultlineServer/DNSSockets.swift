/// A DNS listener's two sockets, bound before the listener starts: UDP and TCP on one address.
import FaultlineCore
import FaultlinePosix

struct DNSSockets: ~Copyable {
    var udp: UDPSocket?
    var tcp: TCPSocket?
    /// The bound address: the same port for UDP and TCP.
    let address: SocketAddress

    /// Binds UDP first, then TCP on the port UDP got; with port 0 a clash on the TCP side retries on a new port.
    /// `given` is the listen text as written, for Go-style errors.
    static func bind(_ requested: SocketAddress, given: String) throws(FaultlineError) -> DNSSockets {
        let shown = requested.isWildcard && (given.hasPrefix(":") || given.isEmpty) ? given : requested.description
        for attempt in 0..<8 {
            let socket: UDPSocket
            do {
                socket = try UDPSocket.bind(on: requested)
            } catch {
                throw .internalError("listen udp \(shown): bind: \(error)")
            }
            let bound = (try? socket.localAddress()) ?? requested
            do {
                let listener = try TCPSocket.listen(on: bound)
                return DNSSockets(udp: consume socket, tcp: consume listener, address: bound)
            } catch {
                _ = consume socket
                // Port 0: UDP's free port may be taken for TCP; another free port will do.
                guard requested.port == 0, error == .addressInUse, attempt < 7 else {
                    throw .listenFailed(address: shown, reason: "bind: \(error)")
                }
            }
        }
        throw .listenFailed(address: shown, reason: "bind: no free port for both UDP and TCP")
    }
}

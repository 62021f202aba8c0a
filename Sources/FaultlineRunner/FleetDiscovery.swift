/// A fleet's instances from the file's `admin`: URLs as given, and `dns://name:port` resolved to one per address.
import FaultlineDNS
import FaultlineExperiment
import FaultlinePosix

/// The Kubernetes headless-Service pattern: the name's A and AAAA records are the instances. Lookups go to the
/// system resolver (search domains, /etc/hosts), or to `server` when one is given (a test's DNS listener).
public enum FleetDiscovery {
    /// Every instance, a `dns://` entry expanded; a name that does not resolve is a validation issue at its path.
    public static func instances(
        _ entries: [AdminEntry], server: SocketAddress?
    ) -> Result<[PlannedInstance], ExperimentValidationError> {
        var instances: [PlannedInstance] = []
        var issues: [ValidationIssue] = []
        for (index, entry) in entries.enumerated() {
            let path = entries.count == 1 ? "admin" : "admin[\(index)]"
            guard let (name, port) = entry.dnsTarget else {
                instances.append(PlannedInstance(admin: entry.url, optional: entry.optional))
                continue
            }
            switch lookup(name, server: server) {
            case .success(let addresses):
                for address in addresses {
                    let url = "http://" + (address.contains(":") ? "[\(address)]" : address) + ":\(port)"
                    if !instances.contains(where: { $0.admin == url }) {
                        instances.append(PlannedInstance(admin: url, optional: entry.optional))
                    }
                }
            case .failure(let failure):
                issues.append(
                    ValidationIssue(path: path, message: "cannot find the instances of \(entry.url): \(failure.reason)"))
            }
        }
        guard issues.isEmpty else { return .failure(ExperimentValidationError(issues: issues)) }
        return .success(instances)
    }

    /// Why a name gave no instances.
    struct LookupFailure: Error {
        var reason: String
    }

    /// The name's addresses as text (`10.0.0.7`, `fd00::7`), IPv4 first.
    static func lookup(_ name: String, server: SocketAddress?) -> Result<[String], LookupFailure> {
        guard let server else {
            switch Resolver.resolveBlocking(host: name, port: AdminEntry.defaultPort) {
            case .success(let addresses): return .success(addresses.map(\.hostText))
            case .failure(let error): return .failure(LookupFailure(reason: error.reason))
            }
        }
        var found: [String] = []
        for type in [DNSRecordType.a, .aaaa] {
            switch query(name, type: type, server: server) {
            case .success(let addresses): found += addresses
            case .failure(let failure): return .failure(failure)
            }
        }
        return found.isEmpty ? .failure(LookupFailure(reason: "no such host")) : .success(found)
    }

    /// One query over UDP to `server`, waiting at most two seconds: the A or AAAA values of the answer.
    static func query(_ name: String, type: DNSRecordType, server: SocketAddress) -> Result<[String], LookupFailure> {
        let question: DNSName
        do throws(DNSName.SyntaxError) {
            question = try DNSName(parsing: name)
        } catch {
            return .failure(LookupFailure(reason: "\(name) is not a DNS name"))
        }
        let id = UInt16(truncatingIfNeeded: WallClock.randomSeed())
        // RD set, as a stub resolver sends it.
        let message = DNSMessage(id: id, flags: DNSFlags(rawValue: 0x0100), questions: [DNSQuestion(name: question, type: type)])
        let bytes = message.serialized()
        var buffer = [UInt8](repeating: 0, count: 4096)
        do throws(Errno) {
            let socket = try UDPSocket(family: server.family)
            // withUnsafeBytes rethrows untyped; a Result carries the Errno through it.
            _ = try bytes.withUnsafeBytes { raw in Result { () throws(Errno) in try socket.send(raw, to: server) } }.get()
            while try socket.waitReadable(timeout: .seconds(2)) {
                let received = try buffer.withUnsafeMutableBytes { raw in
                    Result { () throws(Errno) in try socket.receive(into: raw) }
                }.get()
                guard case .processed(let datagram) = received, datagram.count <= buffer.count,
                    let reply = try? DNSMessage(parsing: Array(buffer[..<datagram.count])), reply.id == id,
                    reply.flags.isResponse
                else { continue }
                switch reply.flags.rcode {
                case 0: break
                case 3: return .failure(LookupFailure(reason: "no such host"))
                default: return .failure(LookupFailure(reason: "the DNS server answered rcode \(reply.flags.rcode)"))
                }
                return .success(reply.answers.compactMap { record in
                    switch record.data {
                    case .a(let address): address.description
                    case .aaaa(let address):
                        stride(from: 0, to: 16, by: 2).map {
                            String(UInt16(address.bytes[$0]) << 8 | UInt16(address.bytes[$0 + 1]), radix: 16)
                        }.joined(separator: ":")
                    default: nil
                    }
                })
            }
            return .failure(LookupFailure(reason: "no answer from \(server) within 2s"))
        } catch {
            return .failure(LookupFailure(reason: "DNS query to \(server): \(error)"))
        }
    }
}

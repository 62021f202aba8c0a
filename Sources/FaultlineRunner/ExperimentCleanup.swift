/// `faultline experiment cleanup`: undo what crashed runs left behind, from their state files and a `flx-` scan.
import FaultlineClient
import FaultlineCore
import FaultlineExperiment
import FaultlinePosix

public enum ExperimentCleanup {
    /// What a cleanup did and what it could not do.
    public struct Outcome: Equatable, Sendable {
        /// One line per change made (`removed toxic flx-… from web`, `enabled proxy web`).
        public var done: [String] = []
        /// One line per change that failed; the state file that lists it is kept.
        public var failed: [String] = []
        /// An admin API that could not be reached at all, with the error.
        public var unreachable: [(admin: String, error: ClientError)] = []

        public static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.done == rhs.done && lhs.failed == rhs.failed
                && lhs.unreachable.map(\.admin) == rhs.unreachable.map(\.admin)
        }
    }

    /// Processes every state file in `stateDirectory` (only the entries for `admin` when it is given), deleting each
    /// whose changes are all undone, then removes every `flx-` toxic on `admin` (or on each admin the state files
    /// name; the default admin when there are none). A 404 counts as done: the change is gone either way. A
    /// `dns://` admin stands for every instance its name resolves to; `token` goes to every admin API.
    public static func run(
        admin: String?, stateDirectory: String, token: String? = nil, dnsServer: SocketAddress? = nil
    ) -> Outcome {
        var outcome = Outcome()
        var explicit: [Endpoint]?
        if let admin {
            let urls: [String]
            switch FleetDiscovery.instances([AdminEntry(url: admin)], server: dnsServer) {
            case .success(let instances): urls = instances.map(\.admin)
            case .failure(let error):
                outcome.failed += error.issues.map(\.message)
                urls = []
            }
            explicit = urls.compactMap { try? Endpoint(parsing: $0) }
        }
        var admins: [Endpoint] = explicit ?? []
        let names = (try? Directory.entries(stateDirectory)) ?? []
        for name in names where name.hasSuffix(StateStore.suffix) {
            let path = stateDirectory + "/" + name
            let state: StateFile
            do {
                state = try StateFile.decode(FileReader.read(path))
            } catch {
                outcome.failed.append("state file \(path) is unreadable: \(error)")
                continue
            }
            if undo(state, path: path, only: explicit, token: token, admins: &admins, into: &outcome) {
                do throws(Errno) { try DurableFile.remove(path) } catch {
                    outcome.failed.append("cannot delete \(path): \(error)")
                }
            }
        }
        if admins.isEmpty, let fallback = try? Endpoint(parsing: ExperimentFile.defaultAdmin) { admins = [fallback] }
        for endpoint in admins { sweep(AdminCalls(endpoint: endpoint, token: token), into: &outcome) }
        return outcome
    }

    /// Removes the state file's toxics and re-enables its proxies, each on its own instance (a fleet's entries name
    /// theirs); true when all of it is undone. Entries for an admin outside `only` are left (and the file kept).
    private static func undo(
        _ state: StateFile, path: String, only: [Endpoint]?, token: String?, admins: inout [Endpoint],
        into outcome: inout Outcome
    ) -> Bool {
        var complete = true
        let requests =
            state.toxics.map { (AdminRequest.removeToxic(proxy: $0.proxy, name: $0.name), $0.admin ?? state.admin) }
            + state.disabledProxies.map { (AdminRequest.setEnabled(proxy: $0.proxy, enabled: true), $0.admin ?? state.admin) }
        for (request, admin) in requests {
            guard let endpoint = try? Endpoint(parsing: admin) else {
                outcome.failed.append("state file \(path) names an unusable admin URL \(admin)")
                complete = false
                continue
            }
            if let only, !only.contains(endpoint) {
                complete = false
                continue
            }
            if !admins.contains(endpoint) { admins.append(endpoint) }
            let place = state.isFleet ? " at \(endpoint)" : ""
            switch AdminCalls(endpoint: endpoint, token: token).perform(request, includeSeed: false) {
            case .ok: outcome.done.append(describe(request) + place)
            case .notFound: break
            case .failed(let reason), .notSent(let reason), .unreachable(let reason):
                complete = false
                outcome.failed.append("\(describe(request, done: false))\(place): \(reason)")
            }
        }
        return complete
    }

    /// Removes every toxic whose name starts with `flx-` on every proxy of this admin API.
    private static func sweep(_ calls: AdminCalls, into outcome: inout Outcome) {
        let proxies: [ProxyInfo]
        do throws(ClientError) {
            proxies = try calls.client.proxies()
        } catch {
            outcome.unreachable.append((calls.endpoint.description, error))
            return
        }
        for proxy in proxies {
            for toxic in proxy.toxics where toxic.name.hasPrefix(StateFile.toxicPrefix) {
                let request = AdminRequest.removeToxic(proxy: proxy.name, name: toxic.name)
                switch calls.perform(request, includeSeed: false) {
                case .ok: outcome.done.append(describe(request))
                case .notFound: break
                case .failed(let reason), .notSent(let reason), .unreachable(let reason):
                    outcome.failed.append("\(describe(request, done: false)): \(reason)")
                }
            }
        }
    }

    private static func describe(_ request: AdminRequest, done: Bool = true) -> String {
        switch request {
        case .removeToxic(let proxy, let name, _): "\(done ? "removed" : "remove") toxic \(name) from \(proxy)"
        case .setEnabled(let proxy, _, _): "\(done ? "enabled" : "enable") proxy \(proxy)"
        case .addToxic(let toxic): "\(done ? "added" : "add") toxic \(toxic.name) to \(toxic.proxy)"
        }
    }
}

/// A config file applied to a running server all or nothing: validate every entry, bind every new address, switch.
import FaultlineCore
import FaultlinePosix

/// What applying a config file changed.
public struct ConfigChanges: Equatable, Sendable {
    public var unchanged = 0
    public var replaced = 0
    public var created = 0
    /// Proxies the file had made whose entries are gone from it.
    public var removed = 0
}

/// A socket bound for an entry before anything switches, or taken over from the proxy that holds its address.
private final class Reservation {
    var tcp: TCPSocket?
    var dns: DNSSockets?
    var udp: UDPSocket?
    /// The record whose socket this entry takes over (the same address, and that record is being replaced).
    var takeOverFrom: ProxyRecord?
    var address: SocketAddress?
}

/// An entry to (re)create: its index in the file, its new record, where its socket comes from.
private struct PendingEntry {
    let index: Int
    let spec: ProxySpec
    let record: ProxyRecord
    let replacing: ProxyRecord?
    let reservation = Reservation()
}

extension Server {
    /// Makes the table match a config file's entries (unique names, in file order). An entry identical to what the
    /// file said when its proxy was last made from it is left alone — its port-0 port, live connections and toxics
    /// added through the API included; a proxy made through the API is kept when Toxiproxy's populate would keep
    /// it and the entry has no toxics. Changed and new entries are (re)created; a proxy the file made whose entry
    /// is gone is deleted (so a file can rename a proxy on the same address); proxies made through the API never are.
    ///
    /// Nothing changes unless every entry validates and every new address binds: sockets are bound first (or taken
    /// over from the proxy being replaced that holds the address), and only then are old proxies stopped.
    @discardableResult
    public func apply(configEntries specs: [ProxySpec]) throws(BootError) -> ConfigChanges {
        var changes = ConfigChanges()
        var pending: [PendingEntry] = []
        var names = Set<String>()
        for (index, spec) in specs.enumerated() {
            func failure(_ error: FaultlineError) -> BootError { BootError(index: index, name: spec.name, error: error) }
            guard names.insert(spec.name).inserted else { throw failure(.proxyAlreadyExists) }
            let record: ProxyRecord
            do throws(FaultlineError) {
                try Self.validate(spec, index: nil)
                if let existing = records[spec.name], try keeps(existing, for: spec) {
                    existing.fileEntry = spec
                    changes.unchanged += 1
                    continue
                }
                record = try makeRecord(spec)
            } catch {
                throw failure(error)
            }
            pending.append(PendingEntry(index: index, spec: spec, record: record, replacing: records[spec.name]))
        }
        let vanished = records.values.filter { $0.fileEntry != nil && !names.contains($0.name) }
        try reserveAddresses(for: pending, vanished: vanished)
        // Every socket changes hands while its holder still runs: a holder may be replaced before its taker starts.
        for entry in pending { takeOver(entry.reservation) }
        for record in vanished {
            stop(record)
            broadcast(.remove(proxy: record.name))
            records[record.name] = nil
            changes.removed += 1
        }
        for entry in pending {
            if let old = entry.replacing {
                stop(old)
                broadcast(.remove(proxy: old.name))
                records[old.name] = nil
                changes.replaced += 1
            } else {
                changes.created += 1
            }
            entry.record.fileEntry = entry.spec
            records[entry.spec.name] = entry.record
            armExpiries(entry.record)
            do throws(FaultlineError) { try start(entry) } catch {
                // Only an epoll or dup failure gets here, after binding succeeded; the entry stays disabled.
                throw BootError(index: entry.index, name: entry.spec.name, error: error)
            }
        }
        return changes
    }

    /// Whether a running proxy already is what `spec` asks for.
    private func keeps(_ existing: ProxyRecord, for spec: ProxySpec) throws(FaultlineError) -> Bool {
        if let entry = existing.fileEntry { return entry == spec }
        guard spec.toxics.isEmpty else { return false }
        return try !differs(existing, from: spec)
    }

    /// Binds every enabled pending entry's address, or arranges to take the socket over from the proxy being
    /// replaced that holds it; on the first failure every socket bound so far is closed and nothing has changed.
    private func reserveAddresses(for pending: [PendingEntry], vanished: [ProxyRecord]) throws(BootError) {
        let replaced = Set(pending.compactMap { $0.replacing.map { ObjectIdentifier($0) } } + vanished.map(ObjectIdentifier.init))
        var claimed = Set<ObjectIdentifier>()
        for entry in pending where entry.spec.enabled {
            do throws(FaultlineError) {
                let address = try ListenAddress.resolve(entry.spec.listen)
                entry.reservation.address = address
                if address.port != 0,
                    let holder = records.values.first(where: {
                        $0.enabled && $0.kind == entry.spec.kind && $0.lastBound == address
                            && replaced.contains(ObjectIdentifier($0)) && !claimed.contains(ObjectIdentifier($0))
                    })
                {
                    claimed.insert(ObjectIdentifier(holder))
                    entry.reservation.takeOverFrom = holder
                } else if entry.spec.kind == .udp {
                    entry.reservation.udp = try Self.bindUDP(address, given: entry.spec.listen)
                } else if entry.spec.kind == .dns {
                    entry.reservation.dns = try DNSSockets.bind(address, given: entry.spec.listen)
                } else {
                    entry.reservation.tcp = try ListenAddress.bind(address, given: entry.spec.listen)
                }
            } catch {
                for other in pending { other.reservation.tcp = nil; other.reservation.dns = nil; other.reservation.udp = nil }
                throw BootError(index: entry.index, name: entry.spec.name, error: error)
            }
        }
    }

    /// Moves the socket of the proxy being replaced that holds this entry's address into its reservation.
    private func takeOver(_ reservation: Reservation) {
        guard let holder = reservation.takeOverFrom else { return }
        if holder.kind == .udp {
            reservation.udp = holder.udpListener.take()
        } else if holder.kind == .dns {
            reservation.dns = holder.dnsListener?.surrender()
        } else {
            reservation.tcp = holder.listener.take()
        }
    }

    /// Starts a pending entry's new record on its reserved or taken-over socket.
    private func start(_ entry: PendingEntry) throws(FaultlineError) {
        let reservation = entry.reservation
        guard entry.spec.enabled, let address = reservation.address else { return }
        if entry.spec.kind == .udp {
            guard let socket = reservation.udp.take() else { return try startUDP(entry.record) }
            try startUDP(entry.record, on: socket, requested: address)
        } else if entry.spec.kind == .dns {
            guard let sockets = reservation.dns.take() else { return try startDNS(entry.record) }
            try startDNS(entry.record, on: sockets)
        } else {
            guard let socket = reservation.tcp.take() else { return try start(entry.record) }
            try start(entry.record, on: socket, requested: address)
        }
    }
}

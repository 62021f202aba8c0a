/// A `udp` proxy's sessions by client address, kept in order of last activity so the idlest goes first.
import FaultlineCore
import FaultlinePosix

/// Sessions live in slots; a dictionary maps each client's `PeerKey` to its slot, and the slots form a doubly linked
/// list from the session idle the longest (`oldest`) to the most recently active. Touching, evicting the idlest and
/// finding what has expired are O(1) each, so a flood of new source addresses at the cap costs the same per datagram
/// as normal traffic. Slots and links are plain arrays of 32-bit indices: no per-session allocation beyond the
/// session itself.
struct UDPSessionTable {
    private var byPeer: [PeerKey: Int32] = [:]
    private var sessions: [UDPSession?] = []
    private var older: [Int32] = []
    private var newer: [Int32] = []
    private var lastActive: [Instant] = []
    private var freeSlots: [Int32] = []
    private var oldestSlot: Int32 = -1
    private var newestSlot: Int32 = -1

    var count: Int { byPeer.count }
    var isEmpty: Bool { byPeer.isEmpty }

    func session(for peer: PeerKey) -> UDPSession? {
        guard let slot = byPeer[peer] else { return nil }
        return sessions[Int(slot)]
    }

    /// Every live session, in no particular order.
    var all: some Sequence<UDPSession> { sessions.lazy.compactMap { $0 } }

    /// The session idle the longest and when it was last active.
    var oldest: (session: UDPSession, lastActive: Instant)? {
        guard oldestSlot >= 0, let session = sessions[Int(oldestSlot)] else { return nil }
        return (session, lastActive[Int(oldestSlot)])
    }

    /// Files a new session as the most recently active; sets its `slot`.
    mutating func insert(_ session: UDPSession, now: Instant) {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            sessions[Int(slot)] = session
        } else {
            slot = Int32(sessions.count)
            sessions.append(session)
            older.append(-1)
            newer.append(-1)
            lastActive.append(now)
        }
        session.slot = slot
        byPeer[session.peer] = slot
        lastActive[Int(slot)] = now
        link(slot)
    }

    /// Marks the session active at `now`: it moves to the newest end.
    mutating func touch(_ session: UDPSession, now: Instant) {
        let slot = session.slot
        guard slot >= 0 else { return }
        lastActive[Int(slot)] = now
        guard slot != newestSlot else { return }
        unlink(slot)
        link(slot)
    }

    /// Forgets a session (the caller closes it).
    mutating func remove(_ session: UDPSession) {
        let slot = session.slot
        guard slot >= 0, sessions[Int(slot)] === session else { return }
        unlink(slot)
        sessions[Int(slot)] = nil
        byPeer[session.peer] = nil
        freeSlots.append(slot)
        session.slot = -1
        if byPeer.isEmpty { compact() }
    }

    /// Once empty, the arrays give their memory back (a flood's worth of slots need not stay).
    private mutating func compact() {
        sessions = []
        older = []
        newer = []
        lastActive = []
        freeSlots = []
        byPeer = [:]
    }

    private mutating func link(_ slot: Int32) {
        older[Int(slot)] = newestSlot
        newer[Int(slot)] = -1
        if newestSlot >= 0 { newer[Int(newestSlot)] = slot } else { oldestSlot = slot }
        newestSlot = slot
    }

    private mutating func unlink(_ slot: Int32) {
        let before = older[Int(slot)]
        let after = newer[Int(slot)]
        if before >= 0 { newer[Int(before)] = after } else { oldestSlot = after }
        if after >= 0 { older[Int(after)] = before } else { newestSlot = before }
        older[Int(slot)] = -1
        newer[Int(slot)] = -1
    }
}

/// Batches for recvmmsg(2) and sendmmsg(2): one system call moves up to `capacity` datagrams, boundaries kept.
import CFaultlineLinux
import Glibc

/// Where a batch receives: `capacity` slots of `slotSize` bytes, each with its own iovec, header and sender address.
///
/// The slots are one allocation that is touched only where datagrams land, so 64 slots of 64 KiB (a UDP datagram's
/// largest size) cost 4 MiB of address space but, for small datagrams, a page of resident memory each. A batch
/// belongs to one loop and is reused for every socket that loop reads; what it received is valid until the next
/// `receive`.
public final class ReceiveBatch {
    public let capacity: Int
    public let slotSize: Int
    private let slots: MessageSlots
    private var buffers: UnsafeMutableRawPointer { slots.buffers }
    private var headers: UnsafeMutablePointer<cfl_mmsghdr> { slots.headers }
    private var names: UnsafeMutablePointer<sockaddr_storage> { slots.names }
    /// Datagrams held from the last `receive`.
    public private(set) var count = 0

    public init(capacity: Int = 64, slotSize: Int = 65_536) {
        slots = MessageSlots(capacity: capacity, slotSize: slotSize)
        self.capacity = slots.capacity
        self.slotSize = slots.slotSize
        // Every slot receives into its own buffer and records its sender.
        for index in 0..<self.capacity {
            slots.iovecs[index] = iovec(iov_base: slots.buffers + index * self.slotSize, iov_len: self.slotSize)
            slots.headers[index].msg_hdr.msg_name = UnsafeMutableRawPointer(slots.names + index)
        }
    }

    deinit { slots.deallocate() }

    /// Reads up to `limit` (at most `capacity`) datagrams waiting on `fd`; `.wouldBlock` when there are none.
    /// Errors are the socket's: an ICMP error on a connected socket arrives here as ECONNREFUSED and is cleared.
    public func receive(from fd: CInt, limit: Int = .max) throws(Errno) -> IOResult<Int> {
        count = 0
        let wanted = min(capacity, max(1, limit))
        for index in 0..<wanted {
            headers[index].msg_hdr.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
            headers[index].msg_hdr.msg_flags = 0
            headers[index].msg_len = 0
        }
        let headers = self.headers
        switch try Syscall.io({ cfl_recvmmsg(fd, headers, UInt32(wanted), CInt(MSG_DONTWAIT)) }) {
        case .wouldBlock: return .wouldBlock
        case .processed(let received):
            count = Int(received)
            return .processed(count)
        }
    }

    /// The bytes of datagram `index` (cut to the slot when it was larger: see `isTruncated`).
    @inline(__always)
    public func payload(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffers + index * slotSize, count: min(Int(headers[index].msg_len), slotSize))
    }

    /// True when datagram `index` was larger than a slot and lost its tail.
    public func isTruncated(_ index: Int) -> Bool {
        headers[index].msg_hdr.msg_flags & CInt(MSG_TRUNC) != 0
    }

    /// Who sent datagram `index` (meaningful on unconnected sockets).
    @inline(__always)
    public func sender(_ index: Int) -> PeerKey { PeerKey(names + index) }
}

/// What one `SendBatch.send` did.
public struct SendOutcome: Equatable, Sendable {
    public var datagrams = 0
    public var bytes = 0
    /// Datagrams the kernel refused (a full send buffer drops the rest of the batch, as a full queue would).
    public var failed = 0
    /// ICMP errors the socket reported while sending (the datagram is retried once, since reporting clears them).
    public var unreachable = 0

    public init() {}
}

/// Datagrams queued for one sendmmsg(2): either pointing at bytes that outlive the send (a receive batch's slots) or
/// copied into the batch's own slots, each with an optional destination (nil on a connected socket).
public final class SendBatch {
    public let capacity: Int
    public let slotSize: Int
    private let slots: MessageSlots
    private var buffers: UnsafeMutableRawPointer { slots.buffers }
    private var iovecs: UnsafeMutablePointer<iovec> { slots.iovecs }
    private var headers: UnsafeMutablePointer<cfl_mmsghdr> { slots.headers }
    private var names: UnsafeMutablePointer<sockaddr_storage> { slots.names }
    public private(set) var count = 0

    public init(capacity: Int = 64, slotSize: Int = 65_536) {
        slots = MessageSlots(capacity: capacity, slotSize: slotSize)
        self.capacity = slots.capacity
        self.slotSize = slots.slotSize
    }

    deinit { slots.deallocate() }

    public var isFull: Bool { count == capacity }
    public var isEmpty: Bool { count == 0 }

    /// Queues `bytes` without copying; they must stay valid until `send`. False when the batch is full.
    @discardableResult
    public func append(pointing bytes: UnsafeRawBufferPointer, to peer: PeerKey? = nil) -> Bool {
        guard count < capacity else { return false }
        iovecs[count] = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)
        address(count, peer)
        count += 1
        return true
    }

    /// Queues a copy of `bytes` (at most `slotSize` of them). False when the batch is full.
    @discardableResult
    public func append(copying bytes: UnsafeRawBufferPointer, to peer: PeerKey? = nil) -> Bool {
        guard count < capacity else { return false }
        let slot = buffers + count * slotSize
        let length = min(bytes.count, slotSize)
        if let base = bytes.baseAddress, length > 0 { slot.copyMemory(from: base, byteCount: length) }
        iovecs[count] = iovec(iov_base: slot, iov_len: length)
        address(count, peer)
        count += 1
        return true
    }

    private func address(_ index: Int, _ peer: PeerKey?) {
        if let peer {
            headers[index].msg_hdr.msg_namelen = peer.write(into: names + index)
            headers[index].msg_hdr.msg_name = UnsafeMutableRawPointer(names + index)
        } else {
            headers[index].msg_hdr.msg_namelen = 0
            headers[index].msg_hdr.msg_name = nil
        }
    }

    /// Sends everything queued on `fd` in order, then empties the batch.
    public func send(on fd: CInt) -> SendOutcome {
        var outcome = SendOutcome()
        var start = 0
        var retried = false
        while start < count {
            let headers = self.headers + start
            let remaining = UInt32(count - start)
            let result = Result { () throws(Errno) in try Syscall.io { cfl_sendmmsg(fd, headers, remaining, CInt(MSG_NOSIGNAL)) } }
            switch result {
            case .success(.processed(let sent)):
                for index in start..<(start + Int(sent)) { outcome.bytes += Int(self.headers[index].msg_len) }
                outcome.datagrams += Int(sent)
                start += Int(sent)
                retried = false
            case .success(.wouldBlock):
                outcome.failed += count - start
                start = count
            case .failure(let error):
                // A pending ICMP error is reported (and cleared) by the next send, which it stops: retry that one.
                if error.isUnreachable {
                    outcome.unreachable += 1
                    if !retried {
                        retried = true
                        continue
                    }
                }
                outcome.failed += 1
                start += 1
                retried = false
            }
        }
        count = 0
        return outcome
    }
}

/// The memory both batches are made of: `capacity` slots of `slotSize` bytes (one allocation), and for each an iovec,
/// a message header pointing at that iovec, and room for a peer address. The owner deallocates it once.
private struct MessageSlots {
    let capacity: Int
    let slotSize: Int
    let buffers: UnsafeMutableRawPointer
    let iovecs: UnsafeMutablePointer<iovec>
    let headers: UnsafeMutablePointer<cfl_mmsghdr>
    let names: UnsafeMutablePointer<sockaddr_storage>

    init(capacity: Int, slotSize: Int) {
        self.capacity = max(1, capacity)
        self.slotSize = max(1, slotSize)
        buffers = .allocate(byteCount: self.capacity * self.slotSize, alignment: 64)
        iovecs = .allocate(capacity: self.capacity)
        headers = .allocate(capacity: self.capacity)
        names = .allocate(capacity: self.capacity)
        for index in 0..<self.capacity {
            headers[index] = cfl_mmsghdr()
            headers[index].msg_hdr.msg_iov = iovecs + index
            headers[index].msg_hdr.msg_iovlen = 1
        }
    }

    func deallocate() {
        buffers.deallocate()
        iovecs.deallocate()
        headers.deallocate()
        names.deallocate()
    }
}

extension Errno {
    /// The errors an ICMP message turns into on a connected UDP socket: port, host or network unreachable.
    public var isUnreachable: Bool {
        self == .connectionRefused || self == .hostUnreachable || self == .networkUnreachable
            || self == Errno(rawValue: EHOSTDOWN) || self == Errno(rawValue: ENETDOWN)
    }
}

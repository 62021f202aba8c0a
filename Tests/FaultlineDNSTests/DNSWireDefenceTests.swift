/// Every hostile shape the parser must refuse with a typed error, never a trap or a loop.
import Testing
@testable import FaultlineDNS

@Suite struct DNSWireDefenceTests {
    typealias F = WireFixtures

    private func problem(_ bytes: [UInt8]) -> DNSWireProblem? {
        do {
            _ = try DNSMessage(parsing: bytes)
            return nil
        } catch {
            if case .malformed(let problem, _, _) = error { return problem }
            return nil
        }
    }

    @Test(arguments: 0..<12)
    func shorterThanAHeaderIsTooShort(length: Int) {
        #expect(throws: DNSParseError.tooShort(length: length)) {
            try DNSMessage(parsing: Array(F.digQuery.prefix(length)))
        }
    }

    @Test func everyProperPrefixOfAValidMessageFails() {
        for fixture in [F.digQuery, F.upstreamAnswer, F.nxdomainAnswer] {
            for length in 12..<fixture.count {
                #expect(problem(Array(fixture.prefix(length))) != nil, "prefix \(length) parsed")
            }
        }
    }

    @Test func selfPointerIsRefused() {
        #expect(problem(F.header() + [0xC0, 0x0C, 0, 1, 0, 1]) == .badPointer(at: 12))
    }

    @Test func forwardPointerIsRefused() {
        #expect(problem(F.header() + [0xC0, 0x10, 0, 1, 0, 1, 1, 0x61, 0]) == .badPointer(at: 12))
    }

    @Test func pointerIntoTheHeaderIsRefused() {
        #expect(problem(F.header() + [0xC0, 0x02, 0, 1, 0, 1]) == .badPointer(at: 12))
    }

    @Test func twoHopCycleIsRefused() {
        // Name 1 at 12 is "a" + pointer to name 2 at 19; name 2 is "b" + pointer back to 12.
        let bytes = F.header(qd: 2) + [1, 0x61, 0xC0, 19, 0, 1, 0, 1] + [1, 0x62, 0xC0, 12, 0, 1, 0, 1]
        #expect(problem(bytes) == .badPointer(at: 14))
    }

    @Test func pointerIntoTheMiddleOfItsOwnNameIsRefused() {
        // "a" "b" then a pointer to the "b" label inside the same name: a loop without a cycle of names.
        #expect(problem(F.header() + [1, 0x61, 1, 0x62, 0xC0, 14, 0, 1, 0, 1]) == .badPointer(at: 16))
    }

    /// Answer RR of unknown type 99 whose opaque RDATA holds `hops` pointers, each pointing at the previous one;
    /// the authority RR's owner then points at the last: a chain without a cycle.
    private func pointerChain(hops: Int) -> [UInt8] {
        var bytes = F.header(qd: 0, an: 1, ns: 1)
        bytes += [0, 0, 99, 0, 1, 0, 0, 0, 0]  // root owner, type 99, class IN, TTL 0
        let rdataStart = bytes.count + 2
        var rdata: [UInt8] = [1, 0x61, 0]
        for hop in 0..<hops {
            let target = hop == 0 ? rdataStart : rdataStart + 3 + 2 * (hop - 1)
            rdata += [0xC0 | UInt8(target >> 8), UInt8(target & 0xFF)]
        }
        bytes += [UInt8(rdata.count >> 8), UInt8(rdata.count & 0xFF)] + rdata
        let last = rdataStart + 3 + 2 * (hops - 1)
        bytes += [0xC0 | UInt8(last >> 8), UInt8(last & 0xFF), 0, 99, 0, 1, 0, 0, 0, 0, 0, 0]
        return bytes
    }

    @Test func pointerChainUpToTheCapParses() throws {
        let message = try DNSMessage(parsing: pointerChain(hops: 126))
        #expect(message.authorities.first?.name.description == "a.")
    }

    @Test func pointerChainBeyondTheCapIsRefused() {
        guard case .tooManyPointers = problem(pointerChain(hops: 127)) else {
            Issue.record("chain of 128 jumps accepted")
            return
        }
    }

    @Test(arguments: [0x40, 0x80, 0xBF] as [UInt8])
    func extendedLabelTypesAreRefused(lengthByte: UInt8) {
        #expect(problem(F.header() + [lengthByte] + [UInt8](repeating: 0x61, count: 70) + [0, 0, 1, 0, 1])
            == .badLabelType(at: 12))
    }

    @Test func labelOfExactly63BytesIsFine() throws {
        let message = try DNSMessage(parsing: F.header() + [63] + [UInt8](repeating: 0x61, count: 63) + [0, 0, 1, 0, 1])
        #expect(message.questions.first?.name.labels.first?.count == 63)
    }

    /// `count` one-byte labels of `letter`, without the terminating root.
    private func labels(_ letter: UInt8, _ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<count { bytes += [1, letter] }
        return bytes
    }

    @Test func nameOver255BytesIsRefused() {
        // 127 one-byte labels = 254 bytes + root = 255 (fine); 128 labels = 257 (refused).
        let fine = F.header() + labels(0x61, 127) + [0, 0, 1, 0, 1]
        #expect(problem(fine) == nil)
        let long = F.header() + labels(0x61, 128) + [0, 0, 1, 0, 1]
        #expect(problem(long) == .nameTooLong(at: 12 + 2 * 127))
    }

    @Test func nameOver255BytesThroughPointersIsRefused() {
        // Question 1: 100 labels of "a" (201 bytes); question 2: 30 more labels then a pointer to question 1.
        let first = labels(0x61, 100) + [0, 0, 1, 0, 1]
        let second = labels(0x62, 30) + [0xC0, 12, 0, 1, 0, 1]
        guard case .nameTooLong = problem(F.header(qd: 2) + first + second) else {
            Issue.record("expanded name over 255 bytes accepted")
            return
        }
    }

    @Test func lyingCountsAreTruncation() {
        let bytes = F.query("db.test")
        for (index, field) in [4, 6, 8, 10].enumerated() {
            var lying = bytes
            lying[field] = 0xFF
            lying[field + 1] = 0xFF
            guard case .truncated = problem(lying) else {
                Issue.record("count \(index) of 65535 accepted")
                continue
            }
        }
    }

    @Test func trailingGarbageIsReported() {
        #expect(problem(F.query("db.test") + [0xDE, 0xAD]) == .trailingBytes(count: 2))
    }

    @Test(arguments: [3, 5] as [UInt8])
    func wrongSizedAddressIsBadRecordData(length: UInt8) {
        let record: [UInt8] = [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, length] + [UInt8](repeating: 1, count: Int(length))
        guard case .badRecordData(type: 1, _) = problem(F.query("db.test").replacingCount(an: 1) + record) else {
            Issue.record("A record of \(length) bytes accepted")
            return
        }
    }

    @Test func optionOverrunningItsRecordIsBadRecordData() {
        let opt: [UInt8] = [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 6, 0, 10, 0, 8, 1, 2]
        guard case .badRecordData(type: 41, _) = problem(F.query("db.test").replacingCount(ar: 1) + opt) else {
            Issue.record("overrunning option accepted")
            return
        }
    }

    @Test func malformedErrorCarriesHeaderAndParsedQuestion() throws {
        let bytes = F.query("Db.Test", id: 0xBEEF) + [0xFF]
        do {
            _ = try DNSMessage(parsing: bytes)
            Issue.record("trailing byte accepted")
        } catch {
            #expect(error.header?.id == 0xBEEF)
            guard case .malformed(_, _, let question) = error else { return }
            #expect(question?.name.description == "Db.Test.")
        }
    }
}

extension [UInt8] {
    /// The same message with some header counts replaced.
    func replacingCount(an: UInt16? = nil, ar: UInt16? = nil) -> [UInt8] {
        var copy = self
        if let an { copy[6] = UInt8(an >> 8); copy[7] = UInt8(an & 0xFF) }
        if let ar { copy[10] = UInt8(ar >> 8); copy[11] = UInt8(ar & 0xFF) }
        return copy
    }
}

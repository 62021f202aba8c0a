/// Request ids in rs/xid's layout and alphabet.
import FaultlineAdmin
import Testing

@Suite struct RequestIDGeneratorTests {
    @Test func xidLayout() {
        var generator = RequestIDGenerator(machineID: 0xABCDEF, processID: 0x1234, counter: 0xFFFFFF)
        let first = generator.next(unixSeconds: 0x5F5E_1000)
        let second = generator.next(unixSeconds: 0x5F5E_1000)
        // Cross-checked with Python: base64.b32hexencode(bytes).lower(), padding stripped.
        #expect(first.count == 20)
        #expect(first.allSatisfy { "0123456789abcdefghijklmnopqrstuv".contains($0) })
        #expect(first == "btf1005bpnnh4d7vvvvg")
        #expect(second == "btf1005bpnnh4d000000")
    }
}

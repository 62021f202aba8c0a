/// The DNS fuzz target's entry: libFuzzer's callback under -DFUZZING, else a program replaying input files.
import FuzzSupport

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    DNSTarget.run(fuzzBytes(data, size))
    return 0
}
#else
@main enum ReplayDNS {
    static func main() { Replay.main("FuzzDNS", DNSTarget.run) }
}
#endif

/// The HTTP fuzz target's entry: libFuzzer's callback under -DFUZZING, else a program replaying input files.
import FuzzSupport

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    HTTPTarget.run(fuzzBytes(data, size))
    return 0
}
#else
@main enum ReplayHTTP {
    static func main() { Replay.main("FuzzHTTP", HTTPTarget.run) }
}
#endif

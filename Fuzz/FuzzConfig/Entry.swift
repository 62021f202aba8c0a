/// The config file fuzz target's entry: libFuzzer's callback under -DFUZZING, else a program replaying input files.
import FuzzSupport

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ConfigTarget.run(fuzzBytes(data, size))
    return 0
}
#else
@main enum ReplayConfig {
    static func main() { Replay.main("FuzzConfig", ConfigTarget.run) }
}
#endif

/// The config file fuzz target: a `--config` file as `faultline serve` reads it, then what the server builds
/// from it: each TCP entry's toxics carry bytes on virtual time, each DNS entry compiles and answers.
import FaultlineCore
import FuzzSupport

enum ConfigTarget {
    static func run(_ bytes: [UInt8]) {
        guard let specs = try? ProxySpec.decodeConfigFile(bytes) else { return }
        for spec in specs {
            require(!spec.name.isEmpty, "a config entry without a name")
            switch spec.kind {
            case .tcp:
                require(!spec.upstream.isEmpty, "a TCP config entry without an upstream")
                for direction in [Direction.upstream, .downstream] {
                    let toxics = spec.toxics.filter { $0.stream == direction }
                    if !toxics.isEmpty { LinkRun.check(toxics) }
                }
            case .dns:
                DNSCompile.check(spec)
            }
        }
    }
}

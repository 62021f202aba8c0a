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
            case .udp:
                require(!spec.upstream.isEmpty, "a UDP config entry without an upstream")
                for toxic in spec.toxics {
                    // Every toxic of a UDP entry was decoded as a datagram toxic, with valid attributes.
                    guard case .udp(let kind) = toxic.kind else {
                        require(false, "a UDP entry with a non-datagram toxic")
                        continue
                    }
                    require((try? kind.validate()) != nil, "a stored UDP toxic with invalid attributes")
                }
            }
        }
    }
}

/// `--config FILE`: Toxiproxy's populate format read from disk, with errors that name the file, entry and field.
import FaultlineCore
import FaultlinePosix

public enum ConfigFile {
    /// Reads and decodes the file. Every failure names the file; decoding failures also name the entry
    /// (index from 0 and name when known) and the field.
    public static func load(_ path: String) throws(ConfigError) -> [ProxySpec] {
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(path)
        } catch {
            throw ConfigError(file: path, detail: "cannot read: \(error)")
        }
        let specs: [ProxySpec]
        do {
            specs = try ProxySpec.decodeConfigFile(bytes)
        } catch {
            // The decoder words errors for the API ("bad request body: …"); a file reader wants the detail.
            if case .badRequestBody(let detail) = error { throw ConfigError(file: path, detail: detail) }
            throw ConfigError(file: path, detail: error.message)
        }
        // Unlike /populate, where a later entry replaces an earlier one, a file with one name twice is a mistake.
        var first: [String: Int] = [:]
        for (index, spec) in specs.enumerated() {
            if let earlier = first[spec.name] {
                throw ConfigError(file: path, detail: "entries \(earlier) and \(index) are both named \"\(spec.name)\"")
            }
            first[spec.name] = index
        }
        return specs
    }

    /// The startup message for an entry that could not be created (e.g. its port is taken).
    public static func describe(_ error: BootError, file: String, specs: [ProxySpec]) -> String {
        let entry = error.name.map { "entry \(error.index) (\"\($0)\")" } ?? "entry \(error.index)"
        let field: String
        switch error.error {
        case .listenFailed, .invalidAddress: field = "listen: "
        case .missingField(let name), .missingFieldAtProxy(let name, _): field = "\(name): "
        case .toxicAlreadyExists: field = "toxics: "
        default: field = ""
        }
        return "config \(file): \(entry): \(field)\(error.error.message)"
    }
}

/// A config file that could not be used; `description` is the whole one-line message.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var detail: String
    public var description: String { "config \(file): \(detail)" }
}

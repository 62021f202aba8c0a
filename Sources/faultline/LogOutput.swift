/// Log lines on stderr, as text or JSON, with the level from `--log-level` or `LOG_LEVEL`.
import ArgumentParser
import FaultlinePosix
import Logging

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// One handler for both formats; a line is written with a single write(2) so lines never interleave.
struct LogOutput: LogHandler {
    let label: String
    let format: LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        let ordered = fields.sorted { $0.key < $1.key }
        let line: String
        switch format {
        case .text:
            let extra = ordered.map { " \($0.key)=\(Self.quoteIfNeeded("\($0.value)"))" }.joined()
            line = "\(WallClock.iso8601()) \(event.level.rawValue) \(event.message)\(extra)\n"
        case .json:
            var members = [
                ("time", WallClock.iso8601()), ("level", event.level.rawValue), ("msg", "\(event.message)"),
            ]
            members += ordered.map { ($0.key, "\($0.value)") }
            line = "{" + members.map { "\(Self.json($0.0)):\(Self.json($0.1))" }.joined(separator: ",") + "}\n"
        }
        StandardError.write(line)
    }

    private static func quoteIfNeeded(_ text: String) -> String {
        text.contains(" ") || text.contains("\"") || text.isEmpty ? json(text) : text
    }

    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Go's `flag` package as `toxiproxy-server` uses it: its spellings, its error texts and its usage listing.

/// A set of flags parsed the way Go's `flag.Parse` parses `os.Args[1:]`: `-flag`, `--flag`, `-flag=value`,
/// `-flag value` (not for booleans), parsing stops at the first non-flag argument or after `--`, and a flag given
/// twice keeps its last value. Pure: the caller prints what `Outcome` carries and exits as Go's `ExitOnError` does.
struct GoFlagSet {
    enum Kind: Equatable {
        case bool
        case string
        /// Go's `Int64Var`: `strconv.ParseInt(s, 0, 64)` (0x, 0o, 0b and leading-0 octal, `_` separators).
        case int64
    }

    struct Flag {
        var name: String
        var kind: Kind
        var usage: String
        /// `flag.DefValue`: the default as Go prints it.
        var defaultText: String
    }

    enum Value: Equatable {
        case bool(Bool)
        case string(String)
        case int64(Int64)
    }

    enum Outcome: Equatable {
        /// The flags that were set (last value wins) and the arguments after the flags.
        case parsed([String: Value], rest: [String])
        /// `-h`, `-help` (when not defined): print the usage, exit 0.
        case help
        /// Print `message`, a newline and the usage to stderr, exit 2.
        case failed(String)
    }

    let flags: [Flag]

    func parse(_ arguments: [String]) -> Outcome {
        var values: [String: Value] = [:]
        var rest = arguments[...]
        while let argument = rest.first {
            let bytes = Array(argument.utf8)
            guard bytes.count >= 2, bytes[0] == UInt8(ascii: "-") else { break }
            var minuses = 1
            if bytes[1] == UInt8(ascii: "-") {
                minuses = 2
                if bytes.count == 2 {  // "--" ends the flags
                    rest = rest.dropFirst()
                    break
                }
            }
            var name = String(decoding: bytes[minuses...], as: UTF8.self)
            if let first = name.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "=") {
                return .failed("bad flag syntax: \(argument)")
            }
            rest = rest.dropFirst()
            var given: String?
            // The `=` cannot be the first byte of the name.
            if let equals = name.utf8.dropFirst().firstIndex(of: UInt8(ascii: "=")) {
                given = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let flag = flags.first(where: { $0.name == name }) else {
                if name == "help" || name == "h" { return .help }
                return .failed("flag provided but not defined: -\(name)")
            }
            if flag.kind == .bool {
                guard let text = given else {
                    values[name] = .bool(true)
                    continue
                }
                guard let value = Self.parseBool(text) else {
                    return .failed("invalid boolean value \(GoQuote.quote(text)) for -\(name): parse error")
                }
                values[name] = .bool(value)
                continue
            }
            if given == nil, let next = rest.first {
                given = next
                rest = rest.dropFirst()
            }
            guard let text = given else { return .failed("flag needs an argument: -\(name)") }
            switch flag.kind {
            case .string, .bool:
                values[name] = .string(text)
            case .int64:
                switch GoInteger.parse(text) {
                case .success(let number): values[name] = .int64(number)
                case .failure(let reason):
                    return .failed("invalid value \(GoQuote.quote(text)) for flag -\(name): \(reason.rawValue)")
                }
            }
        }
        return .parsed(values, rest: Array(rest))
    }

    /// `flag.Usage` for the command line: `Usage of <program>:` and `PrintDefaults()`, flags sorted by name.
    func usage(program: String) -> String {
        var text = "Usage of \(program):\n"
        for flag in flags.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            var line = "  -\(flag.name)"
            switch flag.kind {
            case .bool: break
            case .string: line += " string"
            case .int64: line += " int"
            }
            // One-letter booleans keep their usage on the same line; none of ours is one.
            line += line.utf8.count <= 4 ? "\t" : "\n    \t"
            line += flag.usage.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    \t")
            switch flag.kind {
            case .bool where flag.defaultText != "false": line += " (default \(flag.defaultText))"
            case .string where !flag.defaultText.isEmpty: line += " (default \(GoQuote.quote(flag.defaultText)))"
            case .int64 where flag.defaultText != "0": line += " (default \(flag.defaultText))"
            default: break
            }
            text += line + "\n"
        }
        return text
    }

    /// `strconv.ParseBool`.
    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }
}

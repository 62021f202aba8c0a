/// Names for the port numbers a test meets, so responses can be compared byte for byte across runs.
import Synchronization

final class PortBook: Sendable {
    private let names = Mutex<[String: String]>([:])

    /// Remembers `port` as `{name}`; `normalize` then writes it that way.
    @discardableResult
    func learn(_ port: UInt16, as name: String) -> UInt16 {
        names.withLock { $0[String(port)] = "{\(name)}" }
        return port
    }

    /// Learns the port of the first `"listen":"host:PORT"` in a proxy object's JSON.
    @discardableResult
    func learnListen(in response: RawResponse, as name: String) -> UInt16? {
        guard let port = Self.listenPort(in: response.bodyText) else { return nil }
        return learn(port, as: name)
    }

    /// The port of the first `"listen":"…:PORT"` in `json`.
    static func listenPort(in json: String) -> UInt16? {
        guard let range = json.firstRange(of: "\"listen\":\"") else { return nil }
        let value = json[range.upperBound...].prefix { $0 != "\"" }
        return value.split(separator: ":").last.flatMap { UInt16($0) }
    }

    /// Replaces every whole decimal number that is a known port by its name.
    func normalize(_ text: String) -> String {
        let table = names.withLock { $0 }
        guard !table.isEmpty else { return text }
        var out = ""
        var digits = ""
        for character in text {
            if character.isASCII && character.isNumber {
                digits.append(character)
                continue
            }
            out += table[digits] ?? digits
            digits = ""
            out.append(character)
        }
        return out + (table[digits] ?? digits)
    }
}

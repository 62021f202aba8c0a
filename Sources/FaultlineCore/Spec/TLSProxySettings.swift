/// A TCP proxy's `tls` block, checked: what the proxy terminates (`listen`) and what it originates (`upstream`).
///
/// `{"listen":{"auto":true},"upstream":{"sni":"api.test","verify":true,"ca":"/etc/ca.pem"}}`. Decoded strictly (an
/// unknown key is a 400 naming it, `invalid value for tls.listen.crt: unknown attribute …`); files are only named
/// here, the server reads them. The block echoed by the API holds paths and settings, never a key's contents. Like a
/// UDP proxy's block, an update replaces it whole.
public struct TLSProxySettings: Equatable, Sendable {
    /// Terminating TLS from clients: a certificate from files, or one the auto CA issues for `names`.
    public struct Listen: Equatable, Sendable {
        public static let keys = ["cert", "key", "auto", "names", "client_ca"]
        public var certificateFile: String?
        public var keyFile: String?
        public var auto: Bool
        /// Names (DNS or IP) the auto certificate and the `tls_certificate` faults are issued for; empty: the
        /// server's defaults (the listen host, localhost, 127.0.0.1, ::1).
        public var names: [String]
        /// Require client certificates issued by one of the CAs in this file (mTLS).
        public var clientCAFile: String?

        public init(
            certificateFile: String? = nil, keyFile: String? = nil, auto: Bool = false, names: [String] = [],
            clientCAFile: String? = nil
        ) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.auto = auto
            self.names = names
            self.clientCAFile = clientCAFile
        }
    }

    /// Originating TLS to the upstream.
    public struct Upstream: Equatable, Sendable {
        public static let keys = ["sni", "verify", "ca", "cert", "key"]
        /// SNI and the name to verify; nil: the upstream's host.
        public var serverName: String?
        /// Check the upstream's certificate chain and name (the default).
        public var verify: Bool
        /// Trust these CAs instead of the system's.
        public var caFile: String?
        /// A client certificate and key for mTLS upstreams.
        public var certificateFile: String?
        public var keyFile: String?

        public init(
            serverName: String? = nil, verify: Bool = true, caFile: String? = nil, certificateFile: String? = nil,
            keyFile: String? = nil
        ) {
            self.serverName = serverName
            self.verify = verify
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    public var listen: Listen?
    public var upstream: Upstream?

    public init(listen: Listen? = nil, upstream: Upstream? = nil) {
        self.listen = listen
        self.upstream = upstream
    }

    /// Reads and checks a `tls` block; at least one of `listen` and `upstream` must be given.
    public init(json: JSONValue) throws(FaultlineError) {
        let reader = try AttributeReader(json, path: "tls", fields: ["listen", "upstream"], strict: true)
        if let listen = try reader.object("listen", fields: Listen.keys) { self.listen = try Listen(listen) }
        if let upstream = try reader.object("upstream", fields: Upstream.keys) {
            self.upstream = try Upstream(upstream)
        }
        guard listen != nil || upstream != nil else {
            throw .invalidValue(field: "tls", reason: "must have listen, upstream or both")
        }
    }

    /// The block as the API shows it: the keys that were given, `verify` always, in a fixed order.
    public var json: JSONValue {
        var members: [JSONMember] = []
        if let listen { members.append(JSONMember(key: "listen", value: listen.json)) }
        if let upstream { members.append(JSONMember(key: "upstream", value: upstream.json)) }
        return .object(members)
    }
}

extension TLSProxySettings.Listen {
    init(_ reader: AttributeReader) throws(FaultlineError) {
        self.init(
            certificateFile: try reader.string("cert", nonEmpty: true), keyFile: try reader.string("key", nonEmpty: true),
            auto: try reader.bool("auto") ?? false, names: try reader.strings("names") ?? [],
            clientCAFile: try reader.string("client_ca", nonEmpty: true))
        if auto {
            for field in ["cert", "key"] where reader.has(field) {
                throw .invalidValue(field: reader.path(of: field), reason: "not with \"auto\": true")
            }
        } else if certificateFile == nil || keyFile == nil {
            let missing = certificateFile == nil ? "cert" : "key"
            throw .invalidValue(
                field: reader.path(of: missing), reason: "required (or \"auto\": true for a certificate from the CA)")
        }
    }

    var json: JSONValue {
        var members: [JSONMember] = []
        if auto { members.append(JSONMember(key: "auto", value: .bool(true))) }
        if let certificateFile { members.append(JSONMember(key: "cert", value: .string(certificateFile))) }
        if let keyFile { members.append(JSONMember(key: "key", value: .string(keyFile))) }
        if !names.isEmpty { members.append(JSONMember(key: "names", value: .array(names.map(JSONValue.string)))) }
        if let clientCAFile { members.append(JSONMember(key: "client_ca", value: .string(clientCAFile))) }
        return .object(members)
    }
}

extension TLSProxySettings.Upstream {
    init(_ reader: AttributeReader) throws(FaultlineError) {
        self.init(
            serverName: try reader.string("sni", nonEmpty: true), verify: try reader.bool("verify") ?? true,
            caFile: try reader.string("ca", nonEmpty: true), certificateFile: try reader.string("cert", nonEmpty: true),
            keyFile: try reader.string("key", nonEmpty: true))
        if (certificateFile == nil) != (keyFile == nil) {
            let missing = certificateFile == nil ? "cert" : "key"
            throw .invalidValue(field: reader.path(of: missing), reason: "required with \(missing == "cert" ? "key" : "cert")")
        }
    }

    var json: JSONValue {
        var members: [JSONMember] = []
        if let serverName { members.append(JSONMember(key: "sni", value: .string(serverName))) }
        members.append(JSONMember(key: "verify", value: .bool(verify)))
        if let caFile { members.append(JSONMember(key: "ca", value: .string(caFile))) }
        if let certificateFile { members.append(JSONMember(key: "cert", value: .string(certificateFile))) }
        if let keyFile { members.append(JSONMember(key: "key", value: .string(keyFile))) }
        return .object(members)
    }
}

/// The control loop's side of TLS: the auto CA, a proxy's `tls` block made into contexts, the `tls_*` toxics checked.
import FaultlineCore
import FaultlinePosix
import FaultlineTLS

extension Server {
    /// The state directory's CA (made there on first use, reused after), or one in memory without a state directory.
    func certificateAuthority() throws(TLSError) -> CertificateAuthority {
        if let authority { return authority }
        let opened: CertificateAuthority
        if let directory = config.stateDirectory {
            opened = try CertificateAuthority.open(stateDirectory: directory)
            var metadata: [String: String] = ["file": CertificateAuthority.certificatePath(stateDirectory: directory)]
            if case .replaced(let reason) = opened.origin { metadata["replaced"] = reason }
            logger.info("TLS certificate authority \(opened.origin.word)", metadata: metadata.mapValues { "\($0)" })
        } else {
            opened = try CertificateAuthority.ephemeral()
        }
        authority = opened
        return opened
    }

    /// Builds the contexts of a `tls` block (nil: none). Every file is read now, so a missing file, a key that is not
    /// the certificate's or an expired certificate is a 400 naming the setting, the file and OpenSSL's reason.
    func makeProxyTLS(_ json: JSONValue?, listen: String) throws(FaultlineError) -> ProxyTLS? {
        guard let json else { return nil }
        let settings = try TLSProxySettings(json: json)
        var names = settings.listen?.names ?? []
        if names.isEmpty { names = Self.defaultNames(listen: listen) }
        var server: TLSServerContext?
        var client: TLSClientContext?
        if let listen = settings.listen {
            let identity: TLSIdentity
            if listen.auto {
                identity = try Self.setting("tls.listen.auto") { () throws(TLSError) in
                    try certificateAuthority().identity(for: names)
                }
            } else {
                identity = try Self.identity(listen.certificateFile, listen.keyFile, field: "tls.listen")
            }
            let clientCA = try listen.clientCAFile.map { file throws(FaultlineError) in
                try Self.setting("tls.listen.client_ca") { () throws(TLSError) in try TLSTrustAnchors.load(file: file) }
            }
            server = try Self.setting("tls.listen") { () throws(TLSError) in
                try TLSServerContext(identity: identity, clientCertificateAuthorities: clientCA)
            }
        }
        if let upstream = settings.upstream {
            let anchors = try upstream.caFile.map { file throws(FaultlineError) in
                try Self.setting("tls.upstream.ca") { () throws(TLSError) in try TLSTrustAnchors.load(file: file) }
            }
            var identity: TLSIdentity?
            if upstream.certificateFile != nil {
                identity = try Self.identity(upstream.certificateFile, upstream.keyFile, field: "tls.upstream")
            }
            client = try Self.setting("tls.upstream") { () throws(TLSError) in
                try TLSClientContext(verify: upstream.verify, trustAnchors: anchors, identity: identity)
            }
        }
        return ProxyTLS(settings: settings, server: server, client: client, names: names)
    }

    /// What a proxy update does to its TLS: nil when nothing changes (no `tls` given, or the same settings), else the
    /// new runtime (nil for `"tls": null`). Checked before anything changes: a proxy keeps `tls_*` toxics only while
    /// it terminates TLS.
    func tlsUpdate(_ entry: ProxyRecord, _ json: JSONValue?, listen: String) throws(FaultlineError)
        -> TLSChange?
    {
        guard let json else { return nil }
        if json == .null && entry.tls == nil { return nil }
        if json != .null, try TLSProxySettings(json: json) == entry.tls?.settings { return nil }
        let made = json == .null ? nil : try makeProxyTLS(json, listen: listen)
        for toxic in entry.toxics { try prepareTLSToxic(toxic, on: made) }
        return TLSChange(tls: made)
    }

    /// The admin API's HTTPS context; a bad file stops start-up naming the option, the file and OpenSSL's reason.
    static func adminTLSContext(_ files: AdminTLSFiles) throws(FaultlineError) -> TLSServerContext {
        do {
            return try TLSServerContext(certificateFile: files.certificate, keyFile: files.key)
        } catch {
            let option: String
            switch error {
            case .unreadableFile(let path, _), .invalidFile(let path, _):
                option = path == files.key ? "--admin-tls-key" : "--admin-tls-cert"
            case .keyMismatch: option = "--admin-tls-key"
            default: option = "--admin-tls-cert"
            }
            throw .invalidValue(field: option, reason: error.message)
        }
    }

    /// A `tls_*` toxic about to be stored on a proxy: only on one that terminates TLS, and a `tls_certificate`
    /// fault's certificate is issued now, before any loop can need it.
    func prepareTLSToxic(_ toxic: ToxicSpec, on tls: ProxyTLS?) throws(FaultlineError) {
        guard case .tls(let type, let attributes) = toxic.kind else { return }
        guard let tls, tls.server != nil else {
            throw .invalidValue(
                field: "type", reason: "\(type) needs a proxy that terminates TLS (\"tls\": {\"listen\": …})")
        }
        guard case .certificate(let fault) = try TLSFaultEntry.fault(TLSFaultAttributes(type: type, attributes: attributes)),
            tls.faultCertificate(fault) == nil
        else { return }
        let identity = try Self.setting("tls.listen") { () throws(TLSError) in
            try certificateAuthority().faultIdentity(fault, for: tls.names)
        }
        tls.store(identity, for: fault)
    }

    /// A `tls_*` toxic's attributes checked (a 400 names the attribute) and written with every key in order.
    static func normaliseTLSToxic(_ toxic: ToxicSpec) throws(FaultlineError) -> ToxicSpec {
        guard case .tls(let type, let attributes) = toxic.kind else { return toxic }
        let parsed = try TLSFaultAttributes(type: type, attributes: attributes)
        _ = try TLSFaultEntry.fault(parsed)
        var normalised = toxic
        normalised.kind = .tls(type: type, attributes: parsed.json)
        return normalised
    }

    /// A spec's `tls` block checked without reading files (validation before anything changes), and its `tls_*`
    /// toxics allowed only when it terminates TLS.
    static func validateTLS(_ spec: ProxySpec) throws(FaultlineError) {
        let settings = try spec.tls.map { json throws(FaultlineError) in try TLSProxySettings(json: json) }
        for toxic in spec.toxics {
            guard case .tls(let type, _) = toxic.kind else { continue }
            guard settings?.listen != nil else {
                throw .invalidValue(
                    field: "type", reason: "\(type) needs a proxy that terminates TLS (\"tls\": {\"listen\": …})")
            }
        }
    }

    /// The listen host (unless a wildcard) and the loopback names, for certificates without configured names.
    static func defaultNames(listen: String) -> [String] {
        var names: [String] = []
        if let host = try? HostPort.parse(listen).host, !host.isEmpty, host != "0.0.0.0", host != "::" {
            names.append(host.lowercased())
        }
        for name in ["localhost", "127.0.0.1", "::1"] where !names.contains(name) { names.append(name) }
        return names
    }

    /// A certificate and key from files; errors name `<field>.cert` or `<field>.key`, whichever file is at fault.
    private static func identity(_ certificate: String?, _ key: String?, field: String) throws(FaultlineError)
        -> TLSIdentity
    {
        guard let certificate, let key else { throw .invalidValue(field: "\(field).cert", reason: "required") }
        do {
            return try TLSIdentity.load(certificateFile: certificate, keyFile: key)
        } catch {
            switch error {
            case .unreadableFile(let path, _), .invalidFile(let path, _):
                throw .invalidValue(field: path == key ? "\(field).key" : "\(field).cert", reason: error.message)
            case .keyMismatch: throw .invalidValue(field: "\(field).key", reason: error.message)
            default: throw .invalidValue(field: "\(field).cert", reason: error.message)
            }
        }
    }

    /// THE map from a TLS configuration failure to the API's 400: the setting, then FaultlineTLS's message.
    private static func setting<T>(_ field: String, _ body: () throws(TLSError) -> T) throws(FaultlineError) -> T {
        do {
            return try body()
        } catch {
            if case .invalidSetting(let inner, _) = error { throw .invalidValue(field: "\(field).\(inner)", reason: error.message) }
            throw .invalidValue(field: field, reason: error.message)
        }
    }
}

extension CertificateAuthority.Origin {
    /// `created`, `reused`, … for the log line.
    var word: String {
        switch self {
        case .created: "created"
        case .reused: "reused"
        case .replaced: "replaced"
        case .ephemeral: "kept in memory"
        }
    }
}

/// A proxy's TLS after an update that changes it (nil: the block was removed).
struct TLSChange {
    var tls: ProxyTLS?
}

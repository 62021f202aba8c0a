/// Certificates and keys made with the `openssl` tool for the end-to-end tests: a test CA, leaves, an expired one.
import FaultlineTestSupport

extension TLSHarness {
    /// `<dir>/<stem>.pem` and `<dir>/<stem>.key`; `issuer` signs it (else it signs itself), for `name` (DNS and IP).
    @discardableResult
    func certificate(_ stem: String, name: String = "localhost", issuer: String? = nil, ca: Bool = false) throws
        -> (cert: String, key: String)
    {
        let (cert, key) = ("\(directory)/\(stem).pem", "\(directory)/\(stem).key")
        let subject = "-subj /CN=\(name)"
        let names = "subjectAltName=DNS:\(name),IP:127.0.0.1"
        let newKey = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout \(key)"
        let script: String
        if let issuer {
            script = """
                openssl req -new \(newKey) -out \(directory)/\(stem).csr \(subject) && \
                printf '\(names)\\n' > \(directory)/\(stem).ext && \
                openssl x509 -req -in \(directory)/\(stem).csr -CA \(issuer).pem -CAkey \(issuer).key -set_serial \(UInt32.random(in: 2...UInt32.max)) \
                  -days 2 -extfile \(directory)/\(stem).ext -out \(cert)
                """
        } else {
            let extensions = ca ? "-addext basicConstraints=critical,CA:TRUE" : "-addext \(names)"
            script = "openssl req -x509 \(newKey) -out \(cert) -days 2 \(subject) \(extensions)"
        }
        try shell(script)
        return (cert, key)
    }

    /// A certificate whose validity ended in 2020 (`openssl ca` is the tool that takes explicit dates).
    func expiredCertificate() throws -> (cert: String, key: String) {
        let (cert, key) = ("\(directory)/expired.pem", "\(directory)/expired.key")
        let config = "[ca]\\ndefault_ca=d\\n[d]\\ndatabase=index.txt\\nserial=serial\\nnew_certs_dir=.\\ndefault_md=sha256\\npolicy=p\\n[p]\\ncommonName=supplied\\n"
        try shell("""
            cd \(directory) && touch index.txt && echo 01 > serial && printf '\(config)' > ca.cnf && \
            openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout \(key) -out expired.csr \
              -subj /CN=localhost && \
            openssl ca -batch -selfsign -keyfile \(key) -in expired.csr -out \(cert) -startdate 200101000000Z \
              -enddate 200102000000Z -config ca.cnf
            """)
        return (cert, key)
    }

    func shell(_ script: String) throws {
        let outcome = try Self.run(["sh", "-c", script])
        guard outcome.status == 0 else { throw ServeFailure(description: "\(script): \(outcome.stderr)") }
    }
}

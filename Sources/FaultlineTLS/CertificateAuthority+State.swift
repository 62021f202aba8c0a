/// The auto CA's life in a state directory: reused while its files are sound, made (key file 0600) when not.
import COpenSSL
import FaultlinePosix

extension CertificateAuthority {
    /// `<state-dir>/tls/ca.pem`: the CA certificate, safe to hand to anyone.
    public static func certificatePath(stateDirectory: String) -> String { stateDirectory + "/tls/ca.pem" }
    /// `<state-dir>/tls/ca-key.pem`: the CA's private key, mode 0600 in a 0700 directory.
    public static func keyPath(stateDirectory: String) -> String { stateDirectory + "/tls/ca-key.pem" }

    /// The CA of `stateDirectory`: the one already there if its files are sound (a CA certificate, its key,
    /// valid for more than a week), else a new one written there. A file that exists but cannot be read
    /// (permissions) is an error rather than a reason to replace it.
    public static func open(stateDirectory: String) throws(TLSError) -> CertificateAuthority {
        let certificateFile = certificatePath(stateDirectory: stateDirectory)
        let keyFile = keyPath(stateDirectory: stateDirectory)
        let origin: Origin
        switch try existing(certificateFile: certificateFile, keyFile: keyFile) {
        case .sound(let authority): return CertificateAuthority(authority: authority, origin: .reused)
        case .missing: origin = .created
        case .unusable(let reason): origin = .replaced(reason: reason)
        }
        let authority = try makeAuthority(name: "Faultline CA")
        try save(authority, directory: stateDirectory + "/tls", certificateFile: certificateFile, keyFile: keyFile)
        return CertificateAuthority(authority: authority, origin: origin)
    }

    private enum Existing {
        case sound(TLSIdentity)
        case missing
        case unusable(String)
    }

    private static func existing(certificateFile: String, keyFile: String) throws(TLSError) -> Existing {
        let haveCertificate = DurableFile.exists(certificateFile)
        let haveKey = DurableFile.exists(keyFile)
        if !haveCertificate && !haveKey { return .missing }
        if !haveCertificate { return .unusable("\(certificateFile) is missing") }
        if !haveKey { return .unusable("\(keyFile) is missing") }
        let authority: TLSIdentity
        do throws(TLSError) {
            authority = try TLSIdentity.load(certificateFile: certificateFile, keyFile: keyFile)
        } catch {
            if case .unreadableFile = error { throw error }
            return .unusable(error.message)
        }
        guard X509_check_ca(authority.certificate) >= 1 else {
            return .unusable("\(certificateFile): not a CA certificate")
        }
        guard authority.secondsUntilExpiry() > renewalMargin else {
            return .unusable("\(certificateFile): expires within a week")
        }
        return .sound(authority)
    }

    /// Key first: a crash between the two writes leaves a key without a certificate, which the next start
    /// replaces, never a certificate whose key is lost.
    private static func save(
        _ authority: TLSIdentity,
        directory: String,
        certificateFile: String,
        keyFile: String
    ) throws(TLSError) {
        do throws(Errno) {
            try Directory.create(directory)
        } catch {
            throw .stateDirectory(path: directory, reason: "cannot create: \(error.description)")
        }
        var keyBytes = try PEM.privateKeyBytes(authority.key)
        defer { PEM.wipe(&keyBytes) }
        do throws(Errno) {
            try DurableFile.write(keyBytes, to: keyFile)
        } catch {
            throw .stateDirectory(path: keyFile, reason: "cannot write: \(error.description)")
        }
        do throws(Errno) {
            try DurableFile.write(Array(PEM.text(of: authority.certificate).utf8), to: certificateFile)
        } catch {
            throw .stateDirectory(path: certificateFile, reason: "cannot write: \(error.description)")
        }
    }
}

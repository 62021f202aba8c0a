/// The `tls_certificate` toxic: which wrong certificate a TLS-terminating proxy presents instead of its own.
import FaultlineCore

public enum TLSCertificateFault: String, CaseIterable, Equatable, Sendable {
    /// Issued by the proxy's CA, but its validity ended yesterday (X509_V_ERR 10).
    case expired
    /// Issued by the proxy's CA, valid only from a year from now (X509_V_ERR 9).
    case notYetValid = "not_yet_valid"
    /// Issued by the proxy's CA for `wrong-host.faultline.invalid`, not the names clients ask for (62).
    case wrongHost = "wrong_host"
    /// For the right names, but signed by its own key (X509_V_ERR 18).
    case selfSigned = "self_signed"
    /// For the right names, chained to a throwaway CA nobody trusts (X509_V_ERR 19).
    case untrusted

    /// Reads the `mode` attribute; anything else is a 400 naming `attributes.mode`.
    public static func validate(mode: String) throws(FaultlineError) -> TLSCertificateFault {
        guard let fault = TLSCertificateFault(rawValue: mode) else {
            let names = allCases.map(\.rawValue)
            throw .invalidValue(
                field: "attributes.mode",
                reason: "must be \(names.dropLast().joined(separator: ", ")) or \(names.last ?? "")")
        }
        return fault
    }
}

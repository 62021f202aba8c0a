/// The attribute checks of `tls_certificate` and `tls_handshake`: typed values, or a 400 naming the field.
import FaultlineCore
import FaultlineTLS
import Testing

@Suite struct FaultValidationTests {
    @Test(arguments: TLSCertificateFault.allCases)
    func everyCertificateModeReadsBack(_ fault: TLSCertificateFault) throws {
        #expect(try TLSCertificateFault.validate(mode: fault.rawValue) == fault)
    }

    @Test(arguments: ["", "Expired", "revoked"])
    func unknownCertificateModesNameTheField(_ mode: String) {
        let reason = "must be expired, not_yet_valid, wrong_host, self_signed or untrusted"
        #expect(throws: FaultlineError.invalidValue(field: "attributes.mode", reason: reason)) {
            _ = try TLSCertificateFault.validate(mode: mode)
        }
    }

    @Test func stallOnly() throws {
        let fault = try TLSHandshakeFault.validate(delay: 5000, alert: "")
        #expect(fault == TLSHandshakeFault(delay: 5000, alert: nil))
        #expect(fault.clientHelloAction == .suspend)
    }

    @Test func abortAtOnce() throws {
        let fault = try TLSHandshakeFault.validate(delay: 0, alert: "handshake_failure")
        #expect(fault.alert == .handshakeFailure)
        #expect(fault.clientHelloAction == .abort(.handshakeFailure))
    }

    @Test func stallThenAbort() throws {
        let fault = try TLSHandshakeFault.validate(delay: 250, alert: "UNRECOGNIZED_NAME")
        #expect(fault == TLSHandshakeFault(delay: 250, alert: .unrecognizedName))
        #expect(fault.clientHelloAction == .suspend)
    }

    @Test(arguments: [
        (Int64(-1), "", "attributes.delay", "must be between 0 and 3600000 milliseconds"),
        (3_600_001, "", "attributes.delay", "must be between 0 and 3600000 milliseconds"),
        (0, "", "attributes.delay", "must be above 0 when no alert is given"),
    ])
    func badDelaysNameTheField(_ delay: Int64, alert: String, field: String, reason: String) {
        #expect(throws: FaultlineError.invalidValue(field: field, reason: reason)) {
            _ = try TLSHandshakeFault.validate(delay: delay, alert: alert)
        }
    }

    @Test(arguments: ["nope", "close_notify", "user_canceled"])
    func unknownOrNonFatalAlertsNameTheField(_ alert: String) {
        do {
            _ = try TLSHandshakeFault.validate(delay: 0, alert: alert)
            Issue.record("\(alert) was accepted")
        } catch {
            guard case .invalidValue(let field, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(field == "attributes.alert")
            #expect(reason.hasPrefix("unknown TLS alert \"\(alert)\" (use unexpected_message, bad_record_mac,"))
            #expect(error.message.hasPrefix("invalid value for attributes.alert: unknown TLS alert"))
        }
    }

    @Test func alertNamesAndCodesRoundTrip() {
        for name in TLSAlert.fatalNames {
            #expect(TLSAlert(name: name)?.name == name)
        }
        #expect(TLSAlert(code: 40) == .handshakeFailure)
        #expect(TLSAlert(code: 250).name == "alert_250")
        #expect(TLSAlert.fatalNames.count == 25)
    }
}

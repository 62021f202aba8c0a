/// Output formats: toxiproxy-cli's plain lines byte for byte, Go's `%.2f` and `%v` numbers, and the terminal table.
import FaultlineClient
import FaultlineCore
import Testing

@testable import faultline

@Suite struct RenderTests {
    private let plain = Render(terminal: false, colour: false)
    private let terminal = Render(terminal: true, colour: false)

    // float32(0.005) is 0.00499999988…, which Go prints as 0.00; float32(0.335) is 0.33500000834…, so 0.34.
    @Test(arguments: [
        (Float(1), "1.00"), (0, "0.00"), (0.5, "0.50"), (0.125, "0.12"), (0.375, "0.38"), (0.335, "0.34"),
        (0.005, "0.00"), (7, "7.00"), (-1, "-1.00"), (-0.001, "-0.00"), (1e10, "10000000000.00"),
    ])
    func toxicityHasTwoDecimalsLikeGo(_ value: Float, text: String) {
        #expect(Render.twoDecimals(value) == text)
    }

    @Test func toxicityOutsideTheIntegerRangeStillPrints() {
        #expect(Render.twoDecimals(Float.greatestFiniteMagnitude).isEmpty == false)
        #expect(Render.twoDecimals(Float.nan) == "NaN")
    }

    private let proxy = ProxyInfo(
        name: "web", listen: "127.0.0.1:1", upstream: "db:5432", enabled: false,
        toxics: [
            ToxicInfo(
                name: "mixed", type: "loss", stream: "UpStream", toxicity: 0.25,
                attributes: [
                    JSONMember(key: "rate", value: .number("1000000")), JSONMember(key: "mode", value: .string("drop")),
                    JSONMember(key: "on", value: .bool(true)), JSONMember(key: "frac", value: .number("0.5")),
                ])
        ])

    @Test func plainListAndInspectAreToxiproxyCLILines() {
        #expect(plain.proxyList([proxy]) == "web\t127.0.0.1:1\tdb:5432\tdisabled\t1\n")
        #expect(plain.proxyList([]) == "")
        let line = "mixed\ttype=loss\tstream=UpStream\ttoxicity=0.25\tattributes=["
        #expect(plain.proxyDetail(proxy) == line + "\tfrac=0.5\tmode=drop\ton=true\trate=1e+06\t]\n")
    }

    @Test func terminalTableIsAlignedWithHints() {
        let other = ProxyInfo(name: "a-long-name", listen: "[::]:8080", upstream: "x:1", enabled: true)
        let expected = """
            Name         Listen       Upstream  Enabled   Toxics
            web          127.0.0.1:1  db:5432   disabled  1
            a-long-name  [::]:8080    x:1       enabled   None

            Hint: inspect toxics with `faultline inspect <proxyName>`

            """
        #expect(terminal.proxyList([proxy, other]) == expected)
        #expect(terminal.proxyList([]) == "no proxies\n\nHint: create a proxy with `faultline create`\n")
    }

    @Test func terminalInspectGroupsByStreamAndShowsNumbersAsSent() {
        let detail = terminal.proxyDetail(proxy)
        #expect(detail.contains("Upstream toxics:\nmixed:\ttype=loss"))
        #expect(detail.contains("rate=1000000"))
        #expect(detail.contains("Downstream toxics:\nProxy has no Downstream toxics enabled.\n"))
        let empty = ProxyInfo(name: "e", listen: "l", upstream: "u", enabled: true)
        #expect(terminal.proxyDetail(empty).contains("Proxy has no toxics enabled.\n"))
    }

    @Test func colourWrapsOnlyWhenAsked() {
        let coloured = Render(terminal: true, colour: true)
        #expect(coloured.toggled(proxy) == "Proxy \u{1B}[31mweb\u{1B}[0m is now \u{1B}[31mdisabled\u{1B}[0m\n")
        #expect(terminal.toggled(proxy) == "Proxy web is now disabled\n")
        #expect(plain.paint("x", .green) == "x")
    }
}

/// toxiproxy-cli's `-h URL <command>` order is moved after the command; anything else is left alone.
import Testing

@testable import faultline

@Suite struct HostOptionTests {
    private func hoisted(_ arguments: [String]) -> [String] {
        HostOption.hoisted(arguments, clientCommands: Faultline.clientCommands)
    }

    @Test func leadingHostMovesAfterTheCommand() {
        #expect(hoisted(["-h", "h:1", "list"]) == ["list", "-h", "h:1"])
        #expect(
            hoisted(["--host", "h:1", "toxic", "add", "-t", "latency", "p"])
                == ["toxic", "add", "-t", "latency", "p", "--host", "h:1"])
        #expect(hoisted(["--host=h:1", "ls"]) == ["ls", "--host=h:1"])
        #expect(hoisted(["-h", "h:1", "inspect", "--", "-p"]) == ["inspect", "-h", "h:1", "--", "-p"])
    }

    @Test func everythingElseIsUnchanged() {
        for arguments in [
            [], ["-h"], ["--help"], ["-h", "list"], ["-h", "h:1", "serve"], ["list", "-h", "h:1"],
            ["--host", "0.0.0.0", "serve"],
        ] {
            #expect(hoisted(arguments) == arguments)
        }
    }
}

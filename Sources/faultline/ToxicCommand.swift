/// `faultline toxic` (t): the group of toxic commands, with the toxic types and their attributes in its help.
import ArgumentParser

struct ToxicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toxic",
        abstract: "Add, update or remove a toxic.",
        discussion: """
            Toxic types and their attributes (-a key=value):
              latency       delay each chunk: latency=<ms> jitter=<ms>
              bandwidth     limit throughput: rate=<KB/s>
              slow_close    delay the close: delay=<ms>
              timeout       stop all data, close after timeout=<ms> (0 = never)
              reset_peer    reset the connection (RST) after timeout=<ms>
              slicer        slice data: average_size=<bytes> size_variation=<bytes> delay=<µs>
              limit_data    close after bytes=<n>
              noop          do nothing (no attributes)

            Examples:
              faultline toxic add -t latency -n slow -a latency=100 -a jitter=50 myProxy
              faultline toxic update -n slow -a jitter=25 myProxy
              faultline toxic remove -n slow myProxy
            """,
        subcommands: [ToxicAdd.self, ToxicUpdate.self, ToxicDelete.self],
        aliases: ["t"])
}

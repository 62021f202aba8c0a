/// `faultline experiment`: validate, run and clean up chaos experiments described in a JSON file.
import ArgumentParser

struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run a chaos experiment: probe a steady state, inject faults, halt and roll back, report.",
        discussion: """
            The file format (faultline.experiment/v1) is described in examples/README.md.

            Exit codes of `run`:
              0 passed           tolerances held during injection, recovered
              1 deviated         tolerances broken during injection, recovered
              2 halted           a halt condition or maxDuration tripped; faults rolled back
              3 not-recovered    no stable window within recovery.within
              4 baseline-failed  steady state not met before injection; nothing injected
              64 invalid         the file failed validation or a proxy is missing; nothing done
              70 rollback-failed faults may still be injected: run `faultline experiment cleanup`
              130/143            interrupted by SIGINT/SIGTERM; rolled back
            """,
        subcommands: [
            ExperimentValidate.self, ExperimentRun.self, ExperimentRender.self, ExperimentCleanupCommand.self,
        ])
}

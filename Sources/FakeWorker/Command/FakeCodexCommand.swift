import ArgumentParser

/// `fake-codex`: stands in for the real `codex` CLI in tests and load simulations.
///
/// Only the `app-server` subcommand exists; `--version` answers like the real binary so that a
/// supervisor logging the worker version sees a plausible value.
@main
struct FakeCodexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-codex",
        abstract: "A fake `codex` that speaks the app-server protocol and misbehaves on cue.",
        version: "codex-cli \(FakeCodexVersion.cliVersion) (fake)",
        subcommands: [AppServerCommand.self]
    )
}

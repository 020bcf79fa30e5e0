import ArgumentParser

/// `loadsim`: drives codex-proxy and its worker under load and measures them from the client's side.
@main
struct LoadSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadsim",
        abstract: "Load and fault measurements for codex-proxy, from the client's side of the socket.",
        subcommands: [OverheadCommand.self, RecoveryCommand.self]
    )
}

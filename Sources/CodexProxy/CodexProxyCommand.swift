import ArgumentParser
import Proxy

/// `codex-proxy`: the OpenAI-compatible proxy in front of `codex app-server`.
@main
struct CodexProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codex-proxy",
        abstract: "An OpenAI-compatible HTTP proxy in front of the Codex app-server.",
        version: ProxyVersion.current,
        subcommands: [ServeCommand.self, RedactCommand.self, KeysCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

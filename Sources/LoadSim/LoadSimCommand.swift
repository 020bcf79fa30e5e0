import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `loadsim`: the scenario harness and load measurements for codex-proxy, from the client's side
/// of the socket. It speaks HTTP to the proxy and starts processes; it links no proxy code.
@main
struct LoadSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadsim",
        abstract: "Scenario harness, fault rehearsal and latency budget gate for codex-proxy.",
        subcommands: [RunCommand.self, ProveCommand.self, BudgetCommand.self, RehearseCommand.self, OverheadCommand.self, RecoveryCommand.self, CPUCommand.self, FloorCommand.self]
    )

    /// Raises the open-file limit to its hard maximum before any subcommand runs: a burst of a
    /// thousand concurrent requests needs a thousand sockets here and in the proxy (which inherits it).
    static func main() async {
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

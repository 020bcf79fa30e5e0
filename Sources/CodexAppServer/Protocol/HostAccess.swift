/// What a thread may do on the worker's host: whether the model gets codex's host tools
/// (`exec_command`, `write_stdin`, `view_image`), and whether codex snapshots the login shell
/// when the thread starts. Chosen by the operator (`CODEX_HOST_TOOLS`, `CODEX_SHELL_SNAPSHOT`).
public struct HostAccess: Sendable, Hashable {
    /// Which host tools the model gets.
    public enum Tools: String, Sendable, Hashable, CaseIterable {
        /// Text-only threads (`environments: []`, experimental): no host tools; a call to one is
        /// answered `unsupported call: <tool>` by the worker itself and the turn goes on.
        case none
        /// codex's default environment under the `read-only` sandbox with `approvalPolicy: never`:
        /// the model runs shell commands unasked, with read access to the whole filesystem of
        /// the worker's host (its `CODEX_HOME`, credentials included). Trusts every API client.
        case readOnly = "read-only"
    }

    public var tools: Tools
    /// Whether codex runs its login-shell snapshot for each new thread (`features.shell_snapshot`):
    /// about nine processes and a file per thread. Commands run without it too, each in a
    /// fresh login shell.
    public var shellSnapshot: Bool

    public init(tools: Tools, shellSnapshot: Bool = false) {
        self.tools = tools
        self.shellSnapshot = shellSnapshot
    }

    /// The default: no host tools, no shell snapshot.
    public static let textOnly = HostAccess(tools: .none)
}

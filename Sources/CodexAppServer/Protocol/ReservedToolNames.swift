/// Function names codex 0.163.0 keeps for itself on the threads the proxy starts (text-only,
/// `environments: []`): a client function (`dynamicTools` entry) with one of these names never
/// reaches the model. `exec_command` is dropped; `request_user_input` is always codex's own.
/// Every other name, including those of codex's host tools (`write_stdin`, `apply_patch`, `shell`,
/// …), is offered as the client's function. Pinned by a real-binary test
/// (`ReservedToolNamesRealCodexTests`), since codex drops them without a word.
public enum ReservedToolNames {
    public static let onTextOnlyThreads: Set<String> = ["exec_command", "request_user_input"]
}

import CodexAppServer

/// The shell command the mock model asks to run in the tool flows:
/// `python3 -c 'print(42)' > <cwd>/out.txt`, wrapped as codex wraps it.
struct ScriptedCommand: Sendable {
    var cwd: String

    var script: String { "python3 -c 'print(42)' > \(cwd)/out.txt" }
    var shellLine: String { "/bin/bash -lc \"\(script)\"" }
    var argv: JSONValue { ["/bin/bash", "-lc", .string(script)] }
    var actions: JSONValue { [["type": "unknown", "command": .string(script)]] }
}

extension ScriptedCommand {
    /// What bash prints when the read-only sandbox refuses the redirection (exit code 1).
    var readOnlyFailure: String { "/bin/bash: line 1: \(cwd)/out.txt: Read-only file system\n" }
}

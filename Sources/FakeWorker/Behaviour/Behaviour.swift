import CodexAppServer

/// How one launch of the fake worker behaves: reply pacing and the faults it injects.
///
/// Built from the behaviour document (docs/fake-codex.md) for the current launch number; every
/// field has a harmless default so an empty document means "behave like the real binary".
struct Behaviour: Sendable, Equatable {
    /// Default reply text instead of "Hello world" (input triggers such as `REPLY:` still win).
    var reply: String?
    /// Most characters (grapheme clusters) per `item/agentMessage/delta`.
    var chunkSize = 4
    var firstTokenDelayMs = 0
    var deltaDelayMs = 0
    /// Delay before answering `initialize`.
    var handshakeDelayMs = 0
    var crash: CrashSpec?
    var hang: FaultTrigger?
    /// Closes stdout and lives on (reads stdin, ignores its end) until a signal ends it.
    var closeStdout: FaultTrigger?
    /// Delay before answering `turn/start` (the turn runs after the answer).
    var turnStartDelayMs = 0
    /// Lines written to stdout right after the initialize response.
    var garbageLines: [String] = []
    /// On exit or crash, leave a partial line without newline on stdout.
    var truncatedFinalLine = false
    var stderrNoise: StderrNoiseSpec?
    var turnError: TurnErrorSpec?
    /// Every `everyNth` turn/start is answered -32001 "Server overloaded; retry later.".
    var overloadEveryNth: Int?
    /// Every turn asks for command approval first, as the `ASKAPPROVAL` trigger does.
    var approval = false
    /// What `model/list` pages through: entries built from `models` ids or given whole, else the
    /// catalog bundled in codex 0.163.0.
    var models = FakeModelCatalog.bundled
}

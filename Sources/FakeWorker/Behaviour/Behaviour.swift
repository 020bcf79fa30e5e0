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
}

/// When a scripted fault fires, counted over the whole process.
enum FaultTrigger: Sendable, Equatable {
    /// Right after the Nth `item/agentMessage/delta` line was written.
    case afterDeltas(Int)
    /// Right after the Nth `turn/completed` line was written.
    case afterTurns(Int)
    /// When the `initialize` request arrives, before it is answered.
    case onHandshake
}

/// A scripted crash: when, and how the process ends.
struct CrashSpec: Sendable, Equatable {
    /// How a crashed process terminates.
    enum Termination: Sendable, Equatable {
        case exitCode(Int32)
        case signal(SignalName)
    }

    var trigger: FaultTrigger
    var termination: Termination
}

/// Noise on stderr, to prove that consumers never mistake logs for protocol.
struct StderrNoiseSpec: Sendable, Equatable {
    var lines: Int
    var everyMs: Int
}

/// The failure sequence (`systemError` → `error` → `turn/completed` failed) on every turn.
struct TurnErrorSpec: Sendable, Equatable {
    /// A camelCase string such as `serverOverloaded`, or an object form such as
    /// `{"httpConnectionFailed":{"httpStatusCode":502}}`.
    var codexErrorInfo: JSONValue
    var message: String
    /// Deltas of the agent message streamed before the failure.
    var afterDeltas: Int
    /// `true` sends a transient `error` notification and lets the turn go on.
    var willRetry: Bool
}

import CodexAppServer

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

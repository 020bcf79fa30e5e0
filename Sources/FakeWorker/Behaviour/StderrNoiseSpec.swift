import CodexAppServer

/// Noise on stderr, to prove that consumers never mistake logs for protocol.
struct StderrNoiseSpec: Sendable, Equatable {
    var lines: Int
    var everyMs: Int
}

import CodexAppServer

/// The channel that tells a running turn to stop.
struct TurnControl: Sendable {
    let interrupts: AsyncStream<Void>
    let continuation: AsyncStream<Void>.Continuation

    init() {
        (interrupts, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func interrupt() { continuation.yield() }
}

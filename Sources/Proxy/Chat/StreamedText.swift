/// The text of a streamed turn on its way to the client: held back while a `<use_tool …>` block is
/// open (``ToolCallBuffer``), its first piece timed and logged as the first token, the buffer's
/// events counted.
struct StreamedText {
    private let turn: ChatTurn
    private let model: String
    private var buffer: ToolCallBuffer
    private var sawFirstToken = false

    init(turn: ChatTurn, model: String) {
        self.turn = turn
        self.model = model
        buffer = ToolCallBuffer(maxHeldBytes: turn.service.api.toolBufferMaxBytes)
    }

    /// Takes a content piece from the worker; returns the text to send now (may be empty).
    mutating func feed(_ piece: String) -> String {
        if !sawFirstToken {
            sawFirstToken = true
            let elapsed = ContinuousClock.now - turn.arrived
            turn.service.observer.firstToken(model, elapsed)
            turn.logger.info("stream_first_token", metadata: ["model": "\(model)", "latency_ms": .stringConvertible(elapsed.milliseconds)])
        }
        let (text, events) = buffer.feed(piece)
        events.forEach(turn.service.observer.toolBuffer)
        return text
    }

    /// Releases whatever is held (an unclosed block is released whole and counted as aborted).
    mutating func flush() -> String {
        let (text, events) = buffer.finish()
        events.forEach(turn.service.observer.toolBuffer)
        return text
    }
}

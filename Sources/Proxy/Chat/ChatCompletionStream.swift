import Hummingbird
import Logging
import NIOCore
import OrderedJSON

/// Writes one turn as an OpenAI chat completion SSE stream: a role chunk, content chunks (text
/// tool calls never split), a final chunk with `finish_reason`, the usage chunk when asked, and
/// `data: [DONE]`. A failure sends an error event and closes; a client that goes away gets its
/// turn interrupted and its slot freed at once.
struct ChatCompletionStream: Sendable {
    let turn: ActiveTurn
    let envelope: ChatCompletionEnvelope
    let includeUsage: Bool
    let deadline: ContinuousClock.Instant
    let keepaliveInterval: Duration
    let timeout: Duration
    /// The client's connection, checked while the worker is silent.
    let channel: any Channel
    let observer: ChatObserver
    /// `PROXY_TOOL_BUFFER_MAX_BYTES`.
    var toolBufferMaxBytes = ToolCallBuffer.defaultMaxHeldBytes
    let observation: RequestObservation
    let logger: Logger
    /// Called when the deadline passed, so the supervisor can check the worker is not hung.
    let onTimeout: @Sendable () -> Void

    func write(to writer: inout any ResponseBodyWriter) async throws {
        var logger = logger
        logger[metadataKey: "component"] = "chat"
        observer.streamOpened()
        defer { observer.streamClosed() }
        let started = ContinuousClock.now
        logger.info("stream_started", metadata: ["model": "\(envelope.model)"])
        var end: TurnEnd = .cancelled
        do {
            end = try await stream(to: &writer, started: started, logger: logger)
        } catch {
            end = .cancelled
        }
        turn.finish(completed: end.workerFinished)
        record(end)
        switch end {
        case .cancelled:
            logger.notice("client_disconnected", metadata: ["model": "\(envelope.model)", "turn_interrupted": .stringConvertible(true)])
        case .completed:
            logger.info("stream_done", metadata: ["model": "\(envelope.model)", "outcome": "completed"])
        case .failed(let error, _):
            logger.warning("stream_done", metadata: ["model": "\(envelope.model)", "outcome": "failed", "error_code": "\(error.code)"])
        case .timedOut:
            onTimeout()
            logger.warning("stream_done", metadata: ["model": "\(envelope.model)", "outcome": "timeout", "error_code": "worker_timeout"])
        }
        try? await writer.finish(nil)
    }

    private func stream(to writer: inout any ResponseBodyWriter, started: ContinuousClock.Instant, logger: Logger) async throws -> TurnEnd {
        try await writer.write(ServerSentEvents.data(chunk(["role": "assistant", "content": ""])))
        var buffer = ToolCallBuffer(maxHeldBytes: toolBufferMaxBytes)
        var sawFirstToken = false
        let loop = TurnEventLoop(
            turn: turn, deadline: deadline, keepaliveInterval: keepaliveInterval, clientConnected: { [channel] in channel.isActive }
        )
        let end = try await loop.run { output in
            switch output {
            case .keepalive:
                logger.debug("stream_keepalive")
                try await writer.write(ServerSentEvents.keepalive)
            case .content(let piece):
                if !sawFirstToken {
                    sawFirstToken = true
                    let elapsed = ContinuousClock.now - started
                    observer.firstToken(envelope.model, elapsed)
                    logger.info("stream_first_token", metadata: ["model": "\(envelope.model)", "latency_ms": .stringConvertible(elapsed.milliseconds)])
                }
                let (text, events) = buffer.feed(piece)
                events.forEach(observer.toolBuffer)
                if !text.isEmpty {
                    try await writer.write(ServerSentEvents.data(chunk(["content": .string(text)])))
                }
            }
        }
        if case .cancelled = end { return end }
        let (heldText, events) = buffer.finish()
        events.forEach(observer.toolBuffer)
        if !heldText.isEmpty {
            try await writer.write(ServerSentEvents.data(chunk(["content": .string(heldText)])))
        }
        switch end {
        case .completed(let usage):
            try await writer.write(ServerSentEvents.data(chunk([:], finishReason: "stop")))
            if includeUsage {
                try await writer.write(ServerSentEvents.data(envelope.usageChunk(usage ?? .zero)))
            }
            try await writer.write(ServerSentEvents.done)
        case .failed(let error, _):
            try await writer.write(ServerSentEvents.data(["error": error.errorObject]))
        case .timedOut:
            try await writer.write(ServerSentEvents.data(["error": ProxyError.workerTimeout(afterMilliseconds: timeout.milliseconds).errorObject]))
        case .cancelled:
            break
        }
        return end
    }

    /// Usage and mid-stream errors go into the egress log and metrics like those of JSON requests.
    private func record(_ end: TurnEnd) {
        switch end {
        case .completed(let usage):
            if let usage { observation.record(usage: usage) }
        case .failed(let error, let usage):
            if let usage { observation.record(usage: usage) }
            observation.record(error: error)
        case .timedOut:
            observation.record(error: .workerTimeout(afterMilliseconds: timeout.milliseconds))
        case .cancelled:
            observation.record(error: .clientDisconnected)
        }
    }

    private func chunk(_ delta: JSONValue, finishReason: String? = nil) -> JSONValue {
        envelope.chunk(delta: delta, finishReason: finishReason, includeUsageField: includeUsage)
    }
}

import Hummingbird
import Logging
import NIOCore
import OrderedJSON

/// Writes one turn as an OpenAI chat completion SSE stream: a role chunk, content chunks (text
/// tool calls never split), one chunk per client function call, a final chunk with
/// `finish_reason`, the usage chunk when asked, and `data: [DONE]`. A turn that ends otherwise gets an error event before the stream closes; a
/// client that is gone or stopped reading gets nothing more. The turn is finished (slot freed,
/// worker told) before the last events are written, and every write is watched by the turn.
struct ChatCompletionStream: Sendable {
    let turn: ChatTurn
    let envelope: ChatCompletionEnvelope

    /// Writes the whole stream; ``TurnResponse/eventStream(_:model:_:)`` counts, logs and watches it.
    func write(to writer: inout any ResponseBodyWriter) async throws {
        try await send(chunk(["role": "assistant", "content": ""]), to: &writer)
        var text = StreamedText(turn: turn, model: envelope.model)
        let ended = await turn.consume { output in
            switch output {
            case .keepalive:
                turn.logger.debug("stream_keepalive")
                try await turn.write { try await writer.write(ServerSentEvents.keepalive) }
            case .content(let piece):
                let released = text.feed(piece)
                if !released.isEmpty {
                    try await send(chunk(["content": .string(released)]), to: &writer)
                }
            case .toolCall(let index, let call):
                try await send(chunk(ChatCompletionEnvelope.toolCallDelta(index: index, call)), to: &writer)
            }
        }
        let outcome = turn.finish(ended)
        guard !outcome.clientLeft else { return }
        let heldText = text.flush()
        if !heldText.isEmpty {
            try await send(chunk(["content": .string(heldText)]), to: &writer)
        }
        let finished: (reason: String, usage: ChatUsage)? =
            switch outcome {
            case .completed(let usage): ("stop", usage ?? .zero)
            case .toolCalls(_, let usage): ("tool_calls", usage)
            default: nil
            }
        if let finished {
            try await send(chunk([:], finishReason: finished.reason), to: &writer)
            if includeUsage {
                try await send(envelope.usageChunk(finished.usage), to: &writer)
            }
            try await turn.write { try await writer.write(ServerSentEvents.done) }
        } else if let error = outcome.error(requestTimeout: turn.service.api.requestTimeout) {
            try await send(["error": error.errorObject], to: &writer)
        }
    }

    private var includeUsage: Bool { turn.request.includeUsage }

    private func send(_ event: JSONValue, to writer: inout any ResponseBodyWriter) async throws {
        try await turn.write { try await writer.write(ServerSentEvents.data(event)) }
    }

    private func chunk(_ delta: JSONValue, finishReason: String? = nil) -> JSONValue {
        envelope.chunk(delta: delta, finishReason: finishReason, includeUsageField: includeUsage)
    }
}

import Hummingbird
import Logging
import OrderedJSON

/// Writes one turn as a Responses API event stream: `response.created`, `response.in_progress`;
/// per assistant message `response.output_item.added`, `response.content_part.added`,
/// `response.output_text.delta`…, `response.output_text.done`, `response.content_part.done`,
/// `response.output_item.done`; per function call `response.output_item.added`, one
/// `response.function_call_arguments.delta` with the whole string,
/// `response.function_call_arguments.done`, `response.output_item.done`; then
/// `response.completed` with the full response. A turn that fails after the stream started ends
/// with `response.failed` carrying the error. There is no `[DONE]`.
struct ResponseStream: Sendable {
    let turn: ChatTurn
    let envelope: ResponseEnvelope

    /// The output built so far, and the message item being streamed.
    private struct Output {
        var items: [JSONValue] = []
        var openMessage: (index: Int, text: String)?
    }

    /// Writes the whole stream; ``TurnResponse/eventStream(_:model:_:)`` counts, logs and watches it.
    func write(to writer: inout any ResponseBodyWriter) async throws {
        var events = ResponseEventWriter(turn: turn)
        var output = Output()
        try await events.send("response.created", ["response": envelope.response(status: "in_progress", output: [], usage: nil)], to: &writer)
        try await events.send("response.in_progress", ["response": envelope.response(status: "in_progress", output: [], usage: nil)], to: &writer)
        var streamed = StreamedText(turn: turn, model: envelope.model)
        let ended = await turn.consume { piece in
            switch piece {
            case .keepalive:
                try await events.keepalive(to: &writer)
            case .content(let text):
                try await appendText(streamed.feed(text), to: &output, events: &events, writer: &writer)
            case .toolCall(_, let call):
                try await appendText(streamed.flush(), to: &output, events: &events, writer: &writer)
                try await closeMessage(&output, events: &events, writer: &writer)
                try await appendCall(call, to: &output, events: &events, writer: &writer)
            }
        }
        let outcome = turn.finish(ended)
        guard !outcome.clientLeft else { return }
        try await appendText(streamed.flush(), to: &output, events: &events, writer: &writer)
        try await closeMessage(&output, events: &events, writer: &writer)
        switch outcome {
        case .completed(let usage):
            try await events.send("response.completed", ["response": envelope.response(status: "completed", output: output.items, usage: usage ?? .zero)], to: &writer)
        case .toolCalls(_, let usage):
            try await events.send("response.completed", ["response": envelope.response(status: "completed", output: output.items, usage: usage)], to: &writer)
        default:
            let error = outcome.error(requestTimeout: turn.service.api.requestTimeout) ?? .internalError
            try await events.send(
                "response.failed", ["response": envelope.response(status: "failed", output: output.items, usage: outcome.usage, error: error)], to: &writer
            )
        }
    }

    private func appendText(
        _ text: String, to output: inout Output, events: inout ResponseEventWriter, writer: inout any ResponseBodyWriter
    ) async throws {
        guard !text.isEmpty else { return }
        if output.openMessage == nil {
            let index = output.items.count
            output.items.append(envelope.messageItem(text: "", status: "in_progress"))
            output.openMessage = (index, "")
            try await events.send("response.output_item.added", ["output_index": .integer(Int64(index)), "item": output.items[index]], to: &writer)
            try await events.send(
                "response.content_part.added",
                ["item_id": .string(envelope.messageID), "output_index": .integer(Int64(index)), "content_index": 0, "part": ResponseEnvelope.textPart("")],
                to: &writer
            )
        }
        guard let index = output.openMessage?.index else { return }
        output.openMessage?.text += text
        try await events.send(
            "response.output_text.delta",
            ["item_id": .string(envelope.messageID), "output_index": .integer(Int64(index)), "content_index": 0, "delta": .string(text), "logprobs": []],
            to: &writer
        )
    }

    private func closeMessage(_ output: inout Output, events: inout ResponseEventWriter, writer: inout any ResponseBodyWriter) async throws {
        guard let (index, text) = output.openMessage else { return }
        output.openMessage = nil
        let position: JSONObject = ["item_id": .string(envelope.messageID), "output_index": .integer(Int64(index)), "content_index": 0]
        try await events.send("response.output_text.done", position.merging(["text": .string(text), "logprobs": []]) { $1 }, to: &writer)
        try await events.send("response.content_part.done", position.merging(["part": ResponseEnvelope.textPart(text)]) { $1 }, to: &writer)
        output.items[index] = envelope.messageItem(text: text, status: "completed")
        try await events.send("response.output_item.done", ["output_index": .integer(Int64(index)), "item": output.items[index]], to: &writer)
    }

    private func appendCall(
        _ call: ChatToolCall, to output: inout Output, events: inout ResponseEventWriter, writer: inout any ResponseBodyWriter
    ) async throws {
        let index = Int64(output.items.count)
        let itemID = JSONValue.string("fc_" + call.id)
        output.items.append(ResponseEnvelope.functionCallItem(call, status: "completed"))
        try await events.send(
            "response.output_item.added", ["output_index": .integer(index), "item": ResponseEnvelope.functionCallItem(call, status: "in_progress", arguments: "")],
            to: &writer
        )
        try await events.send(
            "response.function_call_arguments.delta", ["item_id": itemID, "output_index": .integer(index), "delta": .string(call.arguments)], to: &writer
        )
        try await events.send(
            "response.function_call_arguments.done", ["item_id": itemID, "output_index": .integer(index), "arguments": .string(call.arguments)], to: &writer
        )
        try await events.send("response.output_item.done", ["output_index": .integer(index), "item": output.items[Int(index)]], to: &writer)
    }
}

import OrderedJSON

/// What every object of one `/v1/responses` answer shares: the response id, creation time, model
/// and the request settings the response echoes (`instructions`, `tools`, `tool_choice`, …).
struct ResponseEnvelope: Sendable {
    var id: String
    var createdAt: Int64
    var model: String
    var echo: ResponseEcho

    init(requestID: String, model: String, createdAt: Int64, echo: ResponseEcho) {
        id = "resp_" + (requestID.hasPrefix("req_") ? String(requestID.dropFirst(4)) : requestID)
        self.createdAt = createdAt
        self.model = model
        self.echo = echo
    }

    /// The `response` object in `status` with `output` items; `usage` once known, `error` when failed.
    func response(status: String, output: [JSONValue], usage: ChatUsage?, error: ProxyError? = nil) -> JSONValue {
        [
            "id": .string(id),
            "object": "response",
            "created_at": .integer(createdAt),
            "status": .string(status),
            "error": error.map { ["code": .string($0.code), "message": .string($0.message)] } ?? .null,
            "incomplete_details": nil,
            "instructions": echo.instructions.map(JSONValue.string) ?? .null,
            "model": .string(model),
            "output": .array(output),
            "parallel_tool_calls": .bool(echo.parallelToolCalls),
            "tool_choice": .string(echo.toolChoice),
            "tools": .array(echo.tools),
            "reasoning": echo.reasoning,
            "text": echo.text,
            "usage": usage.map(Self.usage) ?? .null,
        ]
    }

    /// The id of the assistant message item.
    var messageID: String { "msg_" + id.dropFirst("resp_".count) }

    /// An assistant message output item.
    func messageItem(text: String, status: String) -> JSONValue {
        let content: [JSONValue] = status == "in_progress" && text.isEmpty ? [] : [Self.textPart(text)]
        return ["type": "message", "id": .string(messageID), "status": .string(status), "role": "assistant", "content": .array(content)]
    }

    static func textPart(_ text: String) -> JSONValue {
        ["type": "output_text", "text": .string(text), "annotations": []]
    }

    /// A function call output item; `arguments` is empty while it is announced in a stream.
    static func functionCallItem(_ call: ChatToolCall, status: String, arguments: String? = nil) -> JSONValue {
        [
            "type": "function_call", "id": .string("fc_" + call.id), "call_id": .string(call.id), "name": .string(call.name),
            "arguments": .string(arguments ?? call.arguments), "status": .string(status),
        ]
    }

    /// The Responses API usage object.
    static func usage(_ usage: ChatUsage) -> JSONValue {
        [
            "input_tokens": .integer(usage.promptTokens),
            "input_tokens_details": ["cached_tokens": .integer(usage.cachedTokens)],
            "output_tokens": .integer(usage.completionTokens),
            "output_tokens_details": ["reasoning_tokens": .integer(usage.reasoningTokens)],
            "total_tokens": .integer(usage.totalTokens),
        ]
    }
}

/// The request settings a response echoes back.
struct ResponseEcho: Sendable {
    var instructions: String?
    /// The `tools` as sent (function tools only).
    var tools: [JSONValue]
    var toolChoice: String
    var parallelToolCalls: Bool
    /// `{"effort", "summary"}`.
    var reasoning: JSONValue
    /// `{"format": …}`.
    var text: JSONValue
}

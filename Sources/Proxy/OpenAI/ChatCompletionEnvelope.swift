import OrderedJSON

/// The identity every object of one completion shares: `id`, `created`, `model` and `service_tier`.
struct ChatCompletionEnvelope: Sendable {
    var id: String
    var created: Int64
    var model: String
    /// The tier the request asked for (`flex`, `priority`), else `default`.
    var serviceTier: String

    init(requestID: String, model: String, created: Int64, serviceTier: String = "default") {
        id = "chatcmpl-" + requestID.replacingPrefix("req_", with: "")
        self.created = created
        self.model = model
        self.serviceTier = serviceTier
    }

    /// The non-streaming `chat.completion` object; with `toolCalls` the message carries them
    /// (`content` is `null` when the model wrote nothing).
    func completion(content: String, toolCalls: [ChatToolCall] = [], finishReason: String, usage: ChatUsage) -> JSONValue {
        var message: JSONObject = ["role": "assistant", "content": .string(content)]
        if !toolCalls.isEmpty {
            if content.isEmpty { message["content"] = .null }
            message["tool_calls"] = .array(toolCalls.map(\.json))
        }
        message["refusal"] = .null
        message["annotations"] = []
        return [
            "id": .string(id),
            "object": "chat.completion",
            "created": .integer(created),
            "model": .string(model),
            "choices": [
                [
                    "index": 0,
                    "message": .object(message),
                    "logprobs": nil,
                    "finish_reason": .string(finishReason),
                ]
            ],
            "usage": usage.json,
            "service_tier": .string(serviceTier),
            "system_fingerprint": nil,
        ]
    }

    /// A `chat.completion.chunk` with one choice; `usage: null` is included when usage was
    /// requested, as OpenAI does on every chunk but the last.
    func chunk(delta: JSONValue, finishReason: String?, includeUsageField: Bool) -> JSONValue {
        let choice: JSONValue = ["index": 0, "delta": delta, "logprobs": nil, "finish_reason": finishReason.map(JSONValue.string) ?? .null]
        return chunkObject(choices: [choice], usage: includeUsageField ? .some(.null) : nil)
    }

    /// The delta of one tool call in a stream: the whole call at once (the worker has no
    /// argument deltas).
    static func toolCallDelta(index: Int, _ call: ChatToolCall) -> JSONValue {
        let entry: JSONValue = [
            "index": .integer(Int64(index)), "id": .string(call.id), "type": "function",
            "function": ["name": .string(call.name), "arguments": .string(call.arguments)],
        ]
        return ["tool_calls": [entry]]
    }

    /// The final usage chunk: no choices, the usage object.
    func usageChunk(_ usage: ChatUsage) -> JSONValue {
        chunkObject(choices: [], usage: usage.json)
    }

    private func chunkObject(choices: [JSONValue], usage: JSONValue?) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id),
            "object": "chat.completion.chunk",
            "created": .integer(created),
            "model": .string(model),
            "service_tier": .string(serviceTier),
            "system_fingerprint": nil,
            "choices": .array(choices),
        ]
        if let usage { object["usage"] = usage }
        return .object(object)
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}

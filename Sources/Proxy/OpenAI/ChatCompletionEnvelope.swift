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

    /// The non-streaming `chat.completion` object.
    func completion(content: String, finishReason: String, usage: ChatUsage) -> JSONValue {
        [
            "id": .string(id),
            "object": "chat.completion",
            "created": .integer(created),
            "model": .string(model),
            "choices": [
                [
                    "index": 0,
                    "message": ["role": "assistant", "content": .string(content), "refusal": nil, "annotations": []],
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

import OrderedJSON

/// A validated `POST /v1/responses` body (first subset): the turn it asks for, expressed as the
/// same request a chat completion makes (one turn owner, one set of thread parameters), and the
/// settings the response echoes.
struct ResponsesRequest: Sendable {
    /// The turn: model, conversation, function calling, options; `stream` as asked.
    var turn: ChatCompletionRequest
    var echo: ResponseEcho

    /// Parameters refused because the proxy keeps no state between requests or cannot honour them.
    static let refused: [(key: String, reason: String)] = [
        ("previous_response_id", "the proxy keeps no responses; send the whole conversation in 'input'"),
        ("conversation", "the proxy keeps no conversations; send the whole conversation in 'input'"),
        ("prompt", "stored prompts are not available; send the instructions and input"),
    ]
    /// Accepted, type-checked by nothing more than JSON, and ignored.
    static let ignored = ["store", "include", "metadata", "user", "temperature", "top_p", "max_output_tokens", "truncation", "safety_identifier", "prompt_cache_key"]

    init(
        json: JSONValue, models: [String]?, catalog: (String) -> ModelCatalog.Entry? = { _ in nil }, maxImageBytes: Int = ChatImagePart.defaultMaxBytes,
        functionTools: Bool = true
    ) throws(ProxyError) {
        guard case .object(let body) = json else {
            throw .invalidRequest("The request body must be a JSON object, got \(json.typeName).")
        }
        for (key, reason) in Self.refused {
            if let value = body[key], !value.isNull {
                throw .invalidRequest("'\(key)' is not supported: \(reason).", param: key, code: "unsupported_parameter")
            }
        }
        if body["background"]?.boolValue == true {
            throw .invalidRequest("'background': true is not supported; the response is produced while the request is open.", param: "background", code: "unsupported_parameter")
        }
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw .invalidRequest("'model' is required and must be a non-empty string.", param: "model", code: body["model"] == nil ? "missing_required_parameter" : "invalid_type")
        }
        guard let inputValue = body["input"] else {
            throw .invalidRequest("Missing required parameter 'input'.", param: "input", code: "missing_required_parameter")
        }
        let input = try ResponseInput(inputValue, maxImageBytes: maxImageBytes)
        var instructions: String?
        if let value = body["instructions"], !value.isNull {
            guard let text = value.stringValue else {
                throw .invalidRequest("'instructions' must be a string, got \(value.typeName).", param: "instructions", code: "invalid_type")
            }
            instructions = text
        }
        var messages = input.messages
        if let instructions { messages.insert(ChatMessage(role: .developer, parts: [instructions]), at: 0) }
        guard messages.contains(where: { $0.role == .user }) else {
            throw .invalidRequest("'input' must contain at least one user message.", param: "input")
        }
        let stream = try Self.bool(body["stream"], "stream") ?? false
        let functionCalling = try FunctionCalling(body: body, enabled: functionTools, shape: .responses)
        let entry = catalog(model)
        let (effort, reasoning) = try Self.reasoning(body["reasoning"])
        let (outputSchema, text) = try Self.textFormat(body["text"])
        var chatOptions: JSONObject = [:]
        if let effort { chatOptions["reasoning_effort"] = .string(effort) }
        if let serviceTier = body["service_tier"] { chatOptions["service_tier"] = serviceTier }
        var options = try ChatTurnOptions(body: chatOptions, supportedEfforts: entry?.supportedReasoningEfforts)
        options.outputSchema = outputSchema
        try ChatImagePart.checkModelTakesImages(messages, model: model, inputModalities: entry?.inputModalities)
        let conversation = try ConversationPlan(messages, naming: input.naming(instructionsFirst: instructions != nil))
        if let models, !models.contains(model) { throw .modelNotFound(model) }
        turn = ChatCompletionRequest(
            model: model, messages: messages, conversation: conversation, stream: stream, includeUsage: false, functionCalling: functionCalling,
            options: options
        )
        echo = ResponseEcho(
            instructions: instructions,
            tools: (functionCalling?.tools ?? []).map { ["type": "function", "name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters, "strict": false] },
            toolChoice: functionCalling?.choice.rawValue ?? "auto",
            parallelToolCalls: functionCalling?.parallel ?? true,
            reasoning: reasoning,
            text: text
        )
    }

    private static func bool(_ value: JSONValue?, _ key: String) throws(ProxyError) -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard let flag = value.boolValue else {
            throw .invalidRequest("'\(key)' must be a boolean, got \(value.typeName).", param: key, code: "invalid_type")
        }
        return flag
    }

    /// `reasoning: {effort?, summary?}`: the effort for the turn (checked like chat's
    /// `reasoning_effort`) and the object echoed back.
    private static func reasoning(_ value: JSONValue?) throws(ProxyError) -> (String?, JSONValue) {
        guard let value, !value.isNull else { return (nil, ["effort": nil, "summary": nil]) }
        guard case .object(let object) = value else {
            throw .invalidRequest("'reasoning' must be an object, got \(value.typeName).", param: "reasoning", code: "invalid_type")
        }
        var effort: String?
        if let raw = object["effort"], !raw.isNull {
            guard let text = raw.stringValue else {
                throw .invalidRequest("'reasoning.effort' must be a string, got \(raw.typeName).", param: "reasoning.effort", code: "invalid_type")
            }
            effort = text
        }
        if let summary = object["summary"], !summary.isNull, summary.stringValue == nil {
            throw .invalidRequest("'reasoning.summary' must be a string, got \(summary.typeName).", param: "reasoning.summary", code: "invalid_type")
        }
        return (effort, ["effort": effort.map(JSONValue.string) ?? .null, "summary": object["summary"] ?? .null])
    }

    /// `text: {format: {type: "text"} | {type: "json_schema", name, schema, strict?}}`: the output
    /// schema for the turn and the object echoed back.
    private static func textFormat(_ value: JSONValue?) throws(ProxyError) -> (JSONValue?, JSONValue) {
        let plain: JSONValue = ["format": ["type": "text"]]
        guard let value, !value.isNull else { return (nil, plain) }
        guard case .object(let object) = value else {
            throw .invalidRequest("'text' must be an object, got \(value.typeName).", param: "text", code: "invalid_type")
        }
        guard let format = object["format"], !format.isNull else { return (nil, plain) }
        guard case .object(var fields) = format, let type = fields["type"]?.stringValue else {
            throw .invalidRequest("'text.format' must be an object with a 'type'.", param: "text.format", code: "invalid_type")
        }
        switch type {
        case "text":
            return (nil, plain)
        case "json_schema":
            // The same rules as chat's response_format, reached through its parser.
            fields.removeValue(forKey: "type")
            let chatForm: JSONObject = ["response_format": ["type": "json_schema", "json_schema": .object(fields)]]
            do {
                let options = try ChatTurnOptions(body: chatForm, supportedEfforts: nil)
                return (options.outputSchema, ["format": format])
            } catch {
                var moved = error
                moved.param = error.param?.replacingPrefix("response_format.json_schema", with: "text.format")
                throw moved
            }
        case "json_object":
            throw .invalidRequest("'text.format' of type 'json_object' is not supported; use json_schema.", param: "text.format.type", code: "unsupported_value")
        default:
            throw .invalidRequest("'text.format.type' must be text or json_schema, got '\(ProxyError.quote(type))'.", param: "text.format.type", code: "invalid_value")
        }
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}

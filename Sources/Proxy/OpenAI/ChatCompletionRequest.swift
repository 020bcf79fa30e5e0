import OrderedJSON

/// A validated `POST /v1/chat/completions` body.
///
/// Only what the proxy can honour is accepted: conversations of text and inline images with one
/// choice, and client functions (``FunctionCalling``). Effort, output schema and service tier are mapped (``ChatTurnOptions``); sampling
/// parameters are type-checked and then left to the worker's model configuration; parameters
/// that would change the answer's shape are refused (``ChatParameterRules``). Every rejection
/// names the offending field (`param`) in the OpenAI error shape.
public struct ChatCompletionRequest: Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    /// The messages as worker items (validated: pairing of tool calls, the last message's role).
    public var conversation: ConversationPlan
    public var stream: Bool
    /// `stream_options.include_usage`: a final chunk with `usage` before `[DONE]`.
    public var includeUsage: Bool
    /// The client's functions, `tool_choice` and `parallel_tool_calls`; `nil` without `tools`.
    public var functionCalling: FunctionCalling?
    /// `reasoning_effort`, `response_format` and `service_tier` for `turn/start`.
    public var options: ChatTurnOptions = ChatTurnOptions()
}

extension ChatCompletionRequest {
    /// Validates a parsed body; `models` is the served set (`nil`: not known yet, so any model
    /// is let through to the worker); `catalog` gives the worker's entry for a model, if any;
    /// `maxImageBytes` bounds each inline image (`PROXY_MAX_IMAGE_BYTES`); `functionTools` is
    /// `PROXY_FUNCTION_TOOLS`.
    init(
        json: JSONValue, models: [String]?, catalog: (String) -> ModelCatalog.Entry? = { _ in nil },
        maxImageBytes: Int = ChatImagePart.defaultMaxBytes, functionTools: Bool = true
    ) throws(ProxyError) {
        guard case .object(let body) = json else {
            throw .invalidRequest("The request body must be a JSON object, got \(json.typeName).")
        }
        guard let modelValue = body["model"] else {
            throw .invalidRequest("Missing required parameter 'model'.", param: "model", code: "missing_required_parameter")
        }
        guard let model = modelValue.stringValue, !model.isEmpty else {
            throw .invalidRequest("'model' must be a non-empty string, got \(modelValue.typeName).", param: "model", code: "invalid_type")
        }
        guard let messagesValue = body["messages"] else {
            throw .invalidRequest("Missing required parameter 'messages'.", param: "messages", code: "missing_required_parameter")
        }
        guard let rawMessages = messagesValue.arrayValue else {
            throw .invalidRequest("'messages' must be an array, got \(messagesValue.typeName).", param: "messages", code: "invalid_type")
        }
        guard !rawMessages.isEmpty else {
            throw .invalidRequest("'messages' must contain at least one message.", param: "messages", code: "empty_array")
        }
        var messages: [ChatMessage] = []
        messages.reserveCapacity(rawMessages.count)
        for (index, raw) in rawMessages.enumerated() {
            messages.append(try ChatMessage(json: raw, path: "messages[\(index)]", maxImageBytes: maxImageBytes))
        }
        guard messages.contains(where: { $0.role == .user }) else {
            throw .invalidRequest("'messages' must contain at least one message with role 'user'.", param: "messages")
        }

        let stream = try Self.optionalBool(body, "stream") ?? false
        var includeUsage = false
        if let options = body["stream_options"], !options.isNull {
            guard case .object(let optionsObject) = options else {
                throw .invalidRequest("'stream_options' must be an object, got \(options.typeName).", param: "stream_options", code: "invalid_type")
            }
            guard stream else {
                throw .invalidRequest("'stream_options' is only allowed when 'stream' is true.", param: "stream_options")
            }
            includeUsage = try Self.optionalBool(optionsObject, "include_usage", path: "stream_options.include_usage") ?? false
        }
        try Self.checkSamplingParameters(body)
        try ChatParameterRules.check(body)
        let functionCalling = try FunctionCalling(body: body, enabled: functionTools)
        let entry = catalog(model)
        let options = try ChatTurnOptions(body: body, supportedEfforts: entry?.supportedReasoningEfforts)
        try ChatImagePart.checkModelTakesImages(messages, model: model, inputModalities: entry?.inputModalities)

        let conversation = try ConversationPlan(messages)

        if let models, !models.contains(model) { throw .modelNotFound(model) }
        self.init(
            model: model, messages: messages, conversation: conversation, stream: stream, includeUsage: includeUsage, functionCalling: functionCalling,
            options: options
        )
    }

    private static func optionalBool(_ object: JSONObject, _ key: String, path: String? = nil) throws(ProxyError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let bool = value.boolValue else {
            throw .invalidRequest("'\(path ?? key)' must be a boolean, got \(value.typeName).", param: path ?? key, code: "invalid_type")
        }
        return bool
    }

    /// Type-checks the common OpenAI parameters so a typo fails loudly instead of being ignored.
    private static func checkSamplingParameters(_ body: JSONObject) throws(ProxyError) {
        let numbers: [(String, ClosedRange<Double>)] = [
            ("temperature", 0...2), ("top_p", 0...1), ("presence_penalty", -2...2), ("frequency_penalty", -2...2),
        ]
        for (key, range) in numbers {
            guard let value = body[key], !value.isNull else { continue }
            guard let number = value.doubleValue, range.contains(number) else {
                throw .invalidRequest(
                    "'\(key)' must be a number from \(range.lowerBound) to \(range.upperBound), got \(ProxyError.quote(value.description)).", param: key, code: "invalid_value"
                )
            }
        }
        for key in ["max_tokens", "max_completion_tokens"] {
            guard let value = body[key], !value.isNull else { continue }
            guard let integer = value.integerValue, integer > 0 else {
                throw .invalidRequest("'\(key)' must be a positive integer, got \(ProxyError.quote(value.description)).", param: key, code: "invalid_value")
            }
        }
        if let user = body["user"], !user.isNull, user.stringValue == nil {
            throw .invalidRequest("'user' must be a string, got \(user.typeName).", param: "user", code: "invalid_type")
        }
    }
}

extension ChatCompletionRequest {
    /// The ids of the calls the conversation's assistant messages already made (a raw call with
    /// one of these ids is history, not a new call).
    var historyCallIDs: Set<String> {
        Set(messages.flatMap { $0.toolCalls.map(\.id) })
    }
}

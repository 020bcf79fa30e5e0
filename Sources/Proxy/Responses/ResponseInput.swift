import OrderedJSON

/// The Responses API `input` as chat messages, so it reaches the worker through the same
/// conversation items as a chat completion.
///
/// A string is one user message. Items: `message` (roles `user`, `system`, `developer`,
/// `assistant`; content a string or `input_text`/`output_text`/`input_image` parts),
/// `function_call` (joined to the assistant message before it, so a turn's text and calls stay one
/// message) and `function_call_output` (a `tool` message). Anything the worker would drop or the
/// proxy cannot replay yet is refused with 400 naming the item.
struct ResponseInput {
    var messages: [ChatMessage] = []
    /// For each message, the index of the input item it came from (for error params).
    var sourceIndex: [Int] = []

    init(_ value: JSONValue, maxImageBytes: Int) throws(ProxyError) {
        if let text = value.stringValue {
            append(ChatMessage(role: .user, parts: [text]), from: 0)
            return
        }
        guard let items = value.arrayValue else {
            throw .invalidRequest("'input' must be a string or an array of items, got \(value.typeName).", param: "input", code: "invalid_type")
        }
        guard !items.isEmpty else {
            throw .invalidRequest("'input' must contain at least one item.", param: "input", code: "empty_array")
        }
        for (index, item) in items.enumerated() {
            try read(item, path: "input[\(index)]", index: index, maxImageBytes: maxImageBytes)
        }
    }

    private mutating func append(_ message: ChatMessage, from index: Int) {
        messages.append(message)
        sourceIndex.append(index)
    }

    private mutating func read(_ item: JSONValue, path: String, index: Int, maxImageBytes: Int) throws(ProxyError) {
        guard case .object(let object) = item else {
            throw .invalidRequest("'\(path)' must be an object, got \(item.typeName).", param: path, code: "invalid_type")
        }
        let type = object["type"]?.stringValue ?? (object["role"] != nil ? "message" : "")
        switch type {
        case "message":
            append(try Self.message(object, path: path, maxImageBytes: maxImageBytes), from: index)
        case "function_call":
            let call = ChatToolCall(
                id: try Self.string(object["call_id"], path: "\(path).call_id"), name: try Self.string(object["name"], path: "\(path).name"),
                arguments: try Self.string(object["arguments"], path: "\(path).arguments", allowEmpty: true)
            )
            if let last = messages.indices.last, messages[last].role == .assistant {
                messages[last].toolCalls.append(call)
            } else {
                append(ChatMessage(role: .assistant, parts: [], toolCalls: [call]), from: index)
            }
        case "function_call_output":
            let callID = try Self.string(object["call_id"], path: "\(path).call_id")
            append(ChatMessage(role: .tool, parts: [try Self.output(object["output"], path: "\(path).output")], toolCallID: callID), from: index)
        case "item_reference", "reasoning":
            throw .invalidRequest(
                "'\(path).type' '\(type)' is not supported: send the conversation's messages and function calls in 'input'.",
                param: "\(path).type", code: "unsupported_value"
            )
        default:
            throw .invalidRequest(
                "'\(path).type' must be one of message, function_call, function_call_output, got '\(ProxyError.quote(type))'.",
                param: "\(path).type", code: "invalid_value"
            )
        }
    }

    private static func message(_ object: JSONObject, path: String, maxImageBytes: Int) throws(ProxyError) -> ChatMessage {
        let roles: [String: ChatMessage.Role] = ["user": .user, "system": .system, "developer": .developer, "assistant": .assistant]
        guard let name = object["role"]?.stringValue, let role = roles[name] else {
            throw .invalidRequest(
                "'\(path).role' must be one of user, system, developer, assistant, got \(ProxyError.quote(object["role"]?.description ?? "nothing")).",
                param: "\(path).role", code: "invalid_value"
            )
        }
        guard let content = object["content"] else {
            throw .invalidRequest("'\(path).content' is required.", param: "\(path).content", code: "missing_required_parameter")
        }
        if let text = content.stringValue { return ChatMessage(role: role, parts: [text]) }
        guard let parts = content.arrayValue else {
            throw .invalidRequest("'\(path).content' must be a string or an array of parts, got \(content.typeName).", param: "\(path).content", code: "invalid_type")
        }
        var converted: [ChatMessage.Part] = []
        for (index, part) in parts.enumerated() {
            let partPath = "\(path).content[\(index)]"
            switch part["type"]?.stringValue {
            case "input_text", "output_text":
                guard let text = part["text"]?.stringValue else {
                    throw .invalidRequest("'\(partPath).text' must be a string.", param: "\(partPath).text", code: "invalid_type")
                }
                converted.append(.text(text))
            case "input_image" where role == .user:
                guard let url = part["image_url"]?.stringValue else {
                    throw .invalidRequest(
                        "'\(partPath).image_url' must be a data: URL string (file_id images are not supported).", param: "\(partPath).image_url",
                        code: part["file_id"] != nil ? "unsupported_value" : "invalid_type"
                    )
                }
                var image: JSONObject = ["url": .string(url)]
                if let detail = part["detail"] { image["detail"] = detail }
                converted.append(.image(try ChatImagePart(part: ["type": "image_url", "image_url": .object(image)], path: partPath, maxBytes: maxImageBytes)))
            default:
                let type = part["type"]?.stringValue ?? part.typeName
                throw .invalidRequest(
                    "'\(partPath).type' '\(ProxyError.quote(type))' is not supported here: use input_text, output_text, or input_image (user messages, data: URLs).",
                    param: "\(partPath).type", code: "unsupported_value"
                )
            }
        }
        return ChatMessage(role: role, content: converted)
    }

    /// A `function_call_output`'s `output`: a string, or text parts joined by a newline.
    private static func output(_ value: JSONValue?, path: String) throws(ProxyError) -> String {
        if let text = value?.stringValue { return text }
        guard let parts = value?.arrayValue else {
            throw .invalidRequest("'\(path)' must be a string or an array of input_text parts.", param: path, code: "invalid_type")
        }
        var texts: [String] = []
        for (index, part) in parts.enumerated() {
            guard part["type"]?.stringValue == "input_text", let text = part["text"]?.stringValue else {
                throw .invalidRequest("'\(path)[\(index)]' must be an input_text part.", param: "\(path)[\(index)]", code: "unsupported_value")
            }
            texts.append(text)
        }
        return texts.joined(separator: "\n")
    }

    private static func string(_ value: JSONValue?, path: String, allowEmpty: Bool = false) throws(ProxyError) -> String {
        guard let text = value?.stringValue, allowEmpty || !text.isEmpty else {
            throw .invalidRequest("'\(path)' must be a non-empty string.", param: path, code: value == nil ? "missing_required_parameter" : "invalid_type")
        }
        return text
    }

    /// Names each conversation message after the input item it came from (`instructions` for the
    /// developer message the instructions become, when they come first).
    func naming(instructionsFirst: Bool) -> MessageNaming {
        let sources = sourceIndex
        let offset = instructionsFirst ? 1 : 0
        return MessageNaming(list: "input") { index in
            let position = index - offset
            guard sources.indices.contains(position) else { return "instructions" }
            return "input[\(sources[position])]"
        }
    }
}

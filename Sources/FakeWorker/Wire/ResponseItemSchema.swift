import CodexAppServer

/// The Responses API items `thread/inject_items` accepts, as codex 0.163.0's `ResponseItem`
/// deserializes them: the known types are checked field by field (a bad one rejects the whole
/// call), anything else is codex's catch-all `Other` variant, which it drops.
enum ResponseItemSchema {
    static let contentItem = SerdeShape.tagged(name: "ContentItem", tag: "type", variants: [
        ("input_text", SerdeStruct("InputText", fields: [.required("text", .string)])),
        ("input_image", SerdeStruct("InputImage", fields: [.required("image_url", .string), .optional("detail", .any)])),
        ("output_text", SerdeStruct("OutputText", fields: [.required("text", .string)])),
    ])

    static let reasoningSummary = SerdeShape.tagged(name: "ReasoningItemReasoningSummary", tag: "type", variants: [
        ("summary_text", SerdeStruct("SummaryText", fields: [.required("text", .string)]))
    ])

    /// Known item types and their bodies (the `type` tag removed).
    static let known: [String: SerdeStruct] = [
        "message": SerdeStruct("Message", fields: [
            .optional("id", .string), .required("role", .string), .required("content", .sequence(contentItem)),
        ]),
        "function_call": SerdeStruct("FunctionCall", fields: [
            .optional("id", .string), .required("name", .string), .optional("namespace", .string),
            .required("arguments", .string), .required("call_id", .string),
        ]),
        "function_call_output": SerdeStruct("FunctionCallOutput", fields: [
            .required("call_id", .string), .required("output", .any),
        ]),
        "reasoning": SerdeStruct("Reasoning", fields: [
            .optional("id", .string), .required("summary", .sequence(reasoningSummary)), .optional("content", .any),
            .optional("encrypted_content", .string),
        ]),
    ]

    /// What one item is: kept, dropped silently, or rejected with serde's message.
    enum Verdict: Equatable {
        case keep
        case drop(reason: String)
    }

    /// Checks one item; throws serde's error for a known type with a bad body.
    static func check(_ item: JSONValue) throws(SerdeError) -> Verdict {
        guard case .object(var object) = item else { throw .invalidType(item, expected: "internally tagged enum ResponseItem") }
        guard let tag = object["type"] else { throw .missingField("type") }
        guard let type = tag.stringValue else { throw .invalidType(tag, expected: "variant identifier") }
        guard let body = known[type] else { return .drop(reason: "unknown item type") }
        object.removeValue(forKey: "type")
        try SerdeValidator.validateStructure(.object(object), body)
        if type == "message", object["role"]?.stringValue == "system" { return .drop(reason: "system role") }
        return .keep
    }
}

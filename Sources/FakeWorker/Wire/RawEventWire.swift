import CodexAppServer

/// The experimental raw events of codex 0.163.0 (`thread/start.experimentalRawEvents: true`), as
/// live-captures/dynamic_tools.jsonl shows them. fake-codex sends the items the model
/// produces (function calls, assistant messages) and the tool outputs; the echoes of codex's own
/// context and of the input (skills instructions, environment context, user messages,
/// `<turn_aborted>`) depend on the host and are left out.
enum RawEventWire {
    static func itemCompleted(_ item: JSONValue, threadID: String, turnID: String) -> RPCNotification {
        RPCNotification(
            method: AppServerMethod.rawResponseItemCompleted,
            params: ["threadId": .string(threadID), "turnId": .string(turnID), "item": item]
        )
    }

    static func responseCompleted(responseID: String, usage: TokenUsageBreakdown, threadID: String, turnID: String) -> RPCNotification {
        let metadata: JSONValue = [
            "input_tokens": .integer(usage.inputTokens),
            "input_tokens_details": ["cached_tokens": .integer(usage.cachedInputTokens)],
            "output_tokens": .integer(usage.outputTokens),
            "output_tokens_details": ["reasoning_tokens": .integer(usage.reasoningOutputTokens)],
            "total_tokens": .integer(usage.totalTokens),
        ]
        return RPCNotification(
            method: AppServerMethod.rawResponseCompleted,
            params: [
                "threadId": .string(threadID), "turnId": .string(turnID), "responseId": .string(responseID), "usage": usage.json,
                "usageMetadata": ["amount": nil, "metadata": metadata],
            ]
        )
    }

    /// The model's `function_call` item.
    static func functionCall(_ call: FunctionCall, turnID: String) -> JSONValue {
        [
            "type": "function_call", "status": "completed", "id": .string("fc_\(call.callID)"), "name": .string(call.name),
            "arguments": .string(call.arguments), "call_id": .string(call.callID),
            "internal_chat_message_metadata_passthrough": ["turn_id": .string(turnID)],
        ]
    }

    /// The `function_call_output` codex records for a call.
    static func functionCallOutput(callID: String, output: String, turnID: String) -> JSONValue {
        [
            "type": "function_call_output", "id": .string("fco_\(UUIDv7.make())"), "call_id": .string(callID), "output": .string(output),
            "internal_chat_message_metadata_passthrough": ["turn_id": .string(turnID), "create_time": .double(Double(WallClock.nowMilliseconds()) / 1000)],
        ]
    }

    /// The assistant message item of a finished agent message.
    static func assistantMessage(id: String, text: String, turnID: String) -> JSONValue {
        [
            "type": "message", "status": "completed", "id": .string(id), "role": "assistant",
            "content": [["type": "output_text", "text": .string(text), "annotations": []]],
            "internal_chat_message_metadata_passthrough": ["turn_id": .string(turnID), "content_item_kinds": ["unknown"]],
        ]
    }
}

/// One call of a client function the "model" makes: its id, the function and the exact
/// arguments string.
struct FunctionCall: Sendable, Hashable {
    var callID: String
    var name: String
    var arguments: String
}

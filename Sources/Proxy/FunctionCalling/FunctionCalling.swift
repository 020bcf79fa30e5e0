import OrderedJSON

/// A request's function calling: the client's functions, `tool_choice` and
/// `parallel_tool_calls`, validated before any worker call.
///
/// Every request is self-contained: the functions become the thread's `dynamicTools`, the
/// model's calls are returned with `finish_reason: "tool_calls"` and the worker's turn is
/// interrupted; the next request brings the results in its messages and starts a fresh thread.
public struct FunctionCalling: Sendable, Hashable {
    public enum Choice: String, Sendable, Hashable {
        /// The model may call the functions.
        case auto
        /// The functions are not offered (history with earlier calls is still replayed).
        case none
    }

    public var tools: [FunctionTool]
    public var choice: Choice
    /// `parallel_tool_calls`: `false` returns only the first call of a batch.
    public var parallel: Bool

    static let maximumTools = 128

    /// How a request spells a function tool: chat nests it under `function`, the Responses API
    /// does not.
    public enum ToolShape: Sendable {
        case chat, responses
    }

    /// The functions offered to the model: none when `tool_choice` is `none`.
    public var offered: [FunctionTool] { choice == .none ? [] : tools }
}

extension FunctionCalling {
    /// Reads `tools`, `tool_choice` and `parallel_tool_calls`; `nil` when the request has no
    /// tools. Legacy `functions`/`function_call` are refused. With `enabled` false
    /// (`PROXY_FUNCTION_TOOLS=false`) any tool is refused.
    init?(body: JSONObject, enabled: Bool, shape: ToolShape = .chat) throws(ProxyError) {
        for key in ["functions", "function_call"] {
            if let value = body[key], !value.isNull {
                throw .invalidRequest("'\(key)' is the legacy form of function calling and is not supported; use 'tools'.", param: key, code: "unsupported_parameter")
            }
        }
        guard let toolsValue = body["tools"], !toolsValue.isNull else {
            try Self.refuseOrphanOptions(body)
            return nil
        }
        guard let entries = toolsValue.arrayValue else {
            throw .invalidRequest("'tools' must be an array, got \(toolsValue.typeName).", param: "tools", code: "invalid_type")
        }
        guard !entries.isEmpty else {
            try Self.refuseOrphanOptions(body)
            return nil
        }
        guard enabled else {
            throw .invalidRequest(
                "'tools' is not supported: function calling is turned off on this proxy (PROXY_FUNCTION_TOOLS=false).", param: "tools", code: "unsupported_parameter"
            )
        }
        guard entries.count <= Self.maximumTools else {
            throw .invalidRequest("'tools' may hold at most \(Self.maximumTools) functions, got \(entries.count).", param: "tools", code: "invalid_value")
        }
        var tools: [FunctionTool] = []
        var names: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let tool = try shape == .chat ? FunctionTool(chatTool: entry, index: index) : FunctionTool(responsesTool: entry, index: index)
            guard names.insert(tool.name).inserted else {
                let param = shape == .chat ? "tools[\(index)].function.name" : "tools[\(index)].name"
                throw .invalidRequest("'\(param)' repeats the function name '\(tool.name)'.", param: param, code: "invalid_value")
            }
            tools.append(tool)
        }
        self.init(tools: tools, choice: try Self.choice(body["tool_choice"]), parallel: try Self.parallel(body["parallel_tool_calls"]))
    }

    private static func choice(_ value: JSONValue?) throws(ProxyError) -> Choice {
        guard let value, !value.isNull else { return .auto }
        switch value.stringValue {
        case "auto": return .auto
        case "none": return .none
        case "required":
            throw .invalidRequest(
                "'tool_choice': 'required' is not supported: the Codex worker lets the model decide; use 'auto' or 'none'.", param: "tool_choice", code: "unsupported_value"
            )
        default:
            if case .object = value {
                throw .invalidRequest(
                    "'tool_choice' naming a function is not supported: the Codex worker lets the model decide; use 'auto' or 'none'.",
                    param: "tool_choice", code: "unsupported_value"
                )
            }
            throw .invalidRequest("'tool_choice' must be 'auto' or 'none', got \(ProxyError.quote(value.description)).", param: "tool_choice", code: "invalid_value")
        }
    }

    private static func parallel(_ value: JSONValue?) throws(ProxyError) -> Bool {
        guard let value, !value.isNull else { return true }
        guard let flag = value.boolValue else {
            throw .invalidRequest("'parallel_tool_calls' must be a boolean, got \(value.typeName).", param: "parallel_tool_calls", code: "invalid_type")
        }
        return flag
    }

    /// Without tools the options are still checked: `required` or a named function is refused.
    private static func refuseOrphanOptions(_ body: JSONObject) throws(ProxyError) {
        _ = try parallel(body["parallel_tool_calls"])
        _ = try choice(body["tool_choice"])
    }
}

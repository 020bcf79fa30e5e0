import CodexAppServer

/// Thread items (`item/started`, `item/completed`, turn summaries) in codex 0.163.0's shapes.
enum ItemWire {
    /// The user's input echoed back as a `userMessage` item.
    static func userMessage(id: String, input: [JSONValue]) -> JSONValue {
        let content: [JSONValue] = input.map { element in
            switch element["type"]?.stringValue {
            case "text": ["type": "text", "text": element["text"] ?? "", "text_elements": element["text_elements"] ?? []]
            case "image" where element["url"] != nil: ["type": "image", "url": element["url"] ?? "", "detail": element["detail"] ?? nil]
            default: element
            }
        }
        return ["type": "userMessage", "id": .string(id), "clientId": nil, "content": .array(content)]
    }

    static func agentMessage(id: String, text: String) -> JSONValue {
        ["type": "agentMessage", "id": .string(id), "text": .string(text), "phase": nil, "memoryCitation": nil, "delivery": nil, "questions": nil]
    }

    /// A `dynamicToolCall` item: a client function call waiting (`contentItems`/`success`
    /// `nil`), answered, or failed by an interrupt (`contentItems: []`, `success: false`).
    static func dynamicToolCall(
        _ call: FunctionCall, arguments: JSONValue, status: String, contentItems: JSONValue = nil, success: JSONValue = nil, durationMs: JSONValue = nil
    ) -> JSONValue {
        [
            "type": "dynamicToolCall", "id": .string(call.callID), "namespace": nil, "tool": .string(call.name), "arguments": arguments,
            "status": .string(status), "contentItems": contentItems, "success": success, "durationMs": durationMs,
        ]
    }

    /// A command item's state: waiting for approval, running without one, or how it ended.
    enum CommandState {
        case inProgress, running(processID: String), completed(processID: String), declined
        /// Ended by the command itself with `exitCode`; `output` is `nil` when it printed nothing.
        case exited(processID: String, exitCode: Int64, output: String?)
    }

    static func commandExecution(id: String, command: ScriptedCommand, state: CommandState) -> JSONValue {
        let status: JSONValue
        var processID: JSONValue = nil
        var source: JSONValue = "agent"
        var exitCode: JSONValue = nil
        var duration: JSONValue = nil
        var aggregatedOutput: JSONValue = nil
        switch state {
        case .inProgress:
            status = "inProgress"
        case .completed(let pid):
            status = "completed"
            processID = .string(pid)
            source = "unifiedExecStartup"
            exitCode = 0
            duration = 0
        case .declined:
            status = "declined"
        case .running(let pid):
            status = "inProgress"
            processID = .string(pid)
            source = "unifiedExecStartup"
        case .exited(let pid, let code, let output):
            status = code == 0 ? "completed" : "failed"
            processID = .string(pid)
            source = "unifiedExecStartup"
            exitCode = .integer(code)
            duration = 0
            aggregatedOutput = output.map(JSONValue.string) ?? .null
        }
        return [
            "type": "commandExecution",
            "id": .string(id),
            "pluginId": nil,
            "scriptPath": nil,
            "command": .string(command.shellLine),
            "cwd": .string(command.cwd),
            "processId": processID,
            "source": source,
            "status": status,
            "commandActions": command.actions,
            "aggregatedOutput": aggregatedOutput,
            "exitCode": exitCode,
            "durationMs": duration,
        ]
    }
}

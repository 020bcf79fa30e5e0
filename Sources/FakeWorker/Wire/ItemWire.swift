import CodexAppServer

/// Thread items (`item/started`, `item/completed`, turn summaries) in codex 0.163.0's shapes.
enum ItemWire {
    /// The user's input echoed back as a `userMessage` item.
    static func userMessage(id: String, input: [JSONValue]) -> JSONValue {
        let content: [JSONValue] = input.map { element in
            guard element["type"]?.stringValue == "text" else { return element }
            return ["type": "text", "text": element["text"] ?? "", "text_elements": element["text_elements"] ?? []]
        }
        return ["type": "userMessage", "id": .string(id), "clientId": nil, "content": .array(content)]
    }

    static func agentMessage(id: String, text: String) -> JSONValue {
        ["type": "agentMessage", "id": .string(id), "text": .string(text), "phase": nil, "memoryCitation": nil, "delivery": nil, "questions": nil]
    }

    /// How a command item ends after the approval exchange.
    enum CommandState {
        case inProgress, completed(processID: String), declined
    }

    static func commandExecution(id: String, command: ScriptedCommand, state: CommandState) -> JSONValue {
        let status: JSONValue
        var processID: JSONValue = nil
        var source: JSONValue = "agent"
        var exitCode: JSONValue = nil
        var duration: JSONValue = nil
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
            "aggregatedOutput": nil,
            "exitCode": exitCode,
            "durationMs": duration,
        ]
    }
}

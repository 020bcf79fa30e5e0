import CodexAppServer

/// The thread object and `thread/start` result, member for member in codex 0.163.0's order.
enum ThreadWire {
    static func thread(_ settings: ThreadSettings) -> JSONValue {
        let cwd = JSONValue.string(settings.cwd)
        let environment: JSONValue = ["environmentId": "local", "cwd": cwd, "runtimeWorkspaceRoots": [cwd]]
        let time = JSONValue.integer(settings.createdAt)
        return [
            "id": .string(settings.id),
            "environments": settings.hostEnvironment ? [environment] : [],
            "extra": nil,
            "sessionId": .string(settings.id),
            "forkedFromId": nil,
            "parentThreadId": nil,
            "preview": "",
            "ephemeral": .bool(settings.ephemeral),
            "section": nil,
            "sectionEnteredAt": nil,
            "projectId": nil,
            "historyMode": "paginated",
            "modelProvider": .string(settings.modelProvider),
            "model": .string(settings.model),
            "reasoningEffort": nil,
            "createdAt": time,
            "updatedAt": time,
            "recencyAt": time,
            "status": ["type": "idle"],
            "path": settings.path.map(JSONValue.string) ?? .null,
            "cwd": cwd,
            "cliVersion": .string(FakeCodexVersion.cliVersion),
            "originator": .string(settings.originator),
            "source": "vscode",
            "canAcceptDirectInput": true,
            "threadSource": nil,
            "agentNickname": nil,
            "agentRole": nil,
            "gitInfo": nil,
            "name": nil,
            "daybreakEnabled": nil,
            "turns": [],
        ]
    }

    static func startResult(_ settings: ThreadSettings) -> JSONValue {
        let cwd = JSONValue.string(settings.cwd)
        return [
            "thread": thread(settings),
            "model": .string(settings.model),
            "modelProvider": .string(settings.modelProvider),
            "serviceTier": nil,
            "disabledPluginIds": [],
            "cwd": cwd,
            "runtimeWorkspaceRoots": settings.hostEnvironment ? [cwd] : [],
            "instructionSources": [],
            "approvalPolicy": settings.approvalPolicy,
            "approvalsReviewer": "user",
            "sandbox": settings.sandboxPolicy,
            "activePermissionProfile": settings.sandboxExplicit ? nil : ["id": ":read-only", "extends": nil],
            "reasoningEffort": nil,
            "multiAgentMode": "explicitRequestOnly",
        ]
    }
}

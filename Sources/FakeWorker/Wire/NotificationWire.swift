import CodexAppServer

/// Builders for the server notifications of a turn, params in codex 0.163.0's member order.
/// `emittedAtMs` is stamped by ``OutputChannel`` when the line is written.
enum NotificationWire {
    static func threadStarted(_ thread: JSONValue) -> RPCNotification {
        RPCNotification(method: AppServerMethod.threadStarted, params: ["thread": thread])
    }

    static func status(threadID: String, _ status: JSONValue) -> RPCNotification {
        RPCNotification(method: AppServerMethod.threadStatusChanged, params: ["threadId": .string(threadID), "status": status])
    }

    static func active(threadID: String, waitingOnApproval: Bool = false) -> RPCNotification {
        status(threadID: threadID, ["type": "active", "activeFlags": waitingOnApproval ? ["waitingOnApproval"] : []])
    }

    static func idle(threadID: String) -> RPCNotification { status(threadID: threadID, ["type": "idle"]) }

    static func systemError(threadID: String) -> RPCNotification { status(threadID: threadID, ["type": "systemError"]) }

    /// Sent by `turn/start` when it changes the thread's effort, service tier or summary.
    static func threadSettingsUpdated(_ settings: ThreadSettings) -> RPCNotification {
        let effort = settings.effort.map(JSONValue.string) ?? .null
        let threadSettings: JSONValue = [
            "disabledPluginIds": [], "cwd": .string(settings.cwd), "approvalPolicy": settings.approvalPolicy, "approvalsReviewer": "user",
            "sandboxPolicy": settings.sandboxPolicy, "activePermissionProfile": settings.sandboxExplicit ? nil : ["id": ":read-only", "extends": nil],
            "model": .string(settings.model), "modelProvider": .string(settings.modelProvider),
            "serviceTier": settings.serviceTier.map(JSONValue.string) ?? .null, "effort": effort,
            "summary": settings.summary.map(JSONValue.string) ?? .null,
            "collaborationMode": ["mode": "default", "settings": ["model": .string(settings.model), "reasoning_effort": effort, "developer_instructions": nil]],
            "multiAgentMode": "explicitRequestOnly", "personality": nil,
        ]
        return RPCNotification(method: AppServerMethod.threadSettingsUpdated, params: ["threadId": .string(settings.id), "threadSettings": threadSettings])
    }

    static func turnStarted(threadID: String, turn: JSONValue) -> RPCNotification {
        RPCNotification(method: AppServerMethod.turnStarted, params: ["threadId": .string(threadID), "turn": turn])
    }

    static func turnCompleted(threadID: String, turn: JSONValue) -> RPCNotification {
        RPCNotification(method: AppServerMethod.turnCompleted, params: ["threadId": .string(threadID), "turn": turn])
    }

    static func itemStarted(_ item: JSONValue, threadID: String, turnID: String, atMs: Int64) -> RPCNotification {
        RPCNotification(
            method: AppServerMethod.itemStarted,
            params: ["item": item, "threadId": .string(threadID), "turnId": .string(turnID), "startedAtMs": .integer(atMs)]
        )
    }

    static func itemCompleted(_ item: JSONValue, threadID: String, turnID: String, atMs: Int64) -> RPCNotification {
        RPCNotification(
            method: AppServerMethod.itemCompleted,
            params: ["item": item, "threadId": .string(threadID), "turnId": .string(turnID), "completedAtMs": .integer(atMs)]
        )
    }

    static func delta(_ text: String, threadID: String, turnID: String, itemID: String) -> RPCNotification {
        RPCNotification(
            method: AppServerMethod.agentMessageDelta,
            params: ["threadId": .string(threadID), "turnId": .string(turnID), "itemId": .string(itemID), "delta": .string(text)]
        )
    }

    /// Output of a running command item (`item/commandExecution/outputDelta`).
    static func commandOutput(_ text: String, threadID: String, turnID: String, itemID: String) -> RPCNotification {
        RPCNotification(
            method: "item/commandExecution/outputDelta",
            params: ["threadId": .string(threadID), "turnId": .string(turnID), "itemId": .string(itemID), "delta": .string(text)]
        )
    }

    static func tokenUsage(threadID: String, turnID: String, total: TokenUsageBreakdown, last: TokenUsageBreakdown) -> RPCNotification {
        RPCNotification(
            method: AppServerMethod.tokenUsageUpdated,
            params: [
                "threadId": .string(threadID),
                "turnId": .string(turnID),
                "tokenUsage": ["total": total.json, "last": last.json, "modelContextWindow": 258_400],
            ]
        )
    }

    static func rateLimits() -> RPCNotification {
        RPCNotification(
            method: AppServerMethod.rateLimitsUpdated,
            params: [
                "rateLimits": [
                    "limitId": "codex", "limitName": nil, "normalModelSlug": nil, "primary": nil, "secondary": nil,
                    "credits": nil, "individualLimit": nil, "spendControlReached": nil, "planType": nil,
                    "rateLimitReachedType": nil,
                ],
            ]
        )
    }

    static func error(_ error: JSONValue, willRetry: Bool, threadID: String, turnID: String) -> RPCNotification {
        RPCNotification(
            method: AppServerMethod.error,
            params: ["error": error, "willRetry": .bool(willRetry), "threadId": .string(threadID), "turnId": .string(turnID)]
        )
    }

    static func serverRequestResolved(threadID: String, requestID: RequestID) -> RPCNotification {
        RPCNotification(
            method: AppServerMethod.serverRequestResolved,
            params: ["threadId": .string(threadID), "requestId": requestID.json]
        )
    }
}

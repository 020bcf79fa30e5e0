import CodexAppServer

/// Turn objects as `turn/start`, `turn/started` and `turn/completed` carry them.
enum TurnWire {
    /// How a finished turn is summarised.
    struct Outcome: Sendable {
        var status: TurnStatus
        /// Agent messages of a completed turn (`itemsView` "summary"); empty otherwise.
        var items: [JSONValue]
        var error: JSONValue?
        var startedAt: Int64
        var completedAt: Int64
        var durationMs: Int64
    }

    /// The `inProgress` turn; `startedAt` is null in the `turn/start` response.
    static func inProgress(id: String, startedAt: Int64?) -> JSONValue {
        [
            "id": .string(id),
            "rootTurnId": .string(id),
            "items": [],
            "itemsView": "notLoaded",
            "status": "inProgress",
            "error": nil,
            "startedAt": startedAt.map(JSONValue.integer) ?? .null,
            "completedAt": nil,
            "durationMs": nil,
        ]
    }

    static func finished(id: String, _ outcome: Outcome) -> JSONValue {
        let summarised = outcome.status == .completed
        return [
            "id": .string(id),
            "rootTurnId": .string(id),
            "items": summarised ? .array(outcome.items) : [],
            "itemsView": summarised ? "summary" : "notLoaded",
            "status": .string(outcome.status.rawValue),
            "error": outcome.error ?? .null,
            "startedAt": .integer(outcome.startedAt),
            "completedAt": .integer(outcome.completedAt),
            "durationMs": .integer(outcome.durationMs),
        ]
    }

    /// The error object of a failed turn and of the `error` notification.
    static func error(message: String, codexErrorInfo: JSONValue) -> JSONValue {
        ["message": .string(message), "codexErrorInfo": codexErrorInfo, "additionalDetails": nil, "misalignment": nil]
    }
}

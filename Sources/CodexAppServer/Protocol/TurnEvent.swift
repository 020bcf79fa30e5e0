/// How a turn ended (`turn.status` in `turn/completed`).
public enum TurnStatus: String, Sendable, Hashable {
    case inProgress, completed, interrupted, failed
}

/// A turn failure as the app-server reports it (`error` in `turn/completed` or the `error` notification).
public struct TurnError: Sendable, Hashable {
    public var message: String
    /// The `codexErrorInfo` classification: a camelCase string such as `serverOverloaded`,
    /// or the key of its object form such as `httpConnectionFailed`.
    public var codexErrorInfo: String?

    public init(message: String, codexErrorInfo: String? = nil) {
        self.message = message
        self.codexErrorInfo = codexErrorInfo
    }

    public init?(json: JSONValue) {
        guard let message = json["message"]?.stringValue else { return nil }
        let info: String? =
            switch json["codexErrorInfo"] {
            case .string(let value): value
            case .object(let object): object.keys.first
            default: nil
            }
        self.init(message: message, codexErrorInfo: info)
    }
}

/// The notifications a proxy needs to render one turn, decoded from their params.
/// (`turn/started` is not one: the turn's id comes with the `turn/start` reply.)
public enum TurnEvent: Sendable, Hashable {
    case agentMessageDelta(itemID: String, delta: String)
    case agentMessageCompleted(itemID: String, text: String)
    case tokenUsage(total: TokenUsageBreakdown, last: TokenUsageBreakdown)
    /// An `error` notification; `willRetry` errors are transient and do not end the turn.
    case error(TurnError, willRetry: Bool)
    case completed(turnID: String, status: TurnStatus, error: TurnError?)
    /// Raw events only (`experimentalRawEvents`): the model called a function, with the exact
    /// `arguments` string. `turnID` is the turn it belongs to (`auto-compact-0` for the echo of
    /// injected history).
    case rawFunctionCall(turnID: String, callID: String, name: String, arguments: String)
    /// Raw events only: one model response of `turnID` ended, with its usage.
    case rawResponseCompleted(turnID: String, usage: TokenUsageBreakdown)
}

/// A ``TurnEvent`` with the thread (and turn, when the notification names one) it belongs to.
public struct ThreadEvent: Sendable, Hashable {
    public var threadID: String
    public var turnID: String?
    public var event: TurnEvent

    public init(threadID: String, turnID: String?, event: TurnEvent) {
        self.threadID = threadID
        self.turnID = turnID
        self.event = event
    }

    /// Notifications ``init(notification:)`` never decodes and that are never server requests
    /// (which also start with `method`), so a reader may skip them unparsed: about half of a
    /// turn's lines.
    public static let ignoredNotifications: Set<String> = [
        AppServerMethod.threadStatusChanged, AppServerMethod.rateLimitsUpdated, AppServerMethod.itemStarted,
        AppServerMethod.threadStarted, AppServerMethod.configWarning, AppServerMethod.remoteControlStatusChanged,
        AppServerMethod.warning, AppServerMethod.turnStarted,
    ]

    /// Decodes a notification; `nil` for notifications no turn renderer needs (status changes,
    /// rate limits, warnings) and for malformed params.
    public init?(notification: RPCNotification) {
        guard let params = notification.params, let threadID = params["threadId"]?.stringValue else { return nil }
        let turnID = params["turnId"]?.stringValue
        switch notification.method {
        case AppServerMethod.agentMessageDelta:
            guard let itemID = params["itemId"]?.stringValue, let delta = params["delta"]?.stringValue else { return nil }
            self.init(threadID: threadID, turnID: turnID, event: .agentMessageDelta(itemID: itemID, delta: delta))
        case AppServerMethod.itemCompleted:
            guard let item = params["item"], item["type"]?.stringValue == "agentMessage",
                let itemID = item["id"]?.stringValue, let text = item["text"]?.stringValue
            else { return nil }
            self.init(threadID: threadID, turnID: turnID, event: .agentMessageCompleted(itemID: itemID, text: text))
        case AppServerMethod.tokenUsageUpdated:
            guard let usage = params["tokenUsage"],
                let total = usage["total"].flatMap(TokenUsageBreakdown.init(json:)),
                let last = usage["last"].flatMap(TokenUsageBreakdown.init(json:))
            else { return nil }
            self.init(threadID: threadID, turnID: turnID, event: .tokenUsage(total: total, last: last))
        case AppServerMethod.error:
            guard let error = params["error"].flatMap(TurnError.init(json:)) else { return nil }
            self.init(threadID: threadID, turnID: turnID, event: .error(error, willRetry: params["willRetry"]?.boolValue ?? false))
        case AppServerMethod.turnCompleted:
            guard let turn = params["turn"], let id = turn["id"]?.stringValue,
                let status = turn["status"]?.stringValue.flatMap(TurnStatus.init(rawValue:))
            else { return nil }
            let error = turn["error"].flatMap(TurnError.init(json:))
            self.init(threadID: threadID, turnID: id, event: .completed(turnID: id, status: status, error: error))
        case AppServerMethod.rawResponseItemCompleted:
            guard let turnID, let item = params["item"], item["type"]?.stringValue == "function_call",
                let callID = item["call_id"]?.stringValue, let name = item["name"]?.stringValue, let arguments = item["arguments"]?.stringValue
            else { return nil }
            self.init(threadID: threadID, turnID: turnID, event: .rawFunctionCall(turnID: turnID, callID: callID, name: name, arguments: arguments))
        case AppServerMethod.rawResponseCompleted:
            guard let turnID, let usage = params["usage"].flatMap(TokenUsageBreakdown.init(json:)) else { return nil }
            self.init(threadID: threadID, turnID: turnID, event: .rawResponseCompleted(turnID: turnID, usage: usage))
        default:
            return nil
        }
    }
}

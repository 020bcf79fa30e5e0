/// Method names of the v2 app-server API that this project sends, serves or interprets.
public enum AppServerMethod {
    // Client → server requests.
    public static let initialize = "initialize"
    public static let threadStart = "thread/start"
    public static let threadUnsubscribe = "thread/unsubscribe"
    public static let threadInjectItems = "thread/inject_items"
    public static let turnStart = "turn/start"
    public static let turnInterrupt = "turn/interrupt"
    public static let modelList = "model/list"

    // Client → server notifications.
    public static let initialized = "initialized"

    // Server → client notifications.
    public static let configWarning = "configWarning"
    public static let remoteControlStatusChanged = "remoteControl/status/changed"
    public static let warning = "warning"
    public static let threadStarted = "thread/started"
    public static let threadStatusChanged = "thread/status/changed"
    public static let threadSettingsUpdated = "thread/settings/updated"
    public static let turnStarted = "turn/started"
    public static let turnCompleted = "turn/completed"
    public static let itemStarted = "item/started"
    public static let itemCompleted = "item/completed"
    public static let agentMessageDelta = "item/agentMessage/delta"
    public static let tokenUsageUpdated = "thread/tokenUsage/updated"
    public static let rateLimitsUpdated = "account/rateLimits/updated"
    public static let error = "error"
    public static let serverRequestResolved = "serverRequest/resolved"
    /// Experimental (`thread/start.experimentalRawEvents`): one Responses API item of the turn.
    public static let rawResponseItemCompleted = "rawResponseItem/completed"
    /// Experimental (`thread/start.experimentalRawEvents`): one model response ended, with its usage.
    public static let rawResponseCompleted = "rawResponse/completed"

    // Server → client requests.
    public static let commandExecutionRequestApproval = "item/commandExecution/requestApproval"
    public static let fileChangeRequestApproval = "item/fileChange/requestApproval"
    /// The model called a client function (a `thread/start.dynamicTools` entry).
    public static let dynamicToolCall = "item/tool/call"
}

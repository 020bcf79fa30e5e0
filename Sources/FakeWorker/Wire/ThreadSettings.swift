import CodexAppServer

/// A thread's resolved settings, as `thread/start` echoes them back.
struct ThreadSettings: Sendable {
    var id: String
    var model: String
    var modelProvider: String
    var cwd: String
    /// `"never"`, `"on-request"`, ... or the object form of a granular policy.
    var approvalPolicy: JSONValue
    /// The kebab-case sandbox mode: `read-only`, `workspace-write` or `danger-full-access`.
    var sandboxMode: String
    /// Whether the client chose the sandbox; the default one comes from a permission profile.
    var sandboxExplicit: Bool
    var ephemeral: Bool
    /// Whether turns run in the default host environment ("local"); `environments: []` turns it
    /// off, and with it the model's `exec_command`, `write_stdin` and `view_image`.
    var hostEnvironment: Bool
    /// Seconds since the epoch.
    var createdAt: Int64
    /// Rollout file of a non-ephemeral thread.
    var path: String?
    /// The client name given at initialize.
    var originator: String
    /// The names of the client functions (`dynamicTools` of type `function`) the model may call.
    var clientFunctions: [String] = []
    /// `experimentalRawEvents`: `rawResponseItem/completed` and `rawResponse/completed` are sent.
    var rawEvents: Bool = false
    /// The sticky turn overrides (`turn/start.effort`, `serviceTier`, `summary`); `nil` until a
    /// turn sets them.
    var effort: String? = nil
    var serviceTier: String? = nil
    var summary: String? = nil

    /// The approval policy's plain name, when it is a string.
    var approvalPolicyName: String? { approvalPolicy.stringValue }

    /// The camelCase tagged sandbox policy of results (`{"type":"readOnly","networkAccess":false}`).
    var sandboxPolicy: JSONValue {
        switch sandboxMode {
        case "workspace-write":
            ["type": "workspaceWrite", "writableRoots": [], "networkAccess": false, "excludeTmpdirEnvVar": false, "excludeSlashTmp": false]
        case "danger-full-access":
            ["type": "dangerFullAccess"]
        default:
            ["type": "readOnly", "networkAccess": false]
        }
    }
}

import CodexAppServer

/// How the proxy answers requests the worker sends to its client.
///
/// Turns run unattended behind an HTTP API, so nothing may wait for a human: approvals are
/// declined and every other server request gets an error at once, so no turn ever hangs. A
/// client function call (`item/tool/call`) reaches this policy only when no turn owns its thread
/// (late, or unknown): it fails at once, so nothing waits.
struct ServerRequestPolicy: Sendable {
    /// The reply to `request`: a result to send back, or an error.
    func reply(to request: RPCRequest) -> Result<JSONValue, RPCErrorObject> {
        switch request.method {
        case AppServerMethod.commandExecutionRequestApproval, AppServerMethod.fileChangeRequestApproval:
            .success(["decision": "decline"])
        case "execCommandApproval", "applyPatchApproval":
            .success(["decision": "denied"])
        case AppServerMethod.dynamicToolCall:
            .success(["contentItems": [["type": "inputText", "text": "tools are not available through codex-proxy"]], "success": false])
        default:
            .failure(RPCErrorObject(code: -32601, message: "codex-proxy does not handle \(request.method)"))
        }
    }
}

import CodexAppServer

/// What a running turn has done so far, read when an interrupt cuts it short.
actor TurnJournal {
    /// A finished model round trip whose usage has not been reported yet.
    var unreportedUsage: TokenUsageBreakdown?
    /// A server→client request still waiting for its reply.
    var openRequest: RequestID?
    /// Agent messages completed so far (the `turn/completed` summary).
    private(set) var agentMessages: [JSONValue] = []

    /// The client function calls of the current model response, and which one waits for its
    /// reply (the server request); answered ones are removed.
    private(set) var functionCalls: [FunctionCall] = []
    private(set) var pendingCall: (callID: String, request: RequestID, startedMs: Int64)?
    /// When the model response with the calls arrived.
    private(set) var callsStartedMs: Int64 = 0

    func setFunctionCalls(_ calls: [FunctionCall], atMs: Int64) {
        functionCalls = calls
        callsStartedMs = atMs
    }
    func setPendingCall(_ pending: (callID: String, request: RequestID, startedMs: Int64)?) { pendingCall = pending }
    func markAnswered(_ callID: String) {
        functionCalls.removeAll { $0.callID == callID }
        pendingCall = nil
    }

    func setUnreportedUsage(_ usage: TokenUsageBreakdown?) { unreportedUsage = usage }
    func setOpenRequest(_ id: RequestID?) { openRequest = id }
    func addAgentMessage(_ item: JSONValue) { agentMessages.append(item) }
}

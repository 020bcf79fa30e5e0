import CodexAppServer

/// What a running turn has done so far, read when an interrupt cuts it short.
actor TurnJournal {
    /// A finished model round trip whose usage has not been reported yet.
    var unreportedUsage: TokenUsageBreakdown?
    /// A server→client request still waiting for its reply.
    var openRequest: RequestID?
    /// Agent messages completed so far (the `turn/completed` summary).
    private(set) var agentMessages: [JSONValue] = []

    func setUnreportedUsage(_ usage: TokenUsageBreakdown?) { unreportedUsage = usage }
    func setOpenRequest(_ id: RequestID?) { openRequest = id }
    func addAgentMessage(_ item: JSONValue) { agentMessages.append(item) }
}

import CodexAppServer

/// The client function calls one turn collects from the worker's raw events.
///
/// A `function_call` of this turn (not the `auto-compact-0` echo of injected history) naming a
/// client function, with a call id not already in the history, is captured in the model's order.
/// The `rawResponse/completed` of this turn closes the batch once it holds a call; usage is the sum
/// of this turn's `rawResponse/completed` usage (exact and available at once).
struct FunctionCallBatch: Sendable {
    private let functionNames: Set<String>
    private let historyCallIDs: Set<String>
    private let parallel: Bool
    private(set) var calls: [ChatToolCall] = []
    /// Calls dropped because `parallel_tool_calls` is false.
    private(set) var dropped = 0
    private(set) var usage = TokenUsageBreakdown()

    init(functions: [FunctionTool], historyCallIDs: Set<String>, parallel: Bool) {
        functionNames = Set(functions.map(\.name))
        self.historyCallIDs = historyCallIDs
        self.parallel = parallel
    }

    /// Takes a raw function call of `turnID` (the turn being read); returns the call when it is
    /// one to send to the client now, with its index in the response.
    mutating func capture(turnID: String, currentTurnID: String?, callID: String, name: String, arguments: String) -> (index: Int, call: ChatToolCall)? {
        guard turnID == currentTurnID, functionNames.contains(name), !historyCallIDs.contains(callID),
            !calls.contains(where: { $0.id == callID })
        else { return nil }
        guard parallel || calls.isEmpty else {
            dropped += 1
            return nil
        }
        let call = ChatToolCall(id: callID, name: name, arguments: arguments)
        calls.append(call)
        return (calls.count - 1, call)
    }

    /// Adds a finished model response of `turnID`; returns `true` when it closes the batch.
    mutating func responseCompleted(turnID: String, currentTurnID: String?, usage: TokenUsageBreakdown) -> Bool {
        guard turnID == currentTurnID else { return false }
        self.usage = self.usage + usage
        return !calls.isEmpty
    }
}

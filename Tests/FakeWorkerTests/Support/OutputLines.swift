/// Exact lines the fake writes that the tests compare against.
enum OutputLines {
    /// The partial line a `truncatedFinalLine` behaviour leaves.
    static let truncated = #"{"method":"item/agentMessage/delta","params":{"threadId":"#
}

import CodexAppServer
import OrderedJSON

/// Token usage of one completion, from the worker's cumulative `total` for the request's thread.
public struct ChatUsage: Sendable, Hashable {
    public var promptTokens: Int64
    public var completionTokens: Int64
    public var totalTokens: Int64
    public var cachedTokens: Int64
    public var reasoningTokens: Int64

    /// The usage of a turn from the worker's cumulative breakdown for its thread.
    public init(_ breakdown: TokenUsageBreakdown) {
        promptTokens = breakdown.inputTokens
        completionTokens = breakdown.outputTokens
        totalTokens = breakdown.totalTokens
        cachedTokens = breakdown.cachedInputTokens
        reasoningTokens = breakdown.reasoningOutputTokens
    }

    static let zero = ChatUsage(TokenUsageBreakdown())

    /// The OpenAI `usage` object.
    var json: JSONValue {
        [
            "prompt_tokens": .integer(promptTokens),
            "completion_tokens": .integer(completionTokens),
            "total_tokens": .integer(totalTokens),
            "prompt_tokens_details": ["cached_tokens": .integer(cachedTokens), "audio_tokens": 0],
            "completion_tokens_details": [
                "reasoning_tokens": .integer(reasoningTokens), "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0,
            ],
        ]
    }
}

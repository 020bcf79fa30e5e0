import CodexAppServer

/// Plausible, deterministic usage for one model round trip:
/// input = 100 + ⌈inputBytes/4⌉, cached = input/10, output = ⌈replyBytes/4⌉ + 2, reasoning 2,
/// total = input + output.
enum TokenUsageModel {
    static func roundTrip(inputBytes: Int, replyBytes: Int) -> TokenUsageBreakdown {
        let input = Int64(100 + (inputBytes + 3) / 4)
        let output = Int64((replyBytes + 3) / 4 + 2)
        return TokenUsageBreakdown(
            totalTokens: input + output,
            inputTokens: input,
            cachedInputTokens: input / 10,
            cacheWriteInputTokens: 0,
            outputTokens: output,
            reasoningOutputTokens: 2
        )
    }
}

/// One token-usage breakdown (`total` or `last` in `thread/tokenUsage/updated`).
public struct TokenUsageBreakdown: Sendable, Hashable {
    public var totalTokens: Int64
    public var inputTokens: Int64
    public var cachedInputTokens: Int64
    public var cacheWriteInputTokens: Int64
    public var outputTokens: Int64
    public var reasoningOutputTokens: Int64

    public init(
        totalTokens: Int64 = 0,
        inputTokens: Int64 = 0,
        cachedInputTokens: Int64 = 0,
        cacheWriteInputTokens: Int64 = 0,
        outputTokens: Int64 = 0,
        reasoningOutputTokens: Int64 = 0
    ) {
        self.totalTokens = totalTokens
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteInputTokens = cacheWriteInputTokens
        self.outputTokens = outputTokens
        self.reasoningOutputTokens = reasoningOutputTokens
    }

    /// Missing counters read as zero; older servers lack `cacheWriteInputTokens`.
    public init?(json: JSONValue) {
        guard json.objectValue != nil else { return nil }
        func count(_ key: String) -> Int64 { json[key]?.integerValue ?? 0 }
        self.init(
            totalTokens: count("totalTokens"),
            inputTokens: count("inputTokens"),
            cachedInputTokens: count("cachedInputTokens"),
            cacheWriteInputTokens: count("cacheWriteInputTokens"),
            outputTokens: count("outputTokens"),
            reasoningOutputTokens: count("reasoningOutputTokens")
        )
    }

    /// The breakdown in the key order of codex 0.163.0.
    public var json: JSONValue {
        [
            "totalTokens": .integer(totalTokens),
            "inputTokens": .integer(inputTokens),
            "cachedInputTokens": .integer(cachedInputTokens),
            "cacheWriteInputTokens": .integer(cacheWriteInputTokens),
            "outputTokens": .integer(outputTokens),
            "reasoningOutputTokens": .integer(reasoningOutputTokens),
        ]
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(
            totalTokens: lhs.totalTokens + rhs.totalTokens,
            inputTokens: lhs.inputTokens + rhs.inputTokens,
            cachedInputTokens: lhs.cachedInputTokens + rhs.cachedInputTokens,
            cacheWriteInputTokens: lhs.cacheWriteInputTokens + rhs.cacheWriteInputTokens,
            outputTokens: lhs.outputTokens + rhs.outputTokens,
            reasoningOutputTokens: lhs.reasoningOutputTokens + rhs.reasoningOutputTokens
        )
    }
}

/// Receives key and rate-limit events (the metrics hook); every callback is cheap and non-blocking.
public struct KeyObserver: Sendable {
    /// A request of the named key was refused by a limit.
    public var rejected: @Sendable (_ key: String, _ kind: RateLimitKind) -> Void
    /// A request of the named key was answered with `status`.
    public var answered: @Sendable (_ key: String, _ status: Int) -> Void
    /// A reload finished; `keys` is the number of keys in force afterwards.
    public var reloaded: @Sendable (_ succeeded: Bool, _ keys: Int) -> Void

    public init(
        rejected: @escaping @Sendable (String, RateLimitKind) -> Void = { _, _ in },
        answered: @escaping @Sendable (String, Int) -> Void = { _, _ in },
        reloaded: @escaping @Sendable (Bool, Int) -> Void = { _, _ in }
    ) {
        self.rejected = rejected
        self.answered = answered
        self.reloaded = reloaded
    }
}

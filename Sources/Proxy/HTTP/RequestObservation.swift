import Synchronization

/// What handlers learn about a request that the outer middleware logs and measures once the
/// response is written: the model label, token usage and the error, if any.
///
/// A reference shared by every copy of the request context, because handlers run below the
/// middleware that reads it.
public final class RequestObservation: Sendable {
    struct Values {
        var model: String?
        var usage: ChatUsage?
        var errorCode: String?
        var retryable: Bool?
        /// How the request's turn ended (``TurnOutcome/Label``), for chat completions.
        var outcome: String?
        /// Client function calls returned (a count: names and arguments are never logged).
        var functionCalls: Int?
        /// The configured name of the API key the request authenticated with.
        var keyName: String? = nil
    }

    private let values = Mutex(Values())
    private let usageHook = Mutex<(@Sendable (ChatUsage) -> Void)?>(nil)

    init() {}

    var snapshot: Values { values.withLock { $0 } }

    /// The advertised model the request named (or `other`).
    func record(model: String) { values.withLock { $0.model = model } }

    /// The worker's usage for the turn; also passed to the hook set by ``onUsage(_:)`` (the
    /// per-key token budget is debited here, whoever owns the turn).
    func record(usage: ChatUsage) {
        values.withLock { $0.usage = usage }
        usageHook.withLock { $0 }?(usage)
    }

    /// Calls `hook` with every usage recorded from now on.
    func onUsage(_ hook: @escaping @Sendable (ChatUsage) -> Void) {
        usageHook.withLock { $0 = hook }
    }

    func record(keyName: String) { values.withLock { $0.keyName = keyName } }

    func record(outcome: String) { values.withLock { $0.outcome = outcome } }

    func record(functionCalls: Int) { values.withLock { $0.functionCalls = functionCalls } }

    func record(error: ProxyError) {
        values.withLock {
            $0.errorCode = error.code
            $0.retryable = error.isRetryable
        }
    }
}

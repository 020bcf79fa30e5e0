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
    }

    private let values = Mutex(Values())

    init() {}

    var snapshot: Values { values.withLock { $0 } }

    /// The advertised model the request named (or `other`).
    func record(model: String) { values.withLock { $0.model = model } }

    func record(usage: ChatUsage) { values.withLock { $0.usage = usage } }

    func record(outcome: String) { values.withLock { $0.outcome = outcome } }

    func record(error: ProxyError) {
        values.withLock {
            $0.errorCode = error.code
            $0.retryable = error.isRetryable
        }
    }
}

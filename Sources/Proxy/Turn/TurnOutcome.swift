/// How a chat turn ended: every path goes through ``ChatTurn/finish(_:)`` with one of these.
enum TurnOutcome: Sendable {
    /// The worker completed the turn.
    case completed(usage: ChatUsage?)
    /// The model called client functions: the calls go back to the client and the worker's turn
    /// is interrupted (nothing waits for the results; the next request brings them).
    case toolCalls([ChatToolCall], usage: ChatUsage)
    /// The worker reported the turn failed.
    case failed(ProxyError, usage: ChatUsage?)
    /// The worker process ended (or its output closed) while the turn ran.
    case workerExited(usage: ChatUsage?)
    /// The request's deadline passed (the whole response, writes included).
    case deadline
    /// The client went away: reset, half-closed a non-streaming request, or a write failed.
    case clientGone
    /// The client stopped reading: a write made no progress for the stall timeout, or the
    /// turn's event buffer overflowed.
    case clientStalled
    /// The drain grace ended before the turn did.
    case shuttingDown
    /// The turn never started: not ready, no slot, or the worker refused it.
    case rejected(ProxyError)

    /// The bounded label for metrics and the egress log line.
    enum Label: String, Sendable, CaseIterable {
        case completed, failed
        case toolCalls = "tool_calls"
        case workerExited = "worker_exited"
        case deadline
        case clientGone = "client_gone"
        case clientStalled = "client_stalled"
        case shuttingDown = "shutting_down"
        case rejected
    }

    var label: Label {
        switch self {
        case .completed: .completed
        case .toolCalls: .toolCalls
        case .failed: .failed
        case .workerExited: .workerExited
        case .deadline: .deadline
        case .clientGone: .clientGone
        case .clientStalled: .clientStalled
        case .shuttingDown: .shuttingDown
        case .rejected: .rejected
        }
    }

    /// Whether the worker ended the turn itself, so no `turn/interrupt` is due.
    var workerFinished: Bool {
        switch self {
        case .completed, .failed, .workerExited, .rejected: true
        case .toolCalls, .deadline, .clientGone, .clientStalled, .shuttingDown: false
        }
    }

    /// Whether the client is gone or stopped reading: nothing more is written to it.
    var clientLeft: Bool {
        switch self {
        case .clientGone, .clientStalled: true
        default: false
        }
    }

    /// Token usage the worker reported before the end, if any.
    var usage: ChatUsage? {
        switch self {
        case .completed(let usage), .failed(_, let usage), .workerExited(let usage): usage
        case .toolCalls(_, let usage): usage
        default: nil
        }
    }

    /// What the client is told, or `nil` for a success.
    func error(requestTimeout: Duration) -> ProxyError? {
        switch self {
        case .completed, .toolCalls: nil
        case .failed(let error, _), .rejected(let error): error
        case .workerExited: .workerCrashed
        case .deadline: .workerTimeout(afterMilliseconds: requestTimeout.milliseconds)
        case .clientGone: .clientDisconnected
        case .clientStalled: .clientStalled
        case .shuttingDown: .shuttingDown
        }
    }
}

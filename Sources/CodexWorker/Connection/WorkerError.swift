import CodexAppServer

/// Why a call to the worker did not produce a result.
public enum WorkerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The worker process ended (or its output closed) before answering.
    case exited(WorkerExit?)
    /// No worker is ready to take requests; `state` says why.
    case unavailable(state: WorkerStatus.State)
    /// The worker answered with a JSON-RPC error.
    case rpc(RPCErrorObject)
    /// The worker answered with a result the proxy cannot read.
    case malformedResult(method: String, detail: String)

    public var description: String {
        switch self {
        case .exited(let exit): "worker exited" + (exit.map { " (\($0))" } ?? "")
        case .unavailable(let state): "worker unavailable (\(state.rawValue))"
        case .rpc(let error): "worker error \(error.code): \(error.message)"
        case .malformedResult(let method, let detail): "unreadable \(method) result: \(detail)"
        }
    }
}

/// How a worker process ended.
public enum WorkerExit: Sendable, Hashable, CustomStringConvertible {
    case exited(code: Int32)
    case signalled(signal: Int32)
    /// The process could not be started at all.
    case spawnFailed(reason: String)

    /// The exit code, when the process exited normally.
    public var exitCode: Int32? {
        if case .exited(let code) = self { return code }
        return nil
    }

    /// The signal number, when a signal ended the process.
    public var signal: Int32? {
        if case .signalled(let signal) = self { return signal }
        return nil
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit code \(code)"
        case .signalled(let signal): "signal \(signal)"
        case .spawnFailed(let reason): "spawn failed: \(reason)"
        }
    }
}

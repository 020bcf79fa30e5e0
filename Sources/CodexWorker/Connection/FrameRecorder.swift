import CodexAppServer

/// Which way a JSON-RPC frame travelled.
public enum FrameDirection: String, Sendable {
    case toWorker = "to_worker"
    case fromWorker = "from_worker"
}

/// Receives the frames exchanged for one turn (its requests, their replies, its thread's
/// notifications and server requests). The worker module knows nothing of what is done with
/// them; the proxy's trace buffer is one such recorder.
public protocol FrameRecorder: Sendable {
    func record(_ message: RPCMessage, direction: FrameDirection)
}

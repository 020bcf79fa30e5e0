import CodexWorker

/// The worker module reports a turn's frames to the trace buffer through this conformance.
extension TraceRecorder: FrameRecorder {}

import ServiceLifecycle

/// Prunes the trace buffer on a timer, so files age out even when no request writes, and
/// lets queued trace writes finish at shutdown.
struct TracePruner: Service {
    let buffer: TraceBuffer

    func run() async throws {
        buffer.prune()
        while (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: buffer.configuration.pruneInterval) })) != nil {
            buffer.prune()
        }
        await buffer.flush()
    }
}

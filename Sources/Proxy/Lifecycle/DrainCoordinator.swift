import Logging
import ServiceLifecycle

/// The first service told about SIGTERM: readiness goes false, new API requests get 503 +
/// `Retry-After`, and in-flight turns get up to the grace period to finish. Only then does the
/// HTTP server stop, and after it the supervisor stops the worker.
///
/// It must be the last service of the group, since graceful shutdown runs in reverse order and
/// waits for each service before the next.
struct DrainCoordinator: Service {
    let supervisor: WorkerSupervisor
    let gate: ConcurrencyGate
    let grace: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        var logger = logger
        logger[metadataKey: "component"] = "lifecycle"
        supervisor.beginDraining()
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + grace
        logger.notice("drain_started", metadata: ["in_flight": .stringConvertible(gate.load.active), "grace_ms": .stringConvertible(grace.milliseconds)])
        while gate.load.active + gate.load.queued > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let remaining = gate.load
        logger.notice(
            "drain_finished",
            metadata: [
                "waited_ms": .stringConvertible((clock.now - started).milliseconds), "abandoned": .stringConvertible(remaining.active + remaining.queued),
            ]
        )
    }
}

import CodexWorker
import Logging
import ServiceLifecycle
import UnixSignals

/// The first service told about SIGTERM: readiness goes false, new API requests get 503 +
/// `Retry-After`, and in-flight turns get up to the grace period to finish. When the grace is
/// over (or a second SIGTERM, or a SIGINT, cuts it short), the gate admits nobody any more and
/// every remaining turn is stopped with a retryable `shutting_down` error; a client that does
/// not take it is cut within ``ChatTurn/cutGrace``. Only then does the HTTP server stop, and
/// after it the supervisor stops the worker.
///
/// It must be the last service of the group, since graceful shutdown runs in reverse order and
/// waits for each service before the next.
struct DrainCoordinator: Service {
    let supervisor: WorkerSupervisor
    let gate: ConcurrencyGate
    let turns: TurnRegistry
    let grace: Duration
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
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
        logger.notice(
            "drain_started", metadata: ["in_flight": .stringConvertible(turns.count), "grace_ms": .stringConvertible(grace.milliseconds)]
        )
        let cutShort = await waitForTurns(until: started + grace, orSignal: signals)
        let remaining = turns.count
        if remaining > 0 || gate.load.queued > 0 {
            gate.close()
            let stopped = turns.stopAll(.shuttingDown)
            logger.warning(
                "drain_grace_over",
                metadata: ["stopped": .stringConvertible(stopped), "cut_short": .stringConvertible(cutShort)]
            )
            // Each stopped turn either writes its error and finishes, or is cut by its watchdog.
            _ = await waitForTurns(until: clock.now + ChatTurn.cutGrace + .milliseconds(500), orSignal: nil)
        }
        gate.close()
        logger.notice(
            "drain_finished",
            metadata: ["waited_ms": .stringConvertible((clock.now - started).milliseconds), "abandoned": .stringConvertible(remaining)]
        )
    }

    /// Waits until no turn is in flight or queued, `deadline` passes, or (with `signals`) a second
    /// SIGTERM or any SIGINT arrives; returns whether a signal cut the wait short.
    private func waitForTurns(until deadline: ContinuousClock.Instant, orSignal signals: UnixSignalsSequence?) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                while turns.count + gate.load.queued > 0, ContinuousClock.now < deadline {
                    guard (try? await Task.sleep(for: .milliseconds(20))) != nil else { break }
                }
                return false
            }
            if let signals {
                group.addTask {
                    var terms = 0
                    for await signal in signals {
                        if signal == .sigterm { terms += 1 }
                        // The first SIGTERM is the one that started the drain.
                        if signal == .sigint || terms >= 2 { return true }
                    }
                    return false
                }
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

import ServiceLifecycle

/// One clock for every turn: each tick wakes each turn's event consumer (keepalives, deadline,
/// client gone, stop request) and runs its write watchdog (stalled client, deadline passed in a
/// write, stop not honoured), instead of two sleeping tasks per request.
///
/// The tick is the shortest of what the settings need: half the keepalive interval, a quarter
/// of the write-stall timeout, and at most 100 ms. The clock is the first service of the group,
/// so it is shut down last, after the HTTP server and the drain have let every turn go.
struct TurnClock: Service {
    let registry: TurnRegistry
    let tick: Duration

    init(registry: TurnRegistry, keepaliveInterval: Duration, writeStallTimeout: Duration) {
        self.registry = registry
        tick = max(.milliseconds(1), min(keepaliveInterval / 2, writeStallTimeout / 4, .milliseconds(100)))
    }

    func run() async throws {
        while (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: tick) })) != nil {
            registry.tickAll()
        }
    }
}

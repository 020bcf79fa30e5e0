import ServiceLifecycle
import UnixSignals

/// Reloads the key file on every `SIGHUP` until graceful shutdown.
struct KeyReloadOnSignal: Service {
    let registry: KeyRegistry

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = await registry.reload(trigger: .signal)
        }
    }
}

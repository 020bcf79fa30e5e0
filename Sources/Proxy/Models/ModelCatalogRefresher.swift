import CodexWorker
import Logging
import ServiceLifecycle

/// Keeps ``ModelCatalog`` in step with the worker when `PROXY_MODELS` is unset: fetches
/// `model/list` after every handshake (first start, restart, recycle successor) and every
/// `PROXY_MODELS_REFRESH_S`. A failed fetch logs `models_refresh_failed` and keeps the previous list.
struct ModelCatalogRefresher: Service {
    let catalog: ModelCatalog
    let supervisor: WorkerSupervisor
    let interval: Duration
    let pageTimeout: Duration
    /// One element per completed worker handshake (see ``signals()``).
    let workerReady: AsyncStream<Void>
    let logger: Logger

    /// The stream ``WorkerObserver/workerReady`` feeds and the refresher reads; a burst of
    /// handshakes collapses into one pending refresh.
    static func signals() -> (AsyncStream<Void>, AsyncStream<Void>.Continuation) {
        AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Refreshes on every handshake and tick until graceful shutdown.
    func run() async throws {
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in workerReady { tick.yield() }
                }
                group.addTask {
                    while (try? await Task.sleep(for: interval)) != nil { tick.yield() }
                }
                for await _ in ticks { await refresh() }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            tick.finish()
        }
    }

    /// One fetch from the current worker; a failure keeps the list the catalog has.
    func refresh() async {
        guard supervisor.snapshot.isReady, let connection = supervisor.currentConnection else { return }
        do {
            let entries = try await ModelListFetch(connection: connection, pageTimeout: pageTimeout).run()
            catalog.replace(with: entries)
            logger.info("models_refreshed", metadata: ["component": "models", "model_count": .stringConvertible(entries.count)])
        } catch {
            logger.warning("models_refresh_failed", metadata: ["component": "models", "error": .string(String(describing: error).prefix(256).description)])
        }
    }
}

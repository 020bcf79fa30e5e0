import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The assembled proxy: the worker supervisor, the HTTP application and the drain coordinator,
/// run as one `ServiceGroup` that shuts down gracefully on SIGTERM and SIGINT.
public struct ProxyApplication: Sendable {
    public let configuration: ProxyConfiguration
    public let supervisor: WorkerSupervisor
    public let maintenance: MaintenanceMode
    let gate: ConcurrencyGate
    let logger: Logger

    public init(configuration: ProxyConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.supervisor = WorkerSupervisor(configuration: configuration.worker, logger: logger)
        self.maintenance = MaintenanceMode(enabled: configuration.maintenance.enabledAtStart, logger: logger)
        self.gate = ConcurrencyGate(limit: configuration.worker.maxConcurrency, queueLimit: configuration.worker.queueLimit)
    }

    /// Runs until SIGTERM/SIGINT, then drains and stops; returns when everything has stopped.
    public func run() async throws {
        let group = serviceGroup(onServerRunning: { _ in })
        try await group.run()
    }

    /// The service group, for callers (tests) that trigger shutdown themselves; `onServerRunning`
    /// receives the bound port.
    public func serviceGroup(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onServerRunning: @escaping @Sendable (Int) async -> Void
    ) -> ServiceGroup {
        let application = Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.server.port
                logger.notice(
                    "server_started",
                    metadata: [
                        "component": "http", "host": "\(configuration.server.host)", "port": "\(port)",
                        "models": "\(configuration.api.models.joined(separator: ","))", "auth": "\(configuration.api.apiKey != nil)",
                        "maintenance_mode": "\(maintenance.isEnabled)",
                    ]
                )
                await onServerRunning(port)
            },
            logger: logger
        )
        let drain = DrainCoordinator(supervisor: supervisor, gate: gate, grace: configuration.worker.shutdownGrace, logger: logger)
        return ServiceGroup(
            configuration: .init(
                services: [.init(service: supervisor), .init(service: application), .init(service: drain)],
                gracefulShutdownSignals: gracefulShutdownSignals,
                cancellationSignals: [],
                logger: logger
            )
        )
    }

    func buildRouter() -> Router<ProxyRequestContext> {
        let router = Router(context: ProxyRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        HealthController(supervisor: supervisor, maintenance: maintenance).addRoutes(to: router)
        if let token = configuration.maintenance.token {
            MaintenanceController(mode: maintenance, token: token).addRoutes(to: router)
        }
        let api = router.group("v1")
        api.add(middleware: MaintenanceMiddleware(mode: maintenance, retryAfterSeconds: configuration.maintenance.retryAfterSeconds))
        if let apiKey = configuration.api.apiKey {
            api.add(middleware: AuthMiddleware(apiKey: apiKey))
        }
        let service = ChatTurnService(supervisor: supervisor, gate: gate, worker: configuration.worker, requestTimeout: configuration.api.requestTimeout)
        ChatCompletionsController(service: service, api: configuration.api, maxBodyBytes: configuration.server.maxBodyBytes, observer: ChatObserver())
            .addRoutes(to: api)
        return router
    }
}

import Hummingbird
import Logging
import NIOCore
import Redaction
import ServiceLifecycle
import UnixSignals

/// The assembled proxy: the worker supervisor, the HTTP application and the drain coordinator,
/// run as one `ServiceGroup` that shuts down gracefully on SIGTERM and SIGINT.
public struct ProxyApplication: Sendable {
    public let configuration: ProxyConfiguration
    public let supervisor: WorkerSupervisor
    public let maintenance: MaintenanceMode
    /// Present when `PROXY_TRACE_BUFFER` is on.
    public let traceBuffer: TraceBuffer?
    let gate: ConcurrencyGate
    let logger: Logger

    /// Assembles the proxy; `redactor` scrubs trace files (the logger should use the same one).
    public init(configuration: ProxyConfiguration, logger: Logger, redactor: Redactor) {
        self.configuration = configuration
        self.logger = logger
        self.supervisor = WorkerSupervisor(configuration: configuration.worker, logger: logger)
        self.maintenance = MaintenanceMode(enabled: configuration.maintenance.enabledAtStart, logger: logger)
        self.gate = ConcurrencyGate(limit: configuration.worker.maxConcurrency, queueLimit: configuration.worker.queueLimit)
        self.traceBuffer =
            configuration.observability.trace.enabled
            ? TraceBuffer(configuration: configuration.observability.trace, redactor: redactor, logger: logger) : nil
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
                        "component": "http", "host": "\(configuration.server.host)", "port": .stringConvertible(port),
                        "models": "\(configuration.api.models.joined(separator: ","))", "auth": .stringConvertible(configuration.api.apiKey != nil),
                        "maintenance_mode": .stringConvertible(maintenance.isEnabled),
                    ]
                )
                await onServerRunning(port)
            },
            logger: logger
        )
        let drain = DrainCoordinator(supervisor: supervisor, gate: gate, grace: configuration.worker.shutdownGrace, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: supervisor)]
        if let traceBuffer { services.append(.init(service: TracePruner(buffer: traceBuffer))) }
        services += [.init(service: application), .init(service: drain)]
        return ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: gracefulShutdownSignals,
                cancellationSignals: [],
                logger: logger
            )
        )
    }

    func buildRouter() -> Router<ProxyRequestContext> {
        let router = Router(context: ProxyRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ObservabilityMiddleware(observer: RequestObserver()))
        router.add(middleware: ErrorRenderingMiddleware())
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
        ChatCompletionsController(
            service: service, api: configuration.api, maxBodyBytes: configuration.server.maxBodyBytes, observer: ChatObserver(),
            traceBuffer: traceBuffer
        )
            .addRoutes(to: api)
        return router
    }
}

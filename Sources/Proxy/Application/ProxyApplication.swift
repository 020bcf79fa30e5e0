import CodexWorker
import Hummingbird
import HummingbirdCore
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
    /// Present when `PROXY_ENABLE_METRICS` is on.
    public let metrics: ProxyMetrics?
    /// The API keys in force; `nil` when `/v1/*` is open.
    public let keys: KeyRegistry?
    let keyObserver: KeyObserver
    public let gate: ConcurrencyGate
    /// The models served: `PROXY_MODELS`, or the worker's `model/list`.
    let models: ModelCatalog
    /// Completed worker handshakes, read by the model-list refresher.
    private let workerReady: AsyncStream<Void>
    /// Turns in flight, which the drain stops when its grace is over.
    let turns = TurnRegistry()
    let logger: Logger

    /// Which listener a bound port belongs to.
    public enum Listener: Sendable {
        case api, metrics
    }

    /// Assembles the proxy; `redactor` scrubs trace files (the logger should use the same one),
    /// and the lines `logWriter` drops are counted in the metrics. Throws when a metric
    /// definition breaks label hygiene.
    public init(configuration: ProxyConfiguration, logger: Logger, redactor: Redactor, logWriter: LogLineWriter? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        let models = ModelCatalog(configured: configuration.api.models)
        self.models = models
        let metrics =
            configuration.observability.metrics.enabled
            ? try ProxyMetrics(isServed: { models.serves($0) == true }, logWriter: logWriter) : nil
        self.metrics = metrics
        let (workerReady, readySignal) = ModelCatalogRefresher.signals()
        self.workerReady = workerReady
        var observer = metrics?.workerObserver ?? WorkerObserver()
        if models.followsWorker { observer.workerReady = { _ = readySignal.yield() } }
        self.supervisor = WorkerSupervisor(configuration: configuration.worker, logger: logger, observer: observer)
        self.maintenance = MaintenanceMode(
            enabled: configuration.maintenance.enabledAtStart, logger: logger, onChange: { metrics?.maintenanceChanged($0) }
        )
        let keyObserver = metrics?.keyObserver ?? KeyObserver()
        self.keyObserver = keyObserver
        self.keys = try KeyRegistry(configuration: configuration.keys, logger: logger, observer: keyObserver)
        self.gate = ConcurrencyGate(limit: configuration.worker.maxConcurrency, queueLimit: configuration.worker.queueLimit)
        self.traceBuffer =
            configuration.observability.trace.enabled
            ? TraceBuffer(
                configuration: configuration.observability.trace, redactor: redactor, logger: logger,
                observer: metrics?.traceObserver ?? TraceObserver()
            ) : nil
    }

    /// Runs until SIGTERM/SIGINT, then drains and stops; returns when everything has stopped.
    public func run() async throws {
        let group = serviceGroup(onServerRunning: { _, _ in })
        try await group.run()
    }

    /// The service group, for callers (tests) that trigger shutdown themselves; `onServerRunning`
    /// receives each listener's bound port.
    public func serviceGroup(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onServerRunning: @escaping @Sendable (Listener, Int) async -> Void
    ) -> ServiceGroup {
        let application = Application(
            router: buildRouter(),
            server: ProxyHTTPServer.builder(limits: configuration.limits),
            configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.server.port
                logger.notice(
                    "server_started",
                    metadata: [
                        "component": "http", "host": "\(configuration.server.host)", "port": .stringConvertible(port),
                        "models": "\(configuration.api.models?.joined(separator: ",") ?? "(from the worker)")", "auth": .stringConvertible(keys != nil),
                        "maintenance_mode": .stringConvertible(maintenance.isEnabled),
                        "host_tools": .string(configuration.worker.hostAccess.tools.rawValue),
                        "shell_snapshot": .stringConvertible(configuration.worker.hostAccess.shellSnapshot),
                    ]
                )
                await onServerRunning(.api, port)
            },
            logger: logger
        )
        let drain = DrainCoordinator(supervisor: supervisor, gate: gate, turns: turns, grace: configuration.worker.shutdownGrace, logger: logger)
        let clock = TurnClock(registry: turns, keepaliveInterval: configuration.api.keepaliveInterval, writeStallTimeout: configuration.api.writeStallTimeout)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: clock), .init(service: supervisor)]
        if models.followsWorker {
            let refresher = ModelCatalogRefresher(
                catalog: models, supervisor: supervisor, interval: configuration.api.modelsRefreshInterval,
                pageTimeout: configuration.worker.pingTimeout, workerReady: workerReady, logger: logger
            )
            services.append(.init(service: refresher))
        }
        if let traceBuffer { services.append(.init(service: TracePruner(buffer: traceBuffer))) }
        if let keys, case .file = keys.source { services.append(.init(service: KeyReloadOnSignal(registry: keys))) }
        if let metricsApplication = separateMetricsApplication(onServerRunning: onServerRunning) {
            services.append(.init(service: metricsApplication))
        }
        services += [.init(service: application), .init(service: drain)]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: gracefulShutdownSignals,
            cancellationSignals: [],
            logger: logger
        )
        // A backstop: whatever still runs this long after SIGTERM (grace, then the drain's cut and
        // the worker's stop) is cancelled, so the process exits within grace + 3 s.
        groupConfiguration.maximumGracefulShutdownDuration = configuration.worker.shutdownGrace + .milliseconds(2_500)
        return ServiceGroup(configuration: groupConfiguration)
    }

    /// The `/metrics` listener of its own, when `PROXY_METRICS_PORT` is set.
    private func separateMetricsApplication(onServerRunning: @escaping @Sendable (Listener, Int) async -> Void) -> (any Service)? {
        let settings = configuration.observability.metrics
        guard let metrics, let port = settings.port else { return nil }
        let router = Router(context: ProxyRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ErrorRenderingMiddleware())
        MetricsController(metrics: metrics, settings: settings).addRoutes(to: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.notice("metrics_server_started", metadata: ["component": "http", "host": .string(settings.host), "port": .stringConvertible(bound)])
                await onServerRunning(.metrics, bound)
            },
            logger: logger
        )
    }

    func buildRouter() -> Router<ProxyRequestContext> {
        let router = Router(context: ProxyRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ObservabilityMiddleware(observer: metrics?.requestObserver ?? RequestObserver()))
        router.add(middleware: ErrorRenderingMiddleware())
        HealthController(supervisor: supervisor, maintenance: maintenance).addRoutes(to: router)
        if let metrics, configuration.observability.metrics.port == nil {
            MetricsController(metrics: metrics, settings: configuration.observability.metrics).addRoutes(to: router)
        }
        if let token = configuration.maintenance.token {
            MaintenanceController(mode: maintenance, token: token).addRoutes(to: router)
            if let keys, case .file = keys.source { KeysController(registry: keys, token: token).addRoutes(to: router) }
        }
        let api = router.group("v1")
        api.add(middleware: MaintenanceMiddleware(mode: maintenance, retryAfterSeconds: configuration.maintenance.retryAfterSeconds))
        if let keys {
            api.add(middleware: AuthMiddleware(registry: keys, observer: keyObserver))
        }
        let service = ChatTurnService(
            supervisor: supervisor, gate: gate, registry: turns, traceBuffer: traceBuffer, observer: metrics?.chatObserver ?? ChatObserver(),
            api: configuration.api, worker: configuration.worker
        )
        ModelsController(catalog: models).addRoutes(to: api)
        ChatCompletionsController(service: service, models: models, maxBodyBytes: configuration.server.maxBodyBytes).addRoutes(to: api)
        ResponsesController(service: service, models: models, maxBodyBytes: configuration.server.maxBodyBytes).addRoutes(to: api)
        return router
    }
}

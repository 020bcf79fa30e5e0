import Prometheus
import Synchronization

/// The proxy's Prometheus registry and the observers that feed it.
///
/// Built once by the application and passed explicitly; never a global. Labelled series are
/// created on first use, but every label value comes from a bounded set, so the number of
/// series stops growing once each combination has been seen.
public final class ProxyMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Whether a model name may be a label value (a served model; the set is bounded).
    private let isServed: @Sendable (String) -> Bool

    private let streamsActive: Gauge
    private let workerRestarts: Counter
    private let workerRecycles: Counter
    private let workerRecycleFailures: Counter
    private let turnsFinished: [TurnOutcome.Label: Counter]
    private let logLinesDropped: Counter
    private let functionCallsReturned: Counter
    private let functionCallsDropped: Counter
    /// The log writer whose dropped lines are counted, and how many were counted so far.
    private let logWriter: LogLineWriter?
    private let logDropsCounted = Mutex(0)
    private let workerBackoff: Gauge
    private let workerReady: Gauge
    private let toolBuffer: [ToolCallBuffer.Event: Counter]
    private let maintenanceOn: Gauge
    private let maintenanceOff: Gauge
    private let traceFiles: Gauge
    private let tracePruned: [TraceBuffer.PruneReason: Counter]

    /// Registers the catalog; throws when a definition breaks label hygiene.
    public convenience init(
        advertisedModels: [String], definitions: [MetricDefinition] = MetricCatalog.all, logWriter: LogLineWriter? = nil
    ) throws(MetricDefinitionError) {
        let models = Set(advertisedModels)
        try self.init(isServed: { models.contains($0) }, definitions: definitions, logWriter: logWriter)
    }

    /// Registers the catalog with a changing set of served models (the worker's model list,
    /// bounded by ``ModelCatalog/maximumEntries``); throws when a definition breaks label hygiene.
    init(
        isServed: @escaping @Sendable (String) -> Bool, definitions: [MetricDefinition] = MetricCatalog.all, logWriter: LogLineWriter? = nil
    ) throws(MetricDefinitionError) {
        try MetricCatalog.validate(definitions)
        self.logWriter = logWriter
        self.isServed = isServed
        streamsActive = registry.makeGauge(descriptor: Self.descriptor(MetricCatalog.streamsActive))
        workerRestarts = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.workerRestarts))
        workerRecycles = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.workerRecycles))
        workerRecycleFailures = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.workerRecycleFailures))
        var outcomes: [TurnOutcome.Label: Counter] = [:]
        for label in TurnOutcome.Label.allCases {
            outcomes[label] = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.turnsFinished), labels: [("outcome", label.rawValue)])
        }
        turnsFinished = outcomes
        logLinesDropped = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.logLinesDropped))
        functionCallsReturned = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.functionCalls), labels: [("outcome", "returned")])
        functionCallsDropped = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.functionCalls), labels: [("outcome", "dropped")])
        workerBackoff = registry.makeGauge(descriptor: Self.descriptor(MetricCatalog.workerBackoff))
        workerReady = registry.makeGauge(descriptor: Self.descriptor(MetricCatalog.workerReady))
        var toolBuffer: [ToolCallBuffer.Event: Counter] = [
            .started: registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.toolBufferStarted)),
            .flushed: registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.toolBufferFlushed)),
        ]
        for reason in ToolCallBuffer.AbortReason.allCases {
            toolBuffer[.aborted(reason)] = registry.makeCounter(
                descriptor: Self.descriptor(MetricCatalog.toolBufferAborted), labels: [("reason", reason.rawValue)]
            )
        }
        self.toolBuffer = toolBuffer
        maintenanceOn = registry.makeGauge(descriptor: Self.descriptor(MetricCatalog.maintenanceMode), labels: [("state", "on")])
        maintenanceOff = registry.makeGauge(descriptor: Self.descriptor(MetricCatalog.maintenanceMode), labels: [("state", "off")])
        traceFiles = registry.makeGauge(descriptor: Self.descriptor(MetricCatalog.traceFiles))
        var pruned: [TraceBuffer.PruneReason: Counter] = [:]
        for reason in TraceBuffer.PruneReason.allCases {
            pruned[reason] = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.tracePruned), labels: [("reason", reason.rawValue)])
        }
        tracePruned = pruned
    }

    /// The Prometheus text exposition of every series.
    public func exposition() -> [UInt8] {
        if let logWriter {
            let total = logWriter.failedWrites
            let added = logDropsCounted.withLock { counted -> Int in
                defer { counted = max(counted, total) }
                return max(0, total - counted)
            }
            if added > 0 { logLinesDropped.increment(by: Int64(added)) }
        }
        return registry.emitToBuffer()
    }

    // MARK: Observers

    /// Counts and times each completed request.
    public var requestObserver: RequestObserver {
        RequestObserver { [self] request in
            let labels = [
                ("route", request.route), ("method", Self.methodLabel(request.method)), ("status_family", request.statusFamily),
                ("model", modelLabel(request.modelLabel)),
            ]
            registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.httpRequests), labels: labels).increment()
            registry.makeValueHistogram(descriptor: Self.descriptor(MetricCatalog.httpLatency), labels: labels, buckets: MetricCatalog.httpLatency.buckets)
                .record(request.latency.fractionalMilliseconds)
        }
    }

    var chatObserver: ChatObserver {
        ChatObserver(
            streamOpened: { [streamsActive] in streamsActive.increment() },
            streamClosed: { [streamsActive] in streamsActive.decrement() },
            firstToken: { [self] model, elapsed in
                registry.makeValueHistogram(
                    descriptor: Self.descriptor(MetricCatalog.firstToken),
                    labels: [("route", "/v1/chat/completions"), ("model", modelLabel(model))],
                    buckets: MetricCatalog.firstToken.buckets
                ).record(elapsed.fractionalMilliseconds)
            },
            toolBuffer: { [toolBuffer] event in toolBuffer[event]?.increment() },
            functionCalls: { [functionCallsReturned, functionCallsDropped] returned, dropped in
                functionCallsReturned.increment(by: Int64(returned))
                functionCallsDropped.increment(by: Int64(dropped))
            },
            turnFinished: { [turnsFinished] outcome in turnsFinished[outcome]?.increment() }
        )
    }

    public var workerObserver: WorkerObserver {
        WorkerObserver(
            statusChanged: { [workerReady, workerBackoff] status in
                workerReady.set(to: status.isReady ? 1.0 : 0.0)
                workerBackoff.set(Double(status.state == .backoff ? status.backoffMilliseconds : 0))
            },
            workerRestarted: { [workerRestarts] in workerRestarts.increment() },
            workerRecycled: { [workerRecycles] in workerRecycles.increment() },
            recycleFailed: { [workerRecycleFailures] in workerRecycleFailures.increment() }
        )
    }

    public func maintenanceChanged(_ enabled: Bool) {
        maintenanceOn.set(to: enabled ? 1.0 : 0.0)
        maintenanceOff.set(to: enabled ? 0.0 : 1.0)
    }

    public var traceObserver: TraceObserver {
        TraceObserver(
            filesChanged: { [traceFiles] count in traceFiles.set(Double(count)) },
            pruned: { [tracePruned] reason, count in tracePruned[reason]?.increment(by: Int64(count)) }
        )
    }

    // MARK: Label hygiene

    /// An advertised model keeps its name; `none` stays; anything else is `other`.
    func modelLabel(_ model: String) -> String {
        isServed(model) || model == "none" ? model : "other"
    }

    static func methodLabel(_ method: String) -> String {
        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(method) ? method : "other"
    }

    /// The full name and help text of `definition`, as swift-prometheus takes them.
    static func descriptor(_ definition: MetricDefinition) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: definition.name, unitName: "", helpText: definition.help)
    }
}

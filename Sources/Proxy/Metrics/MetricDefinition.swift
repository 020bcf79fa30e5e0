/// One metric of the contract: its name, kind, help text and the label names it may carry.
public struct MetricDefinition: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case counter, gauge, histogram
    }

    public var name: String
    public var kind: Kind
    public var help: String
    public var labels: [String]
    /// Upper bounds, in milliseconds, for histograms.
    public var buckets: [Double]

    public init(name: String, kind: Kind, help: String, labels: [String] = [], buckets: [Double] = []) {
        self.name = name
        self.kind = kind
        self.help = help
        self.labels = labels
        self.buckets = buckets
    }
}

/// A metric definition that breaks label hygiene; start-up stops on it.
public struct MetricDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var metric: String
    public var label: String

    public var description: String {
        "metric \(metric) declares label '\(label)', which is not in the allowlist \(MetricCatalog.allowedLabels.sorted())"
    }
}

/// The metrics the proxy exports: the names dashboards and alerts are written against
/// (docs/architecture.md), with label names from a fixed allowlist.
public enum MetricCatalog {
    /// The only label names any metric may use. Label values are bounded too: route templates or
    /// `unmatched`, advertised models or `other`/`none`, status families, fixed enums.
    public static let allowedLabels: Set<String> = ["route", "method", "status_family", "model", "state", "reason", "outcome", "key", "kind"]

    /// Total latency: a few milliseconds to a couple of minutes.
    static let latencyBuckets: [Double] = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000]
    /// First-token latency, finer at the low end.
    static let firstTokenBuckets: [Double] = [1, 2.5, 5, 10, 25, 50, 75, 100, 150, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000]

    static let httpRequests = MetricDefinition(
        name: "codex_http_requests_total", kind: .counter, help: "HTTP requests answered, by route template, method, status family and model.",
        labels: ["route", "method", "status_family", "model"]
    )
    static let httpLatency = MetricDefinition(
        name: "codex_http_latency_ms", kind: .histogram, help: "Time from request arrival to the last byte of the response, in milliseconds.",
        labels: ["route", "method", "status_family", "model"], buckets: latencyBuckets
    )
    static let firstToken = MetricDefinition(
        name: "codex_stream_first_token_ms", kind: .histogram, help: "Time from request arrival to the first streamed content delta, in milliseconds.",
        labels: ["route", "model"], buckets: firstTokenBuckets
    )
    static let streamsActive = MetricDefinition(name: "codex_streams_active", kind: .gauge, help: "SSE streams currently open.")
    static let workerRestarts = MetricDefinition(
        name: "codex_worker_restarts_total", kind: .counter, help: "Worker restarts since the proxy started."
    )
    static let workerRecycles = MetricDefinition(
        name: "codex_worker_recycles_total", kind: .counter, help: "Planned worker replacements by the recycle policy (not crashes)."
    )
    static let workerBackoff = MetricDefinition(
        name: "codex_worker_backoff_ms", kind: .gauge, help: "The current (or last) delay before a worker restart, in milliseconds."
    )
    static let workerReady = MetricDefinition(
        name: "codex_worker_ready", kind: .gauge, help: "1 when the worker completed its handshake and takes turns, else 0."
    )
    static let toolBufferStarted = MetricDefinition(
        name: "codex_tool_buffer_started_total", kind: .counter, help: "Text tool-call blocks whose opening tag was held back."
    )
    static let toolBufferFlushed = MetricDefinition(
        name: "codex_tool_buffer_flushed_total", kind: .counter, help: "Text tool-call blocks released whole when they closed."
    )
    static let toolBufferAborted = MetricDefinition(
        name: "codex_tool_buffer_aborted_total", kind: .counter,
        help: "Text tool-call blocks released before their closing tag: still open when the turn ended (unclosed) or past PROXY_TOOL_BUFFER_MAX_BYTES (too_large).",
        labels: ["reason"]
    )
    static let maintenanceMode = MetricDefinition(
        name: "codex_maintenance_mode", kind: .gauge, help: "1 for the current maintenance state (on or off), 0 for the other.", labels: ["state"]
    )
    static let traceFiles = MetricDefinition(name: "codex_trace_buffer_files", kind: .gauge, help: "Files in the trace buffer.")
    static let tracePruned = MetricDefinition(
        name: "codex_trace_buffer_pruned_total", kind: .counter, help: "Trace files removed, by reason (age or count).", labels: ["reason"]
    )

    static let workerRecycleFailures = MetricDefinition(
        name: "codex_worker_recycle_failures_total", kind: .counter,
        help: "Recycle successors that failed before taking over (the serving worker stayed; not crashes)."
    )
    static let turnsFinished = MetricDefinition(
        name: "codex_turns_finished_total", kind: .counter,
        help: "Chat turns by how they ended (completed, tool_calls, failed, worker_exited, deadline, client_gone, client_stalled, shutting_down, rejected).",
        labels: ["outcome"]
    )
    static let functionCalls = MetricDefinition(
        name: "codex_function_calls_total", kind: .counter,
        help: "Client function calls the model made: returned to the client, or dropped because parallel_tool_calls was false.",
        labels: ["outcome"]
    )
    static let logLinesDropped = MetricDefinition(
        name: "codex_log_lines_dropped_total", kind: .counter,
        help: "Log lines dropped because standard output did not keep up (the writer's queue was full)."
    )

    /// Every metric the proxy registers.
    public static let all: [MetricDefinition] = [
        httpRequests, httpLatency, firstToken, streamsActive, workerRestarts, workerRecycles, workerBackoff, workerReady,
        toolBufferStarted, toolBufferFlushed, toolBufferAborted, maintenanceMode, traceFiles, tracePruned,
        workerRecycleFailures, turnsFinished, functionCalls, logLinesDropped,
    ] + keyMetrics

    /// Throws for the first definition that uses a label outside ``allowedLabels``.
    public static func validate(_ definitions: [MetricDefinition]) throws(MetricDefinitionError) {
        for definition in definitions {
            if let label = definition.labels.first(where: { !allowedLabels.contains($0) }) {
                throw MetricDefinitionError(metric: definition.name, label: label)
            }
        }
    }
}

import CodexWorker
/// Everything the proxy can be told, validated once at start-up and passed to every component.
///
/// Built from the environment merged with command-line flags by ``init(environment:)``; the
/// README's configuration table lists every variable with its default.
public struct ProxyConfiguration: Sendable {
    /// The HTTP listener.
    public struct Server: Sendable {
        public var host: String
        /// 0 picks a free port (the bound port is logged in `server_started`).
        public var port: Int
        public var maxBodyBytes: Int
    }

    /// The OpenAI-compatible surface.
    public struct API: Sendable {
        /// Bearer key for `/v1/*`; `nil` leaves the API open (logged as a warning at start).
        public var apiKey: String?
        /// `PROXY_MODELS`: exactly these models are served; `nil` (unset) serves the worker's
        /// own `model/list`. Requests for other models get 404 `model_not_found`.
        public var models: [String]?
        /// How often the worker's model list is fetched again (besides after every handshake).
        public var modelsRefreshInterval: Duration
        /// From the request's arrival to the end of its response, writes included.
        public var requestTimeout: Duration
        /// A `: keepalive` comment is sent when the worker has been silent this long.
        public var keepaliveInterval: Duration
        /// `PROXY_MAX_IMAGE_BYTES`: the largest inline image, decoded.
        public var maxImageBytes = ChatImagePart.defaultMaxBytes
        /// `PROXY_TOOL_BUFFER_MAX_BYTES` (read with the input limits).
        public var toolBufferMaxBytes = ToolCallBuffer.defaultMaxHeldBytes
        /// A response write that makes no progress this long (a client that stopped reading)
        /// cuts the connection and ends the turn.
        public var writeStallTimeout: Duration
    }

    /// Maintenance mode and its operator endpoint.
    public struct Maintenance: Sendable {
        public var enabledAtStart: Bool
        /// Guards `/internal/maintenance`; the endpoint does not exist when `nil`.
        public var token: String?
        /// `Retry-After` sent while maintenance is on.
        public var retryAfterSeconds: Int
    }

    /// The Codex app-server child process and how it is supervised (the `CodexWorker` module's settings).
    public typealias Worker = WorkerConfiguration

    /// Logs, redaction and the trace buffer.
    public struct Observability: Sendable {
        public var logLevel: String
        public var logFormat: LogFormat
        /// Log lines that may wait for a slow stdout before new ones are dropped (and counted).
        public var logQueueLines: Int
        /// A rule file that adds to or overrides the default redaction rules.
        public var redactionRulesPath: String?
        public var trace: TraceBufferConfiguration
        public var metrics: Metrics
    }

    /// `GET /metrics` and who may read it.
    public struct Metrics: Sendable {
        public var enabled: Bool
        /// Lets non-loopback scrapers in with `Authorization: Bearer <token>`.
        public var token: String?
        /// Whether loopback clients need no token; turn off when a reverse proxy on the same host
        /// forwards outside traffic (it would all look like loopback).
        public var trustLoopback: Bool
        /// When set, `/metrics` is served only on this port (on `PROXY_METRICS_HOST`), never on the API listener.
        public var port: Int?
        public var host: String
    }

    public var server: Server
    public var api: API
    /// API keys and per-key limits (ProxyConfiguration+Keys.swift).
    public var keys: Keys
    public var maintenance: Maintenance
    public var worker: Worker
    public var observability: Observability
    /// HTTP timeouts, the connection cap and the tool-buffer bound (hostile-input limits).
    public var limits = InputLimits()
}

/// Where and for how long redacted JSON-RPC traces are kept (`PROXY_TRACE_*`).
public struct TraceBufferConfiguration: Sendable {
    public var enabled: Bool
    public var directory: String
    /// Files older than this are pruned.
    public var maxAge: Duration
    /// At most this many files are kept; the oldest go first.
    public var maxFiles: Int
    /// How often the pruner runs besides pruning on every write.
    public var pruneInterval: Duration
    /// The largest trace file; events past it are dropped and a truncation marker is written.
    public var maxBytes: Int
    /// At most one batch of trace writes per window: the longest a trace waits to reach the
    /// disk under load. Traces that newer ones push past `maxFiles` meanwhile are never written.
    public var batchWindow: Duration

    public init(
        enabled: Bool, directory: String, maxAge: Duration, maxFiles: Int, pruneInterval: Duration, maxBytes: Int = 1_048_576,
        batchWindow: Duration = .seconds(1)
    ) {
        self.enabled = enabled
        self.directory = directory
        self.maxAge = maxAge
        self.maxFiles = maxFiles
        self.pruneInterval = pruneInterval
        self.maxBytes = maxBytes
        self.batchWindow = batchWindow
    }
}

extension ProxyConfiguration {
    /// Reads and validates every setting; throws one error naming all bad variables.
    public init(environment: [String: String]) throws(ConfigurationError) {
        var reader = EnvironmentReader(environment)

        server = Server(
            host: reader.string("PROXY_HOST", default: "127.0.0.1"),
            port: reader.integer("PROXY_PORT", default: 8080, range: 0...65535),
            maxBodyBytes: reader.integer("PROXY_MAX_BODY_BYTES", default: 1_048_576, range: 1024...(256 * 1_048_576))
        )
        api = API(
            apiKey: reader.optionalString("PROXY_API_KEY"),
            models: reader.raw("PROXY_MODELS").map { _ in reader.list("PROXY_MODELS", default: []) },
            modelsRefreshInterval: .seconds(reader.integer("PROXY_MODELS_REFRESH_S", default: 600, range: 1...86_400)),
            requestTimeout: reader.milliseconds("PROXY_REQUEST_TIMEOUT_MS", default: 300_000, range: 100...86_400_000),
            keepaliveInterval: reader.milliseconds("PROXY_SSE_KEEPALIVE_MS", default: 15_000, range: 50...3_600_000),
            writeStallTimeout: reader.milliseconds("PROXY_WRITE_STALL_TIMEOUT_MS", default: 30_000, range: 100...3_600_000)
        )
        api.maxImageBytes = reader.integer("PROXY_MAX_IMAGE_BYTES", default: ChatImagePart.defaultMaxBytes, range: 1...(256 * 1_048_576))
        keys = Self.readKeys(&reader, apiKey: api.apiKey)
        maintenance = Maintenance(
            enabledAtStart: reader.bool("PROXY_MAINTENANCE_MODE", default: false),
            token: reader.optionalString("PROXY_MAINTENANCE_TOKEN"),
            retryAfterSeconds: reader.integer("PROXY_MAINTENANCE_RETRY_AFTER_S", default: 30, range: 1...86_400)
        )
        let backoffInitial = reader.integer("WORKER_BACKOFF_INITIAL_MS", default: 250, range: 1...600_000)
        let backoffMax = reader.integer("WORKER_BACKOFF_MAX_MS", default: 5_000, range: 1...3_600_000)
        worker = Worker(
            executable: reader.string("CODEX_BIN", default: "codex"),
            extraArguments: reader.optionalString("CODEX_ARGS").map(Self.splitArguments) ?? [],
            workingDirectory: reader.optionalString("CODEX_WORKDIR"),
            clientVersion: ProxyVersion.current,
            maxConcurrency: reader.integer("WORKER_MAX_CONCURRENCY", default: 4, range: 1...1024),
            queueLimit: reader.integer("WORKER_QUEUE_MAX", default: 32, range: 0...100_000),
            queueTimeout: reader.milliseconds("WORKER_QUEUE_TIMEOUT_MS", default: 10_000, range: 0...3_600_000),
            handshakeTimeout: reader.milliseconds("WORKER_HANDSHAKE_TIMEOUT_MS", default: 10_000, range: 10...600_000),
            backoff: BackoffPolicy(initial: .milliseconds(backoffInitial), maximum: .milliseconds(max(backoffInitial, backoffMax))),
            backoffResetAfter: reader.milliseconds("WORKER_BACKOFF_RESET_MS", default: 30_000, range: 0...86_400_000),
            restartLimit: reader.integer("WORKER_RESTART_MAX", default: 10, range: 1...100_000),
            restartWindow: reader.milliseconds("WORKER_RESTART_WINDOW_MS", default: 60_000, range: 1...86_400_000),
            shutdownGrace: reader.milliseconds("WORKER_SHUTDOWN_GRACE_MS", default: 10_000, range: 0...3_600_000),
            stopStepTimeout: reader.milliseconds("WORKER_STOP_TIMEOUT_MS", default: 2_000, range: 10...600_000),
            pingTimeout: reader.milliseconds("WORKER_PING_TIMEOUT_MS", default: 5_000, range: 10...600_000),
            recycle: RecyclePolicy(
                afterTurns: reader.integer("WORKER_RECYCLE_AFTER_TURNS", default: 1_000, range: 0...100_000_000),
                maximumResidentBytes: UInt64(reader.integer("WORKER_RECYCLE_RSS_MB", default: 2_048, range: 0...1_048_576)) * 1_048_576,
                checkInterval: reader.milliseconds("WORKER_RECYCLE_CHECK_MS", default: 1_000, range: 10...3_600_000)
            ),
            withheldEnvironment: ["PROXY_API_KEY", "PROXY_MAINTENANCE_TOKEN", "PROXY_METRICS_TOKEN"]
        )
        worker.hostAccess = reader.hostAccess()
        worker.clientFunctions = reader.bool("PROXY_FUNCTION_TOOLS", default: true)

        let logLevel = reader.string("LOG_LEVEL", default: "info").lowercased()
        let logFormatName = reader.string("LOG_FORMAT", default: "json").lowercased()
        observability = Observability(
            logLevel: logLevel,
            logFormat: LogFormat(rawValue: logFormatName) ?? .json,
            logQueueLines: reader.integer("LOG_QUEUE_MAX_LINES", default: 16_384, range: 16...1_048_576),
            redactionRulesPath: reader.optionalString("PROXY_REDACTION_RULES"),
            trace: TraceBufferConfiguration(
                enabled: reader.bool("PROXY_TRACE_BUFFER", default: false),
                directory: reader.string("PROXY_TRACE_DIR", default: ".codex-api/trace-buffer"),
                maxAge: .seconds(reader.integer("PROXY_TRACE_TTL_S", default: 86_400, range: 1...31_536_000)),
                maxFiles: reader.integer("PROXY_TRACE_MAX_FILES", default: 100, range: 1...1_000_000),
                pruneInterval: .seconds(reader.integer("PROXY_TRACE_PRUNE_INTERVAL_S", default: 60, range: 1...86_400))
            ),
            metrics: Metrics(
                enabled: reader.bool("PROXY_ENABLE_METRICS", default: false),
                token: reader.optionalString("PROXY_METRICS_TOKEN"),
                trustLoopback: reader.bool("PROXY_METRICS_TRUST_LOOPBACK", default: true),
                port: reader.raw("PROXY_METRICS_PORT") == nil ? nil : reader.integer("PROXY_METRICS_PORT", default: 0, range: 0...65535),
                host: reader.string("PROXY_METRICS_HOST", default: "127.0.0.1")
            )
        )
        observability.trace.maxBytes = reader.integer("PROXY_TRACE_MAX_BYTES", default: 1_048_576, range: 4_096...(1_024 * 1_048_576))
        observability.trace.batchWindow = reader.milliseconds("PROXY_TRACE_BATCH_MS", default: 1_000, range: 0...60_000)
        limits = InputLimits(reader: &reader)
        api.toolBufferMaxBytes = limits.toolBufferMaxBytes
        if let token = observability.metrics.token, token.utf8.count < 16 {
            reader.reject("PROXY_METRICS_TOKEN must be at least 16 characters")
        }
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            reader.reject("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical, got '\(logLevel)'")
        }
        if LogFormat(rawValue: logFormatName) == nil {
            reader.reject("LOG_FORMAT must be json or text, got '\(logFormatName)'")
        }
        if backoffMax < backoffInitial {
            reader.reject("WORKER_BACKOFF_MAX_MS (\(backoffMax)) must not be below WORKER_BACKOFF_INITIAL_MS (\(backoffInitial))")
        }
        if api.models?.isEmpty == true {
            reader.reject("PROXY_MODELS must list at least one model (unset it to serve the worker's model list)")
        }
        for model in api.models ?? [] where !model.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:/".contains($0) }) {
            reader.reject("PROXY_MODELS entry '\(model)' may contain only letters, digits and -_.:/")
        }
        if let token = maintenance.token, token.utf8.count < 16 {
            reader.reject("PROXY_MAINTENANCE_TOKEN must be at least 16 characters")
        }
        if !reader.problems.isEmpty {
            throw ConfigurationError(problems: reader.problems)
        }
    }

    /// Splits `CODEX_ARGS` on whitespace; single or double quotes group words (no escapes).
    static func splitArguments(_ text: String) -> [String] {
        var arguments: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { arguments.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { arguments.append(current) }
        return arguments
    }
}

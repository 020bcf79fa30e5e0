extension ProxyConfiguration {
    /// Bounds on how long a client may keep the proxy waiting and how much it may make the proxy
    /// hold (`PROXY_HTTP_*`, `PROXY_MAX_CONNECTIONS`, `PROXY_TOOL_BUFFER_MAX_BYTES`).
    public struct InputLimits: Sendable {
        /// A keep-alive connection with no request in progress is closed after this long.
        public var idleTimeout: Duration
        /// A request head (request line and headers) must arrive within this long of its first byte.
        public var requestHeadTimeout: Duration
        /// A request body must arrive within this long of the end of its head.
        public var requestBodyTimeout: Duration
        /// Connections accepted past this many open ones get a 503 and are closed.
        public var maxConnections: Int
        /// The most text of one open `<use_tool>` block held back from a stream.
        public var toolBufferMaxBytes: Int

        public init(
            idleTimeout: Duration = .seconds(60), requestHeadTimeout: Duration = .seconds(10), requestBodyTimeout: Duration = .seconds(30),
            maxConnections: Int = 1_024, toolBufferMaxBytes: Int = ToolCallBuffer.defaultMaxHeldBytes
        ) {
            self.idleTimeout = idleTimeout
            self.requestHeadTimeout = requestHeadTimeout
            self.requestBodyTimeout = requestBodyTimeout
            self.maxConnections = maxConnections
            self.toolBufferMaxBytes = toolBufferMaxBytes
        }

        init(reader: inout EnvironmentReader) {
            let defaults = InputLimits()
            self.init(
                idleTimeout: reader.milliseconds("PROXY_HTTP_IDLE_TIMEOUT_MS", default: Int(defaults.idleTimeout.milliseconds), range: 50...86_400_000),
                requestHeadTimeout: reader.milliseconds(
                    "PROXY_HTTP_HEAD_TIMEOUT_MS", default: Int(defaults.requestHeadTimeout.milliseconds), range: 50...3_600_000
                ),
                requestBodyTimeout: reader.milliseconds(
                    "PROXY_HTTP_BODY_TIMEOUT_MS", default: Int(defaults.requestBodyTimeout.milliseconds), range: 50...3_600_000
                ),
                maxConnections: reader.integer("PROXY_MAX_CONNECTIONS", default: defaults.maxConnections, range: 1...1_000_000),
                toolBufferMaxBytes: reader.integer(
                    "PROXY_TOOL_BUFFER_MAX_BYTES", default: defaults.toolBufferMaxBytes, range: 1_024...(64 * 1_048_576)
                )
            )
        }
    }
}

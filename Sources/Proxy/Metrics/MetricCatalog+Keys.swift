extension MetricCatalog {
    /// Label values: `key` is a name from the key file (bounded by it), `kind` is
    /// `requests`, `tokens` or `concurrent`, `status_family` is `1xx` … `5xx`.
    static let keyRequests = MetricDefinition(
        name: "codex_key_requests_total", kind: .counter, help: "Requests answered per API key (its configured name), by status family.",
        labels: ["key", "status_family"]
    )
    static let rateLimitRejected = MetricDefinition(
        name: "codex_ratelimit_rejected_total", kind: .counter, help: "Requests refused with 429 by a per-key limit, by key name and limit kind.",
        labels: ["key", "kind"]
    )
    static let keysConfigured = MetricDefinition(name: "codex_keys_configured", kind: .gauge, help: "API keys in force.")
    static let keysReloadFailures = MetricDefinition(
        name: "codex_keys_reload_failures_total", kind: .counter, help: "Key file reloads refused because the file was invalid (the previous keys stayed)."
    )

    static let keyMetrics = [keyRequests, rateLimitRejected, keysConfigured, keysReloadFailures]
}

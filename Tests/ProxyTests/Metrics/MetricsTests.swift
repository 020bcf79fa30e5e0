import Foundation
import OrderedJSON
@testable import Proxy
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Prometheus metrics", .timeLimit(.minutes(2)))
struct MetricsTests {
    static let enabled = ["PROXY_ENABLE_METRICS": "true"]
    static let contract = [
        "codex_http_requests_total", "codex_http_latency_ms", "codex_stream_first_token_ms", "codex_streams_active",
        "codex_worker_restarts_total", "codex_worker_backoff_ms", "codex_worker_ready", "codex_tool_buffer_started_total",
        "codex_tool_buffer_flushed_total", "codex_tool_buffer_aborted_total", "codex_maintenance_mode", "codex_trace_buffer_files",
        "codex_trace_buffer_pruned_total",
    ]

    @Test("metrics are off unless PROXY_ENABLE_METRICS")
    func offByDefault() async throws {
        try await ProxyHarness.run { proxy async throws in
            #expect(try await proxy.get("/metrics").status == 404)
        }
    }

    @Test("every contract series is exported with its type once traffic has flowed")
    func contractSeries() async throws {
        let traces = try TemporaryDirectory("metrics-trace")
        defer { traces.remove() }
        let environment = Self.enabled.merging(["PROXY_TRACE_BUFFER": "true", "PROXY_TRACE_DIR": traces.path]) { $1 }
        try await ProxyHarness.run(environment: environment) { proxy in
            _ = try await proxy.chat(ProxyHarness.chatBody("REPLY:done <use_tool name=\"x\">{}</use_tool>", stream: true))
            _ = try await proxy.chat(ProxyHarness.chatBody("say hi"))
            let exposition = try await proxy.scrape()
            for name in Self.contract {
                let base = exposition.types[name]
                #expect(base != nil, "\(name) has a TYPE line")
            }
            #expect(exposition.types["codex_http_requests_total"] == "counter")
            #expect(exposition.types["codex_http_latency_ms"] == "histogram")
            #expect(exposition.types["codex_stream_first_token_ms"] == "histogram")
            #expect(exposition.types["codex_streams_active"] == "gauge")
            #expect(exposition.value("codex_http_requests_total", ["route": "/v1/chat/completions", "method": "POST", "status_family": "2xx", "model": "gpt-5.1-codex"]) == 2)
            #expect(exposition.value("codex_http_latency_ms_count", ["route": "/v1/chat/completions", "model": "gpt-5.1-codex"]) == 2)
            #expect(exposition.value("codex_stream_first_token_ms_count", ["model": "gpt-5.1-codex"]) == 1)
            #expect(exposition.value("codex_streams_active") == 0)
            #expect(exposition.value("codex_worker_ready") == 1)
            #expect(exposition.value("codex_tool_buffer_started_total") == 1)
            #expect(exposition.value("codex_tool_buffer_flushed_total") == 1)
            #expect(exposition.value("codex_tool_buffer_aborted_total") == 0)
            #expect(exposition.value("codex_maintenance_mode", ["state": "off"]) == 1)
            #expect(exposition.value("codex_maintenance_mode", ["state": "on"]) == 0)
            #expect(exposition.value("codex_trace_buffer_files") == 2)
        }
    }

    @Test("a worker kill moves the restart counter, readiness and backoff gauges")
    func workerSeries() async throws {
        try await ProxyHarness.run(environment: Self.enabled.merging(["WORKER_BACKOFF_INITIAL_MS": "300"]) { $1 }) { proxy in
            let pid = try #require(proxy.application.supervisor.snapshot.pid)
            kill(pid, SIGKILL)
            try await proxy.waitUntil("backoff", timeout: .seconds(20)) { proxy.application.supervisor.snapshot.state == .backoff }
            let during = try await proxy.scrape()
            #expect(during.value("codex_worker_ready") == 0)
            #expect(during.value("codex_worker_backoff_ms") == 300)
            #expect(during.value("codex_worker_restarts_total") == 1)
            try await proxy.waitUntil("ready", timeout: .seconds(20)) { proxy.application.supervisor.snapshot.isReady }
            let after = try await proxy.scrape()
            #expect(after.value("codex_worker_ready") == 1)
            #expect(after.value("codex_worker_backoff_ms") == 0)
            #expect(after.value("codex_worker_restarts_total") == 1)
        }
    }

    @Test("maintenance toggles move the maintenance gauge")
    func maintenanceSeries() async throws {
        try await ProxyHarness.run(environment: Self.enabled.merging(["PROXY_MAINTENANCE_MODE": "true"]) { $1 }) { proxy in
            #expect(try await proxy.scrape().value("codex_maintenance_mode", ["state": "on"]) == 1)
            proxy.application.maintenance.set(false, requestID: nil)
            let exposition = try await proxy.scrape()
            #expect(exposition.value("codex_maintenance_mode", ["state": "on"]) == 0)
            #expect(exposition.value("codex_maintenance_mode", ["state": "off"]) == 1)
        }
    }

    @Test("with loopback untrusted, /metrics needs the token: 403 without, 200 with")
    func accessControl() async throws {
        let environment = Self.enabled.merging(["PROXY_METRICS_TRUST_LOOPBACK": "false", "PROXY_METRICS_TOKEN": "metrics-token-0123456789"]) { $1 }
        try await ProxyHarness.run(environment: environment) { proxy in
            let refused = try await proxy.get("/metrics", authorized: false)
            #expect(refused.status == 403)
            #expect(refused.error?["code"] == "metrics_forbidden")
            let wrong = try await proxy.get("/metrics", authorized: false, headers: [("Authorization", "Bearer metrics-token-xxxxxxxxxx")])
            #expect(wrong.status == 403)
            let allowed = try await proxy.get("/metrics", authorized: false, headers: [("Authorization", "Bearer metrics-token-0123456789")])
            #expect(allowed.status == 200)
            #expect(allowed.header("content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
        }
    }

    @Test("PROXY_METRICS_PORT serves /metrics on its own listener and never on the API listener")
    func separatePort() async throws {
        try await ProxyHarness.run(environment: Self.enabled.merging(["PROXY_METRICS_PORT": "0"]) { $1 }) { proxy in
            let metricsURL = try #require(proxy.metricsURL)
            #expect(try await proxy.get("/metrics").status == 404)
            let separate = try await ProcessClient(baseURL: metricsURL).get("/metrics", authorized: false)
            #expect(separate.status == 200)
            #expect(String(decoding: separate.body, as: UTF8.self).contains("codex_worker_ready 1"))
            #expect(try await ProcessClient(baseURL: metricsURL).get("/v1/models").status == 404)
        }
    }

    @Test("a metric declaring a label outside the allowlist stops start-up")
    func labelAllowlist() {
        let bad = MetricDefinition(name: "codex_bad_total", kind: .counter, help: "bad", labels: ["route", "request_id"])
        #expect(throws: MetricDefinitionError(metric: "codex_bad_total", label: "request_id")) {
            try ProxyMetrics(advertisedModels: ["m"], definitions: MetricCatalog.all + [bad])
        }
        #expect(throws: Never.self) { try ProxyMetrics(advertisedModels: ["m"]) }
    }
}

import Foundation
import OrderedJSON
import Testing

/// The Grafana dashboard's structure, as Grafana 11 needs it to load and lay it out.
@Suite("Grafana dashboard")
struct DashboardTests {
    @Test("the dashboard is Grafana 11 JSON: schema version, unique ids, every panel on the 24-column grid without overlaps")
    func layout() throws {
        let dashboard = try Dashboard.load()
        #expect((dashboard.json["schemaVersion"]?.integerValue ?? 0) >= 39)
        #expect(dashboard.json["uid"]?.stringValue == "codex-proxy")
        let ids = dashboard.panels.compactMap { $0["id"]?.integerValue }
        #expect(ids.count == dashboard.panels.count && Set(ids).count == ids.count, "panel ids must be present and unique: \(ids)")
        var occupied: Set<[Int64]> = []
        for panel in dashboard.panels {
            let title = panel["title"]?.stringValue ?? "?"
            let grid = try #require(panel["gridPos"], "\(title) has no gridPos")
            let (x, y, w, h) = (grid["x"]?.integerValue ?? -1, grid["y"]?.integerValue ?? -1, grid["w"]?.integerValue ?? 0, grid["h"]?.integerValue ?? 0)
            #expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, "\(title): gridPos \(grid)")
            for column in x..<max(x, x + w) {
                for row in y..<max(y, y + h) {
                    #expect(occupied.insert([column, row]).inserted, "\(title) overlaps another panel at \(column),\(row)")
                }
            }
        }
    }

    @Test("every data panel reads the data source variable and has PromQL targets with distinct refIds")
    func targets() throws {
        let dashboard = try Dashboard.load()
        let variables = (dashboard.json["templating"]?["list"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(variables == ["datasource", "job", "instance"])
        for panel in dashboard.dataPanels {
            let title = panel["title"]?.stringValue ?? "?"
            #expect(panel["datasource"]?["uid"]?.stringValue == "${datasource}", "\(title)")
            let targets = panel["targets"]?.arrayValue ?? []
            #expect(!targets.isEmpty, "\(title) has no query")
            let refIDs = targets.compactMap { $0["refId"]?.stringValue }
            #expect(Set(refIDs).count == targets.count, "\(title): refIds \(refIDs)")
            for target in targets {
                let expression = target["expr"]?.stringValue ?? ""
                #expect(!expression.isEmpty, "\(title) has a target without expr")
                if expression.contains("codex_") && !expression.contains("job:") {
                    #expect(expression.contains(#"job="$job""#), "\(title) does not filter by job: \(expression)")
                }
            }
        }
    }

    @Test("the dashboard covers what an operator watches: traffic, latency, first token, errors, streams, worker, tool buffer, maintenance, trace buffer, SLO burn")
    func coverage() throws {
        let titles = try Dashboard.load().dataPanels.compactMap { $0["title"]?.stringValue?.lowercased() }
        for topic in [
            "throughput", "latency p50 / p95 / p99", "first-token", "errors by status family", "active streams", "429", "worker ready",
            "restarts and recycles", "backoff", "tool buffer", "maintenance", "trace buffer", "availability burn", "latency (60 s) burn",
            "first token (10 s) burn", "error budget", "turns by outcome", "log lines dropped",
        ] {
            #expect(titles.contains { $0.contains(topic) }, "no panel about \(topic): \(titles)")
        }
        let expressions = try Dashboard.load().targets.map(\.expression).joined(separator: "\n")
        for series in [
            "codex_http_requests_total", "codex_http_latency_ms_bucket", "codex_stream_first_token_ms_bucket", "codex_streams_active",
            "codex_worker_restarts_total", "codex_worker_recycles_total", "codex_worker_backoff_ms", "codex_worker_ready",
            "codex_tool_buffer_started_total", "codex_tool_buffer_flushed_total", "codex_tool_buffer_aborted_total", "codex_maintenance_mode",
            "codex_trace_buffer_files", "codex_trace_buffer_pruned_total", "codex_turns_finished_total", "codex_log_lines_dropped_total",
            "codex_worker_recycle_failures_total",
        ] {
            #expect(expressions.contains(series), "no panel shows \(series)")
        }
    }

    @Test("the provisioning files point Grafana at the dashboard folder and a Prometheus data source")
    func provisioning() async throws {
        let grafana = OpsTool.ops.appendingPathComponent("grafana/provisioning")
        let provider = try await OpsTool.yaml(grafana.appendingPathComponent("dashboards/codex-proxy.yaml"))
        #expect(provider["apiVersion"]?.integerValue == 1)
        #expect(provider["providers"]?[0]?["type"] == "file")
        #expect(provider["providers"]?[0]?["options"]?["path"] == "/var/lib/grafana/dashboards/codex-proxy")
        let sources = try await OpsTool.yaml(grafana.appendingPathComponent("datasources/prometheus.yaml"))
        #expect(sources["datasources"]?[0]?["type"] == "prometheus")
    }
}

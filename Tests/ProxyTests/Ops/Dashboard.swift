import Foundation
import OrderedJSON

/// The Grafana dashboard in ops/grafana, read as data: its panels and their PromQL targets.
struct Dashboard: Sendable {
    static let url = OpsTool.ops.appendingPathComponent("grafana/dashboards/codex-proxy.json")

    struct Target: Sendable {
        var panel: String
        var refID: String
        var expression: String
    }

    var json: JSONValue

    static func load() throws -> Dashboard {
        Dashboard(json: try JSONParser().parse(Array(try Data(contentsOf: url))))
    }

    /// Every panel, rows included, in order.
    var panels: [JSONValue] { json["panels"]?.arrayValue ?? [] }

    /// The panels that show data (not rows).
    var dataPanels: [JSONValue] { panels.filter { $0["type"]?.stringValue != "row" } }

    var targets: [Target] {
        dataPanels.flatMap { panel in
            (panel["targets"]?.arrayValue ?? []).map {
                Target(panel: panel["title"]?.stringValue ?? "", refID: $0["refId"]?.stringValue ?? "", expression: $0["expr"]?.stringValue ?? "")
            }
        }
    }

    /// A panel query as Grafana would send it with job `job`, every instance selected and a
    /// one-minute rate interval.
    static func substitute(_ expression: String, job: String) -> String {
        expression
            .replacingOccurrences(of: "$__rate_interval", with: "1m")
            .replacingOccurrences(of: "$__interval", with: "15s")
            .replacingOccurrences(of: "$job", with: job)
            .replacingOccurrences(of: "$instance", with: ".*")
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import OrderedJSON
import Subprocess
import SystemPackage
import TestSupport

/// A real Prometheus server (Debian's `prometheus`) on loopback, scraping one target every
/// second, for as long as `body` runs.
enum PrometheusServer {
    struct Handle: Sendable {
        let baseURL: String

        /// Runs an instant query and returns the first result's value, or `nil` for an empty result.
        func query(_ expression: String) async throws -> Double? {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: queryURL(expression)), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            let json = try JSONParser().parse(Array(body.readableBytesView))
            guard json["status"] == "success" else { throw PrometheusError(message: "query \(expression) failed: \(json)") }
            guard let value = json["data"]?["result"]?[0]?["value"]?[1]?.stringValue else { return nil }
            return Double(value)
        }

        /// Evaluates `expression` as an instant query; returns Prometheus's error for an invalid
        /// one, else the number of series in the result.
        func evaluate(_ expression: String) async throws -> Evaluation {
            let json = try await get(queryURL(expression))
            guard json["status"] == "success" else { return Evaluation(error: json["error"]?.stringValue ?? "\(json)", series: 0) }
            return Evaluation(error: nil, series: json["data"]?["result"]?.arrayValue?.count ?? 0)
        }

        /// The rule groups Prometheus loaded, as `/api/v1/rules` reports them (health, last error).
        func rules() async throws -> [JSONValue] {
            let json = try await get(baseURL + "/api/v1/rules")
            return json["data"]?["groups"]?.arrayValue ?? []
        }

        /// The instant-query URL of `expression`. `+` is percent-encoded by hand: URLComponents
        /// leaves it as is, and Prometheus reads a bare `+` in a query string as a space.
        private func queryURL(_ expression: String) -> String {
            var components = URLComponents(string: baseURL + "/api/v1/query")!
            components.queryItems = [URLQueryItem(name: "query", value: expression)]
            components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
            return components.url!.absoluteString
        }

        private func get(_ url: String) async throws -> JSONValue {
            var request = HTTPClientRequest(url: url)
            // Uncompressed: the shared client refuses gzip bodies that inflate past its ratio
            // limit, and the rules listing compresses very well.
            request.headers.add(name: "Accept-Encoding", value: "identity")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 16 << 20)
            return try JSONParser().parse(Array(body.readableBytesView))
        }
    }

    /// The outcome of one instant query.
    struct Evaluation: Sendable {
        var error: String?
        var series: Int
    }

    struct PrometheusError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs Prometheus scraping `target` as job `codex-proxy`; `ruleFiles` are copied beside its
    /// configuration and evaluated every second.
    static func run<Result: Sendable>(scraping target: String, ruleFiles: [URL] = [], _ body: (Handle) async throws -> Result) async throws -> Result {
        let folder = try TemporaryDirectory("prometheus").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try FreePort.find()
        for file in ruleFiles {
            try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent(file.lastPathComponent))
        }
        let rules = ruleFiles.isEmpty ? "" : "rule_files:\n" + ruleFiles.map { "  - \($0.lastPathComponent)\n" }.joined()
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            \(rules)scrape_configs:
              - job_name: codex-proxy
                static_configs:
                  - targets: ["\(target)"]
            """
        let configPath = folder.appendingPathComponent("prometheus.yml")
        try Data(config.utf8).write(to: configPath)
        let outcome = try await Subprocess.run(
            .name("prometheus"),
            arguments: [
                "--config.file=\(configPath.path)", "--storage.tsdb.path=\(folder.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ],
            input: .none,
            output: .discarded,
            error: .discarded
        ) { execution in
            let handle = Handle(baseURL: "http://127.0.0.1:\(port)")
            defer { try? execution.send(signal: .terminate) }
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                let ready = try? await HTTPClient.shared.execute(HTTPClientRequest(url: handle.baseURL + "/-/ready"), timeout: .seconds(1))
                if ready?.status == .ok { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            return try await body(handle)
        }
        return outcome.closureResult
    }
}

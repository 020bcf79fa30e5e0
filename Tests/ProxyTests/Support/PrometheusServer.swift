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
            var components = URLComponents(string: baseURL + "/api/v1/query")!
            components.queryItems = [URLQueryItem(name: "query", value: expression)]
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: components.url!.absoluteString), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            let json = try JSONParser().parse(Array(body.readableBytesView))
            guard json["status"] == "success" else { throw PrometheusError(message: "query \(expression) failed: \(json)") }
            guard let value = json["data"]?["result"]?[0]?["value"]?[1]?.stringValue else { return nil }
            return Double(value)
        }
    }

    struct PrometheusError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func run<Result: Sendable>(scraping target: String, _ body: (Handle) async throws -> Result) async throws -> Result {
        let folder = try TemporaryDirectory("prometheus").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try FreePort.find()
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
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

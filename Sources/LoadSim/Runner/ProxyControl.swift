import AsyncHTTPClient
import Foundation
import NIOCore
import OrderedJSON

/// What loadsim asks a running proxy over HTTP besides the load: probes, metrics, maintenance,
/// and the worker's pid (from `/healthz`).
struct ProxyControl: Sendable {
    let http: HTTP
    let baseURL: String
    let maintenanceToken: String?

    /// The probe's status, or nil when the proxy did not answer within `timeoutMs`.
    func probe(_ probe: ProbeCheck.Probe, timeoutMs: Int = 1000) async -> Int? {
        try? await http.get(baseURL + "/" + probe.rawValue, timeout: .milliseconds(Int64(timeoutMs))).status
    }

    /// The worker's pid as `/healthz` reports it (`worker_pid`, or `pid`).
    func workerPID() async -> Int32? {
        guard let reply = try? await http.get(baseURL + "/healthz"), let json = try? JSONParser().parse(reply.body) else { return nil }
        return (json["worker_pid"]?.integerValue ?? json["pid"]?.integerValue).map { Int32($0) }
    }

    /// Every sample of `/metrics`, summed by series name (labels dropped); nil when unavailable.
    func metrics() async -> [String: Double]? {
        guard let reply = try? await http.get(baseURL + "/metrics"), reply.status == 200 else { return nil }
        return Self.parseMetrics(String(decoding: reply.body, as: UTF8.self))
    }

    static func parseMetrics(_ text: String) -> [String: Double] {
        var sums: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let name = line.prefix { $0 != "{" && $0 != " " }
            guard let valueText = line.split(separator: " ").last, let value = Double(valueText) else { continue }
            sums[String(name), default: 0] += value
        }
        return sums
    }

    /// Turns maintenance mode on or off through the endpoint; the status it answered.
    func setMaintenance(_ enabled: Bool) async -> Int? {
        guard let maintenanceToken else { return nil }
        var request = HTTPClientRequest(url: baseURL + "/internal/maintenance")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(maintenanceToken)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{\"enabled\": \(enabled)}"))
        guard let response = try? await http.client.execute(request, timeout: .seconds(5)) else { return nil }
        _ = try? await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }
}

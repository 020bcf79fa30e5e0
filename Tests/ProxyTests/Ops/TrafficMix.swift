import Foundation
import OrderedJSON
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A short, bounded mix of traffic that makes every series of the metric contract move: JSON and
/// streamed completions, a tool block sent whole and one left open, client errors, a maintenance
/// window and a killed worker.
enum TrafficMix {
    static let maintenanceToken = "maintenance-token-0123456789"

    /// The proxy settings the mix needs: metrics, a small trace buffer (so it prunes), recycling
    /// after a few turns, maintenance endpoint, quick restarts.
    static func environment(traceDirectory: String) -> [String: String] {
        [
            "PROXY_ENABLE_METRICS": "true", "PROXY_TRACE_BUFFER": "true", "PROXY_TRACE_DIR": traceDirectory, "PROXY_TRACE_MAX_FILES": "5",
            "WORKER_RECYCLE_AFTER_TURNS": "25", "PROXY_MAINTENANCE_TOKEN": maintenanceToken, "WORKER_BACKOFF_INITIAL_MS": "100",
        ]
    }

    /// One round: six requests of different kinds. Returns the statuses.
    static func round(_ proxy: some ProxyEndpoint) async throws -> [Int] {
        var statuses: [Int] = []
        statuses.append(try await proxy.chat(ProxyHarness.chatBody("say hi")).status)
        statuses.append(try await proxy.chat(ProxyHarness.chatBody("say hi", stream: true)).status)
        statuses.append(try await proxy.chat(ProxyHarness.chatBody(#"REPLY:Calling <use_tool name="lookup">{"id": 7}</use_tool> now"#, stream: true)).status)
        statuses.append(try await proxy.chat(ProxyHarness.chatBody(#"REPLY:Calling <use_tool name="lookup">{"id": 7"#, stream: true)).status)
        statuses.append(try await proxy.chat(ProxyHarness.chatBody("say hi"), authorized: false).status)
        statuses.append(try await proxy.chat(ProxyHarness.chatBody("say hi", model: "no-such-model")).status)
        return statuses
    }

    /// Turns maintenance on, sends one request (503), turns it off.
    static func maintenanceWindow(_ proxy: some ProxyEndpoint) async throws -> Int {
        try await setMaintenance(proxy, true)
        let status = try await proxy.chat(ProxyHarness.chatBody("say hi")).status
        try await setMaintenance(proxy, false)
        return status
    }

    static func setMaintenance(_ proxy: some ProxyEndpoint, _ enabled: Bool) async throws {
        let response = try await proxy.send(
            .POST, "/internal/maintenance", body: Array(#"{"enabled": \#(enabled)}"#.utf8), headers: [("Authorization", "Bearer \(maintenanceToken)")]
        )
        #expect(response.status == 200)
    }

    /// SIGKILLs the worker whose pid `/healthz` reports, then waits until a new one is ready.
    static func killWorker(_ proxy: some ProxyEndpoint) async throws {
        let health = try await proxy.get("/healthz").json
        let pid = try #require(health["worker_pid"]?.integerValue, "no worker_pid in /healthz: \(health)")
        kill(pid_t(pid), SIGKILL)
        try await proxy.waitUntil("the worker restarted", timeout: .seconds(15)) {
            let now = try await proxy.get("/healthz")
            let current = try now.json["worker_pid"]?.integerValue
            return now.status == 200 && current != pid
        }
    }
}

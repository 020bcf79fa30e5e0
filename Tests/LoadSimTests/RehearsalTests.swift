import Foundation
import TestSupport
import Testing

@testable import LoadSim

/// `loadsim rehearse` against a proxy that is already running (started here as a child).
@Suite("Rehearsal", .timeLimit(.minutes(2)))
struct RehearsalTests {
    static let scenario = """
        name: rehearsed
        load: {concurrency: 2, duration_ms: 1500, max_requests: 200}
        faults:
          - {at_ms: 400, action: maintenance_on}
          - {at_ms: 900, action: maintenance_off}
          - {at_ms: 1000, action: terminate_proxy}
        expect:
          - name: rejected during maintenance
            requests: {code: maintenance, min: 1}
          - name: served
            requests: {outcome: success, min: 5}
          - name: exits
            proxy_exit: {code: 0, within_ms: 5000}
          - name: toggles logged
            log: {event: maintenance_toggled, min: 2}
        break: {proxy_env: {PROXY_MAINTENANCE_TOKEN: ""}, fails: rejected during maintenance}
        """

    @Test("a rehearsal injects what it can, skips SIGTERM of a proxy it did not start, and judges what it can see")
    func rehearsesMaintenance() async throws {
        let scenario = try ScenarioLoader.parse(Self.scenario, file: "rehearsed.yaml")
        let token = "rehearsal-token-0123456789"
        let environment = [
            "CODEX_BIN": BuiltProducts.path(of: "fake-codex"), "PROXY_API_KEY": "rehearsal-key", "PROXY_MAINTENANCE_TOKEN": token, "LOG_LEVEL": "error",
        ]
        let verdicts = try await HTTP.withClient(connections: 8) { http in
            try await ProxyChild.run(executable: BuiltProducts.path(of: "codex-proxy"), environment: environment, http: http) { baseURL in
                let port = Int(baseURL.split(separator: ":").last ?? "") ?? 0
                let rehearsal = Rehearsal(
                    scenario: scenario, baseURL: baseURL, host: "127.0.0.1", port: port, apiKey: "rehearsal-key", model: "gpt-5.1-codex",
                    maintenanceToken: token, pacer: Pacer(seconds: 0)
                )
                let verdicts = try await rehearsal.rehearse()
                // The proxy was not terminated: it still answers.
                #expect(try await http.get(baseURL + "/livez").status == 200)
                return verdicts
            }
        }
        let byName = Dictionary(uniqueKeysWithValues: verdicts.map { ($0.name, $0) })
        #expect(byName["rejected during maintenance"]?.verdict == .pass, "\(verdicts)")
        #expect(byName["served"]?.verdict == .pass)
        #expect(byName["every request accounted for"]?.verdict == .pass)
        // The log cannot be read from the client's side, and the SIGTERM was skipped.
        #expect(byName["toggles logged"]?.verdict == .inconclusive)
        #expect(byName["exits"]?.verdict == .inconclusive)
    }
}

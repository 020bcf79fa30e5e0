import ArgumentParser
import Foundation
import OrderedJSON

#if canImport(Glibc)
import Glibc
#endif

/// `loadsim recovery`: kills the worker again and again and measures, from the client's side,
/// how long `/readyz` takes to say 503 and then 200 again.
struct RecoveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery",
        abstract: "Measure worker kill → readiness lost → ready again, as /readyz shows it."
    )

    @Option(help: "Kills to measure.") var kills = 20
    @Option(help: "The codex-proxy executable (default: next to loadsim).") var proxy: String?
    @Option(help: "The worker executable (default: fake-codex next to loadsim).") var worker: String?
    @Option(help: "Extra worker arguments (CODEX_ARGS).") var workerArgs = ""

    func run() async throws {
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let environment = [
            "CODEX_BIN": worker ?? binaries.appendingPathComponent("fake-codex").path, "CODEX_ARGS": workerArgs,
            "WORKER_BACKOFF_RESET_MS": "1000", "WORKER_RESTART_MAX": "1000", "LOG_LEVEL": "error",
        ]
        print("loadsim recovery: \(kills) SIGKILLs, default backoff (250 ms first), a worker ready for 1 s resets the streak")
        let proxyPath = proxy ?? binaries.appendingPathComponent("codex-proxy").path
        let samples = try await HTTP.withClient(connections: 4) { http in
            try await ProxyChild.run(executable: proxyPath, environment: environment, http: http) { baseURL in
                try await measure(baseURL, http: http)
            }
        }
        print("kill → /readyz 503: \(Spread(samples.map(\.lost))) ms")
        print("kill → /readyz 200: \(Spread(samples.map(\.ready))) ms")
    }

    private func measure(_ baseURL: String, http: HTTP) async throws -> [(lost: Double, ready: Double)] {
        var samples: [(lost: Double, ready: Double)] = []
        for _ in 0..<kills {
            try await Task.sleep(for: .milliseconds(1200))
            let health = try JSONParser().parse(try await http.get(baseURL + "/healthz").body)
            guard let pid = health["worker_pid"]?.integerValue else { throw ValidationError("no worker_pid in /healthz: \(health)") }
            let killed = ContinuousClock.now
            kill(pid_t(pid), SIGKILL)
            var lost: Duration?
            while true {
                let status = try await http.get(baseURL + "/readyz").status
                let now = ContinuousClock.now
                if status == 503, lost == nil { lost = now - killed }
                if status == 200, lost != nil {
                    samples.append((lost!.fractionalMilliseconds, (now - killed).fractionalMilliseconds))
                    break
                }
                guard now - killed < .seconds(30) else { throw ValidationError("the worker did not come back within 30 s") }
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        return samples
    }
}

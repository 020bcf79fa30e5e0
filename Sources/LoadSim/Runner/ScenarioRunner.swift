import Foundation
import OrderedJSON

#if canImport(Glibc)
import Glibc
#endif

/// Runs one scenario end to end: worker and proxy started, steady state checked, load driven,
/// faults fired, steady state checked again, everything torn down, expectations judged.
struct ScenarioRunner: Sendable {
    let options: RunOptions
    static let apiKey = "loadsim-key"
    static let model = "gpt-5.1-codex"

    func run(_ scenario: Scenario, broken: Bool = false) async -> ScenarioResult {
        let started = ContinuousClock.now
        var result = ScenarioResult(
            scenario: scenario.name, file: scenario.file, summary: scenario.summary, broken: broken, verdicts: [], durationMs: 0,
            loadEndMs: 0, requests: [], probes: [], faults: [], note: nil
        )
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loadsim-\(scenario.name)-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let limit = Duration.seconds(scenario.timeLimitSeconds)
            let observation = try await withThrowingTaskGroup(of: Observation?.self) { group in
                group.addTask { try await observe(scenario, broken: broken, folder: folder) }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let observation = first else {
                    throw RunnerError("the scenario did not finish within its time limit of \(scenario.timeLimitSeconds) s")
                }
                return observation
            }
            result.requests = observation.journal.requests
            result.probes = observation.journal.probes
            result.faults = observation.journal.faults
            result.loadEndMs = observation.loadEndMs
            result.verdicts = Evaluator(scenario: scenario, observation: observation).verdicts()
        } catch let missing as MissingPrerequisite {
            result.note = missing.reason
            result.verdicts = scenario.expectations.map {
                ExpectationVerdict(name: $0.name, kind: Evaluator.kind($0.check), verdict: .inconclusive, expected: "run", observed: "not run: \(missing.reason)")
            }
        } catch {
            result.note = String(describing: error)
            result.verdicts = [ExpectationVerdict(name: "scenario ran", kind: "run", verdict: .fail, expected: "a complete run", observed: String(describing: error))]
        }
        result.durationMs = (ContinuousClock.now - started).fractionalMilliseconds
        return result
    }

    /// Starts everything, runs the load and the faults, and gathers what was observed.
    private func observe(_ scenario: Scenario, broken: Bool, folder: URL) async throws -> Observation {
        let maintenanceToken = "loadsim-maintenance-\(UUID().uuidString)"
        var environment = [
            "PROXY_HOST": "127.0.0.1", "PROXY_PORT": String(try LoopbackPort.free()), "LOG_FORMAT": "json", "LOG_LEVEL": "info", "PROXY_ENABLE_METRICS": "true",
            "PROXY_API_KEY": Self.apiKey, "PROXY_MAINTENANCE_TOKEN": maintenanceToken, "PROXY_MODELS": Self.model,
        ]
        let mock: MockResponses?
        let worker: WorkerSetup
        switch scenario.worker {
        case .fake(let behaviour):
            worker = try WorkerSetup.fake(binary: options.workerBinary, behaviour: behaviour, breakBehaviour: broken ? scenario.breaking.behaviour : nil, folder: folder)
            mock = nil
        case .real:
            guard let real = options.realCodexBinary, FileManager.default.isExecutableFile(atPath: real) else {
                throw MissingPrerequisite(reason: "the real codex binary is not available (set CODEX_REAL_BIN or --real-codex-bin)")
            }
            if let violation = WorkerSetup.isolationViolation() { throw MissingPrerequisite(reason: "the real codex runs only \(violation.replacingOccurrences(of: "not inside", with: "inside")): \(violation)") }
            guard FileManager.default.fileExists(atPath: options.mockScript) else {
                throw MissingPrerequisite(reason: "the mock Responses API is missing: \(options.mockScript)")
            }
            mock = MockResponses(script: options.mockScript)
            worker = WorkerSetup(environment: [:], stateDirectory: nil)
        }
        environment.merge(worker.environment) { $1 }
        environment.merge(scenario.proxyEnvironment) { $1 }
        if broken { environment.merge(scenario.breaking.proxyEnvironment) { $1 } }
        var load = scenario.load
        if broken {
            if let value = scenario.breaking.load["concurrency"] { load.concurrency = value }
            if let value = scenario.breaking.load["max_requests"] { load.maxRequests = value }
            if let value = scenario.breaking.load["duration_ms"] { load.durationMs = value }
        }
        let connections = max(16, load.concurrency * 2 + 8)
        return try await HTTP.withClient(connections: connections) { http in
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let mock { group.addTask { await mock.run() } }
                defer { mock?.stop() }
                if let mock {
                    let port = try await mock.waitForPort(timeoutMs: 10_000)
                    environment.merge(try WorkerSetup.real(binary: options.realCodexBinary ?? "", mockPort: port, folder: folder).environment) { $1 }
                }
                let setupClock = LoadClock()
                let proxy = ProxyProcess(executable: options.proxyBinary, environment: environment, clock: setupClock)
                group.addTask { await proxy.run() }
                defer { Self.cleanUpWorkers(stateDirectory: worker.stateDirectory) }
                do {
                    let observation = try await drive(scenario, load: load, proxy: proxy, http: http, token: maintenanceToken, stateDirectory: worker.stateDirectory, setupClock: setupClock)
                    await proxy.stop(graceMs: 15_000)
                    return observation
                } catch {
                    await proxy.stop(graceMs: 5_000)
                    throw error
                }
            }
        }
    }

    private func drive(
        _ scenario: Scenario, load: LoadSpec, proxy: ProxyProcess, http: HTTP, token: String, stateDirectory: String?, setupClock: LoadClock
    ) async throws -> Observation {
        let port = try await proxy.waitForPort(timeoutMs: 30_000)
        let control = ProxyControl(http: http, baseURL: "http://127.0.0.1:\(port)", maintenanceToken: token)
        let before = await SteadyStateCheck.run(scenario.steadyState.before, within: scenario.steadyState.beforeWithinMs, control: control, phase: "before")
        let metricsBefore = await control.metrics()
        let clock = LoadClock()
        let journal = RunJournal()
        let logOffset = setupClock.now() - clock.now()
        let faults = FaultInjector(faults: scenario.faults, control: control, proxy: proxy, stateDirectory: stateDirectory, journal: journal, clock: clock)
        let client = ChatClient(http: http, baseURL: control.baseURL, apiKey: Self.apiKey, model: Self.model)
        let generator = LoadGenerator(load: load, client: client, port: port, journal: journal, clock: clock, proxyGone: { proxy.hasExited })
        let poller = ProbePoller(control: control, journal: journal, clock: clock)
        var loadEnd = 0.0
        let progress = options.progress
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await poller.run() }
            group.addTask { await progress.run(scenario.name, journal: journal) }
            await withTaskGroup(of: Void.self) { work in
                work.addTask { await generator.run() }
                work.addTask { await faults.run() }
            }
            loadEnd = clock.now()
            faults.continueStopped()
            group.cancelAll()
        }
        var after: [ExpectationVerdict] = []
        var liveness: [Int: (status: Int?, atMs: Double)] = [:]
        if !journal.proxyTerminated {
            after = await SteadyStateCheck.run(scenario.steadyState.after, within: scenario.steadyState.afterWithinMs, control: control, phase: "after")
            for expectation in scenario.expectations {
                if case .liveness(let status, let within) = expectation.check {
                    liveness[status] = await SteadyStateCheck.wait(for: .livez, status: status, within: within, control: control, clock: clock)
                }
            }
        }
        let metricsAfter = journal.proxyTerminated ? nil : await control.metrics()
        if journal.proxyTerminated {
            let deadline = ContinuousClock.now + .seconds(60)
            while !proxy.hasExited, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        }
        let proxyState = proxy.snapshot
        return Observation(
            journal: journal.snapshot, loadEndMs: loadEnd, steadyState: before + after, liveness: liveness,
            metricsBefore: metricsBefore, metricsAfter: metricsAfter, logs: proxyState.logs,
            workerEvents: Self.workerEvents(stateDirectory: stateDirectory),
            proxyExit: proxyState.exitedAtMs.map { (atMs: $0 - logOffset, code: proxyState.exitCode, signal: proxyState.exitSignal) }
        )
    }

    static func workerEvents(stateDirectory: String?) -> [JSONValue]? {
        guard let stateDirectory, let data = FileManager.default.contents(atPath: stateDirectory + "/events.jsonl") else { return nil }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONParser().parse($0) }
    }

    /// Continues and kills any fake worker of this run that outlived its proxy.
    static func cleanUpWorkers(stateDirectory: String?) {
        for event in workerEvents(stateDirectory: stateDirectory) ?? [] where event["event"]?.stringValue == "start" {
            guard let pid = event["pid"]?.integerValue.map({ Int32($0) }),
                let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                String(decoding: command, as: UTF8.self).contains("fake-codex")
            else { continue }
            kill(pid, SIGCONT)
            kill(pid, SIGKILL)
        }
    }
}

/// A scenario that cannot be judged here (its verdicts are inconclusive, never pass).
struct MissingPrerequisite: Error {
    var reason: String
}

/// What one run observed, as the evaluator needs it.
struct Observation: Sendable {
    var journal: RunJournal.State
    var loadEndMs: Double
    var steadyState: [ExpectationVerdict]
    /// Per expected `/livez` status: the status seen last and when.
    var liveness: [Int: (status: Int?, atMs: Double)]
    var metricsBefore: [String: Double]?
    var metricsAfter: [String: Double]?
    var logs: [JSONValue]
    var workerEvents: [JSONValue]?
    var proxyExit: (atMs: Double, code: Int?, signal: Int?)?
}

import Synchronization

/// Drives a scenario's load: well-behaved clients (closed loop at a concurrency, or open loop at
/// a rate capped at the concurrency) for a duration and a request bound, plus the misbehaving
/// clients at their times. Stops early when the scenario terminated the proxy and it is gone.
struct LoadGenerator: Sendable {
    let load: LoadSpec
    let client: ChatClient
    let port: Int
    let journal: RunJournal
    let clock: LoadClock
    /// True once the proxy process has exited.
    let proxyGone: @Sendable () -> Bool

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            for spec in load.clients {
                for _ in 0..<spec.count {
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(spec.atMs))
                        journal.requestStarted()
                        let misbehaving = MisbehavingClient(port: port, apiKey: client.apiKey, model: client.model, spec: spec, defaultPrompt: load.prompts[0])
                        journal.record(await misbehaving.run(clock: clock))
                    }
                }
            }
            group.addTask { await wellBehaved() }
        }
    }

    private func wellBehaved() async {
        guard load.concurrency > 0, load.maxRequests > 0 else { return }
        let budget = RequestBudget(limit: load.maxRequests)
        let end = Double(load.durationMs)
        let terminated = { @Sendable in journal.proxyTerminatedAtMs }
        if let rate = load.ratePerSecond {
            let interval = 1000 / rate
            let inFlight = InFlightLimit(limit: load.concurrency)
            await withTaskGroup(of: Void.self) { group in
                var next = 0.0
                while clock.now() < end, !proxyGone(), budget.take() {
                    let wait = next - clock.now()
                    if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait.rounded(.up)))) }
                    if clock.now() - next > 250 { journal.markLoadBehind() }
                    next += interval
                    guard inFlight.enter() else { journal.markLoadBehind(); continue }
                    let taken = budget.taken
                    let stream = Self.isStream(taken, ratio: load.streamRatio)
                    let prompt = load.prompts[taken % load.prompts.count]
                    group.addTask {
                        journal.requestStarted()
                        journal.record(await client.send(prompt: prompt, stream: stream, timeoutMs: load.timeoutMs, clock: clock, proxyTerminatedAt: terminated))
                        inFlight.leave()
                    }
                }
            }
        } else {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<load.concurrency {
                    group.addTask {
                        while clock.now() < end, !proxyGone(), budget.take() {
                            let taken = budget.taken
                            let stream = Self.isStream(taken, ratio: load.streamRatio)
                            journal.requestStarted()
                            let record = await client.send(prompt: load.prompts[taken % load.prompts.count], stream: stream, timeoutMs: load.timeoutMs, clock: clock, proxyTerminatedAt: terminated)
                            journal.record(record)
                            // Like a real client, do not hammer a proxy that just said no.
                            if record.outcome != .success, load.errorPauseMs > 0 { try? await Task.sleep(for: .milliseconds(load.errorPauseMs)) }
                        }
                    }
                }
            }
        }
    }

    /// Spreads streaming requests evenly: request n streams when the running share is below the ratio.
    static func isStream(_ n: Int, ratio: Double) -> Bool {
        (Double(n) * ratio).rounded(.down) != (Double(n - 1) * ratio).rounded(.down)
    }
}

/// A shared bound on the number of requests.
final class RequestBudget: Sendable {
    private let state: Mutex<Int>
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
        state = Mutex(0)
    }

    func take() -> Bool { state.withLock { if $0 < limit { $0 += 1; return true }; return false } }
    var taken: Int { state.withLock { $0 } }
}

/// Caps requests in flight in open-loop mode.
final class InFlightLimit: Sendable {
    private let state: Mutex<Int>
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
        state = Mutex(0)
    }

    func enter() -> Bool { state.withLock { if $0 < limit { $0 += 1; return true }; return false } }
    func leave() { state.withLock { $0 -= 1 } }
}

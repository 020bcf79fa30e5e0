import OrderedJSON

/// One scenario file: a steady state checked before and after, the proxy's settings, the worker,
/// the load, timed faults, the expectations, and the `break` under which it must fail.
struct Scenario: Sendable {
    var name: String
    var file: String
    var summary: String
    var proxyEnvironment: [String: String]
    var worker: WorkerSpec
    var steadyState: SteadyState
    var load: LoadSpec
    var faults: [FaultSpec]
    var expectedUnaccounted: [String]
    var expectations: [Expectation]
    var breaking: BreakSpec
    /// The whole scenario's bound; past it the run is stopped and reported as failed.
    var timeLimitSeconds: Int
}

/// The worker behind the proxy.
enum WorkerSpec: Sendable {
    /// `fake-codex` with a behaviour document (see docs/fake-codex.md).
    case fake(behaviour: JSONValue)
    /// The real `codex` binary against the loopback mock Responses API.
    case real
}

/// Probes that must hold before the load starts and again after it ends.
struct SteadyState: Sendable {
    var before: [ProbeCheck]
    var after: [ProbeCheck]
    var beforeWithinMs: Int
    var afterWithinMs: Int
}

/// One probe answer: `GET /readyz` (or `/livez`, `/healthz`) answers `status`.
struct ProbeCheck: Sendable, Hashable {
    enum Probe: String, Sendable, CaseIterable { case readyz, livez, healthz }
    var probe: Probe
    var status: Int
}

/// The client load of a scenario.
struct LoadSpec: Sendable {
    var concurrency: Int
    /// Requests per second (open loop, capped at `concurrency` in flight); nil: closed loop.
    var ratePerSecond: Double?
    var durationMs: Int
    var maxRequests: Int
    var streamRatio: Double
    /// The prompts of the well-behaved clients, used in turn (fake-codex triggers such as `REPLY:` apply).
    var prompts: [String]
    /// A client waiting longer than this for its whole response counts the request as hung.
    var timeoutMs: Int
    /// After a request that did not succeed, a well-behaved client waits this long (as SDKs back off).
    var errorPauseMs: Int
    var clients: [ClientSpec]
}

/// Clients that misbehave on purpose: they disconnect (RST or FIN) or stop reading.
struct ClientSpec: Sendable {
    enum Behaviour: String, Sendable, CaseIterable {
        /// Close with SO_LINGER 0 (the peer sees a reset) `afterMs` after sending.
        case rst
        /// Half-close (shutdown of the write side) `afterMs` after sending, then read to the end.
        case fin
        /// Never read the response; the proxy must cut the connection.
        case stopReading = "stop_reading"
    }

    var behaviour: Behaviour
    var stream: Bool
    var count: Int
    var atMs: Int
    var afterMs: Int
    /// How long a client waits at most for the proxy to close its connection.
    var holdMs: Int
    var prompt: String?
}

/// A fault injected at a time after the load started.
struct FaultSpec: Sendable, Hashable {
    enum Action: String, Sendable, CaseIterable {
        case killWorker = "kill_worker"
        case stopWorker = "stop_worker"
        case continueWorker = "continue_worker"
        case terminateProxy = "terminate_proxy"
        case maintenanceOn = "maintenance_on"
        case maintenanceOff = "maintenance_off"
    }

    var atMs: Int
    var action: Action
}

/// The setting or behaviour that disables what the scenario guards, and the expectation that
/// must then fail; or why no setting can break it.
struct BreakSpec: Sendable {
    var proxyEnvironment: [String: String]
    var behaviour: JSONValue?
    var load: [String: Int]
    var fails: String?
    var unbreakable: String?
    var standIn: String?
}

import Foundation

/// One judged statement about a run.
struct Expectation: Sendable {
    var name: String
    var line: Int?
    var check: Check

    enum Check: Sendable {
        case readiness(ReadinessCheck)
        /// `/livez` answers `status` within `withinMs` after the load ended.
        case liveness(status: Int, withinMs: Int)
        case requests(RequestCountCheck)
        case latency(LatencyCheck)
        /// The change of a Prometheus series (summed over its label sets) between start and end.
        case metric(name: String, bounds: CountBounds)
        /// Proxy log lines with `event` (and the given field values).
        case log(event: String, fields: [String: String], bounds: CountBounds)
        /// Lines of the fake worker's `events.jsonl` with `event` (and `method`).
        case workerLog(event: String, method: String?, bounds: CountBounds)
        /// After the `terminate_proxy` fault the proxy exits with `code` within `withinMs`.
        case proxyExit(code: Int, withinMs: Int)
    }
}

/// Inclusive lower and upper bounds on a count.
struct CountBounds: Sendable, Hashable {
    var min: Double?
    var max: Double?

    func contains(_ value: Double) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
    }

    var text: String {
        switch (min, max) {
        case let (low?, high?) where low == high: "= \(Self.format(low))"
        case let (low?, high?): "\(Self.format(low))…\(Self.format(high))"
        case let (low?, nil): "≥ \(Self.format(low))"
        case let (nil, high?): "≤ \(Self.format(high))"
        case (nil, nil): "any"
        }
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}

/// Readiness over the run, as `/readyz` showed it to a poller every few milliseconds.
enum ReadinessCheck: Sendable {
    /// `/readyz` answered 200 at every poll from the load's start to its end.
    case neverDrops
    /// After fault number `afterFault`, `/readyz` leaves 200 within `dropWithinMs` (when given)
    /// and is 200 again within `recoverWithinMs` of the fault (when given).
    case dropsAndRecovers(afterFault: Int, dropWithinMs: Int?, recoverWithinMs: Int?)
    /// After fault number `afterFault`, `/readyz` leaves 200 and never comes back during the run.
    case dropsForGood(afterFault: Int, dropWithinMs: Int)
}

/// How many requests ended a given way.
struct RequestCountCheck: Sendable {
    var outcome: OutcomeKind?
    var code: String?
    var status: Int?
    var bounds: CountBounds
}

/// A latency percentile of the successful requests.
struct LatencyCheck: Sendable {
    enum Measure: String, Sendable { case total, firstToken = "first_token" }
    var measure: Measure
    var percentile: Double
    var maxMs: Double
    var minSamples: Int
}

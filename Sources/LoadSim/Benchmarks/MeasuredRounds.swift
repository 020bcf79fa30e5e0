import OrderedJSON

/// What one block of load on one system measured: throughput, median latency, and the CPU time
/// per request of the processes involved (from `/proc/PID/stat`, or the client's own `getrusage`).
struct BlockFigures: Sendable {
    var requests: Int
    var failures: Int
    var requestsPerSecond: Double
    var p50: Double
    /// The proxy's CPU per request (nil: no proxy in this system).
    var proxyMs: Double?
    /// The worker's CPU per request, its children included (nil: not measured).
    var workerMs: Double?
    /// loadsim's own CPU per request (the load client, or the direct JSON-RPC driver).
    var clientMs: Double
}

/// Several systems measured in the same interleaved rounds: per system the median and range
/// over rounds, and per-round ratios between systems (the evidence on a shared machine).
struct MeasuredRounds: Sendable {
    /// A ratio to report: `numerator` ÷ `denominator` per round, of one figure.
    struct Ratio: Sendable {
        var label: String
        var numerator: String
        var denominator: String
        var figure: KeyPath<BlockFigures, Double?> & Sendable
    }

    let title: String
    let systems: [String]
    private(set) var rounds: [[String: BlockFigures]] = []

    init(title: String, systems: [String]) {
        self.title = title
        self.systems = systems
    }

    mutating func add(round: [String: BlockFigures]) { rounds.append(round) }

    func values(_ system: String, _ figure: KeyPath<BlockFigures, Double?>) -> [Double] {
        rounds.compactMap { $0[system]?[keyPath: figure] }
    }

    func ratios(_ ratio: Ratio) -> [Double] {
        rounds.compactMap { round in
            guard let top = round[ratio.numerator]?[keyPath: ratio.figure], let bottom = round[ratio.denominator]?[keyPath: ratio.figure], bottom > 0 else { return nil }
            return top / bottom
        }
    }

    func text(ratios: [Ratio]) -> String {
        let columns: [(String, KeyPath<BlockFigures, Double?>, Int)] = [
            ("req/s", \.rate, 1), ("P50 ms", \.median, 1), ("proxy CPU ms/req", \.proxyMs, 3), ("worker CPU ms/req", \.workerMs, 2), ("client CPU ms/req", \.client, 3),
        ]
        let rows = systems.map { system in
            [system] + columns.map { _, figure, digits in Self.spread(values(system, figure), digits: digits) }
                + [String(rounds.compactMap { $0[system]?.failures }.reduce(0, +))]
        }
        var lines = ["", "\(title) — \(rounds.count) rounds, median (min–max) over rounds"]
        lines.append(SummaryTable.table(header: ["system"] + columns.map(\.0) + ["failed"], rows: rows))
        for ratio in ratios {
            lines.append("  \(ratio.label): \(Self.spread(self.ratios(ratio), digits: 3))   per round: \(self.ratios(ratio).map { Self.format($0, digits: 3) }.joined(separator: " "))")
        }
        return lines.joined(separator: "\n")
    }

    func json(ratios: [Ratio]) -> JSONValue {
        func figures(_ value: BlockFigures) -> JSONValue {
            var object: JSONObject = [
                "requests": .integer(Int64(value.requests)), "failures": .integer(Int64(value.failures)), "requests_per_second": .double(value.requestsPerSecond),
                "p50_ms": .double(value.p50), "client_cpu_ms_per_request": .double(value.clientMs),
            ]
            if let proxy = value.proxyMs { object["proxy_cpu_ms_per_request"] = .double(proxy) }
            if let worker = value.workerMs { object["worker_cpu_ms_per_request"] = .double(worker) }
            return .object(object)
        }
        return [
            "title": .string(title),
            "rounds": .array(rounds.map { round in
                var object = JSONObject()
                for name in systems { if let value = round[name] { object[name] = figures(value) } }
                return .object(object)
            }),
            "ratios": .array(ratios.map { ratio in ["label": .string(ratio.label), "per_round": .array(self.ratios(ratio).map { .double($0) })] }),
        ]
    }

    static func spread(_ values: [Double], digits: Int) -> String {
        guard !values.isEmpty else { return "–" }
        let spread = Spread(values)
        return "\(format(spread.median, digits: digits)) (\(format(spread.minimum, digits: digits))–\(format(spread.maximum, digits: digits)))"
    }

    static func format(_ value: Double, digits: Int) -> String { String(format: "%.\(digits)f", value) }
}

extension BlockFigures {
    /// Optional views of the figures, so that every column reads through one key path type.
    var rate: Double? { requestsPerSecond }
    var median: Double? { p50 }
    var client: Double? { clientMs }
}

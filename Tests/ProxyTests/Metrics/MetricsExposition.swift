import OrderedJSON

/// A parsed Prometheus text exposition: one sample per series.
struct MetricsExposition {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double

        func matches(_ name: String, _ wanted: [String: String]) -> Bool {
            self.name == name && wanted.allSatisfy { labels[$0.key] == $0.value }
        }
    }

    var samples: [Sample]
    var types: [String: String]

    init(_ text: String) {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count >= 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { continue }
            let series = line[..<space]
            let value = Double(line[line.index(after: space)...]) ?? .nan
            if let brace = series.firstIndex(of: "{") {
                let name = String(series[..<brace])
                let body = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                var labels: [String: String] = [:]
                for pair in body.split(separator: ",") {
                    let keyValue = pair.split(separator: "=", maxSplits: 1)
                    labels[String(keyValue[0])] = String(keyValue[1].dropFirst().dropLast())
                }
                samples.append(Sample(name: name, labels: labels, value: value))
            } else {
                samples.append(Sample(name: String(series), labels: [:], value: value))
            }
        }
        self.samples = samples
        self.types = types
    }

    /// The value of the one series named `name` with exactly these labels (a subset match).
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.matches(name, labels) }?.value
    }

    /// Sum over every series named `name` matching `labels`.
    func sum(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { $0.matches(name, labels) }.map(\.value).reduce(0, +)
    }
}

extension ProxyEndpoint {
    /// Scrapes `/metrics` (from loopback, so no token needed).
    func scrape(path: String = "/metrics") async throws -> MetricsExposition {
        MetricsExposition(String(decoding: try await get(path, authorized: false).body, as: UTF8.self))
    }
}

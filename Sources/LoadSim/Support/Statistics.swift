/// Median, minimum and maximum of a few per-round figures, for reporting spread.
struct Spread: CustomStringConvertible {
    var median: Double
    var minimum: Double
    var maximum: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        median = sorted.isEmpty ? .nan : sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        minimum = sorted.first ?? .nan
        maximum = sorted.last ?? .nan
    }

    var description: String {
        "\(Self.format(median)) (min \(Self.format(minimum)), max \(Self.format(maximum)))"
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return String(rounded)
    }
}

import Histogram

/// Client-side latencies of one measurement, in microseconds, in an HDR histogram.
struct LatencyRecorder: Sendable {
    private(set) var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    private(set) var failures = 0

    mutating func record(_ duration: Duration) {
        _ = histogram.record(UInt64(max(0, (duration.fractionalMilliseconds * 1000).rounded())))
    }

    mutating func recordFailure() {
        failures += 1
    }

    mutating func merge(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
        failures += other.failures
    }

    var count: Int { Int(histogram.totalCount) }

    /// The latency at `percentile` (0–100), in milliseconds.
    func milliseconds(at percentile: Double) -> Double {
        Double(histogram.valueAtPercentile(percentile)) / 1000
    }
}

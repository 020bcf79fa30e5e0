import Foundation

/// The statistics of the budget gate: per-round ratios B/A, their geometric mean and a
/// percentile bootstrap 95 % confidence interval over rounds, and the verdict against 1 + budget.
struct BudgetStatistics: Sendable {
    var ratios: [Double]
    var estimate: Double
    var lower: Double
    var upper: Double

    /// `ratios` are per-round B/A; `resamples` bootstrap resamples drawn with `random`.
    init(ratios: [Double], resamples: Int = 10_000, random: inout SeededRandom) {
        self.ratios = ratios
        let logs = ratios.filter { $0 > 0 && $0.isFinite }.map { value in log(value) }
        guard !logs.isEmpty else {
            estimate = .nan
            lower = .nan
            upper = .nan
            return
        }
        estimate = exp(logs.reduce(0, +) / Double(logs.count))
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var sum = 0.0
            for _ in 0..<logs.count { sum += logs[Int(random.next() % UInt64(logs.count))] }
            means.append(sum / Double(logs.count))
        }
        means.sort()
        lower = exp(means[Int(Double(resamples - 1) * 0.025)])
        upper = exp(means[Int(Double(resamples - 1) * 0.975)])
    }

    /// pass: the whole interval is within the budget; fail: all of it above; else inconclusive.
    func verdict(budget: Double) -> Verdict {
        guard upper.isFinite, lower.isFinite else { return .inconclusive }
        if upper <= 1 + budget { return .pass }
        if lower > 1 + budget { return .fail }
        return .inconclusive
    }

    /// Rounds that would likely decide: the interval narrows as 1/√n until it clears 1 + budget.
    func roundsToDecide(budget: Double) -> Int? {
        let distance = abs(estimate - (1 + budget))
        let halfWidth = (upper - lower) / 2
        guard distance > 1e-4, halfWidth.isFinite, !ratios.isEmpty else { return nil }
        return Int((Double(ratios.count) * pow(halfWidth / distance, 2)).rounded(.up))
    }
}

/// SplitMix64: a small, seedable generator (the run's seed is printed so a run can be repeated).
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

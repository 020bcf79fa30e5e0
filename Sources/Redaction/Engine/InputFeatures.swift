/// Facts about one input that prefilters test, computed at most once per input.
struct InputFeatures {
    private let limit: Int
    private var runs: DigitRuns?

    /// - Parameter limit: the longest run any prefilter asks for; scanning stops once both
    ///   kinds of run reach it.
    init(digitRunLimit limit: Int) {
        self.limit = limit
    }

    /// Whether `prefilter` lets its rule run on `bytes` (the input these features describe).
    mutating func allows(_ prefilter: RedactionPrefilter, in bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        if runs == nil {
            runs = DigitRuns.measure(bytes, count: count, stoppingAt: limit)
        }
        switch prefilter {
        case .digitRun(let minimum): return runs!.longest >= minimum
        case .spacedDigitRun(let minimum): return runs!.longestSpaced >= minimum
        }
    }

    /// Forgets everything, for when the input has been rewritten.
    mutating func invalidate() {
        runs = nil
    }
}

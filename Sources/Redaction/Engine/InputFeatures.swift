/// Facts about one input that prefilters test, computed at most once per input.
struct InputFeatures {
    /// The fewest digits any prefilter in use needs; shorter runs need not be measured.
    let digitThreshold: Int
    private var runs: DigitRuns?

    init(digitThreshold: Int) {
        self.digitThreshold = digitThreshold
    }

    /// Whether `prefilter` lets its rule run on `bytes` (the input these features describe).
    mutating func allows(_ prefilter: RedactionPrefilter, in bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        if runs == nil {
            runs = DigitRuns.measure(bytes, count: count, threshold: digitThreshold)
        }
        let runs = runs!
        switch prefilter {
        case .digitRun(let minimum): return runs.longest >= minimum
        case .separatedDigitRun(let minimum): return runs.longestSeparated >= minimum
        case .cardDigitRun(let minimum): return runs.longestCard >= minimum
        case .spacedDigitRun(let count): return runs.hasSpacedRun(of: count)
        }
    }

    /// Forgets everything, for when the input has been rewritten.
    mutating func invalidate() {
        runs = nil
    }
}

/// The digit runs of an input, measured in one pass for ``RedactionPrefilter``.
///
/// A run is a stretch of ASCII digits where the separators space ( ) + - . may sit between
/// digits; any other byte ends it. A spaced run admits only spaces between digits.
struct DigitRuns {
    /// The most digits in any run.
    var longest = 0
    /// The most digits in a run with a separator between two digits or a `+` before the first.
    var longestSeparated = 0
    /// The most digits in a run counted from its first digit 2–6 that starts it or follows a separator.
    var longestCard = 0
    /// Bit n is set when some maximal spaced run holds exactly n digits (n < 64).
    var spacedRunLengths: UInt64 = 0

    /// Whether some maximal spaced run holds exactly `count` digits.
    func hasSpacedRun(of count: Int) -> Bool {
        count > 0 && count < 64 && spacedRunLengths >> UInt64(count) & 1 == 1
    }

    /// Measures the `count` bytes at `bytes`, exactly for every run of at least `threshold`
    /// digits; shorter runs may be left out (no prefilter asks about them).
    ///
    /// Eight bytes at a time, it finds *clusters*: stretches of words that contain a digit (or
    /// are all separators, which cannot end a run). A run never crosses a cluster boundary, so
    /// only clusters with at least `threshold` digits are walked byte by byte.
    static func measure(_ bytes: UnsafePointer<UInt8>, count: Int, threshold: Int = 1) -> DigitRuns {
        var runs = DigitRuns()
        var index = 0
        while index < count {
            var digits = digitBytes(in: word(at: index, in: bytes, count: count)).nonzeroBitCount
            guard digits > 0 else {
                index += 8
                continue
            }
            let start = index
            index += 8
            while index < count {
                let found = digitBytes(in: word(at: index, in: bytes, count: count)).nonzeroBitCount
                if found == 0, !allSeparators(bytes + index, count: min(8, count - index)) { break }
                digits += found
                index += 8
            }
            if digits >= threshold {
                runs.walk(bytes, from: start, to: min(index, count))
            }
        }
        return runs
    }

    /// Walks one cluster byte by byte, starting with every run closed. The maxima are updated
    /// when a run ends, not on every digit.
    private mutating func walk(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) {
        var run = 0
        var separated = false
        var cardRun = 0
        var spacedRun = 0
        var previousIsSeparator = start > 0 && Self.isSeparator(bytes[start - 1])
        var previousIsPlus = start > 0 && bytes[start - 1] == UInt8(ascii: "+")
        for index in start..<end {
            let byte = bytes[index]
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                if run == 0 {
                    separated = previousIsPlus
                } else if previousIsSeparator {
                    separated = true
                }
                run += 1
                if cardRun > 0 {
                    cardRun += 1
                } else if digit &- 2 < 5, run == 1 || previousIsSeparator {
                    cardRun = 1
                }
                spacedRun += 1
                previousIsSeparator = false
                previousIsPlus = false
            } else {
                let isSeparator = Self.isSeparator(byte)
                if byte != UInt8(ascii: " ") {
                    record(spacedRun: spacedRun)
                    spacedRun = 0
                }
                if !isSeparator, run > 0 {
                    record(run: run, separated: separated, cardRun: cardRun)
                    run = 0
                    cardRun = 0
                }
                previousIsSeparator = isSeparator
                previousIsPlus = byte == UInt8(ascii: "+")
            }
        }
        record(spacedRun: spacedRun)
        record(run: run, separated: separated, cardRun: cardRun)
    }

    @inline(__always)
    private mutating func record(run: Int, separated: Bool, cardRun: Int) {
        longest = max(longest, run)
        if separated { longestSeparated = max(longestSeparated, run) }
        longestCard = max(longestCard, cardRun)
    }

    @inline(__always)
    private mutating func record(spacedRun: Int) {
        if spacedRun > 0, spacedRun < 64 { spacedRunLengths |= 1 << UInt64(spacedRun) }
    }

    /// The eight bytes at `index` as a word, zero-padded past the end of the input.
    @inline(__always)
    private static func word(at index: Int, in bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        if index + 8 <= count {
            return UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
        }
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(start: bytes + index, count: count - index)) }
        return word
    }

    @inline(__always)
    private static func allSeparators(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        for index in 0..<count where !isSeparator(bytes[index]) { return false }
        return true
    }

    @inline(__always)
    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte < 64 && separatorMask >> byte & 1 == 1
    }

    /// Bits for the run separators: space ( ) + - . (all below 64).
    private static var separatorMask: UInt64 {
        1 << 0x20 | 1 << 0x28 | 1 << 0x29 | 1 << 0x2B | 1 << 0x2D | 1 << 0x2E
    }

    /// The high bit of each byte of `word` that is an ASCII digit (SWAR; no carry crosses bytes).
    @inline(__always)
    static func digitBytes(in word: UInt64) -> UInt64 {
        let shifted = word ^ 0x3030_3030_3030_3030
        let lessThanTen = ~((shifted & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676)
        return lessThanTen & ~shifted & 0x8080_8080_8080_8080
    }
}

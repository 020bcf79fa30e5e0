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

    private var run = 0
    private var runIsSeparated = false
    private var cardRun = 0
    private var spacedRun = 0
    private var previous: UInt8 = 0

    /// Whether some maximal spaced run holds exactly `count` digits.
    func hasSpacedRun(of count: Int) -> Bool {
        count > 0 && count < 64 && spacedRunLengths >> UInt64(count) & 1 == 1
    }

    /// Measures the `count` bytes at `bytes`.
    static func measure(_ bytes: UnsafePointer<UInt8>, count: Int) -> DigitRuns {
        var runs = DigitRuns()
        var index = 0
        // Eight bytes at a time: a word without digits only closes the runs that are open and
        // leaves its last byte as `previous`; words with digits go byte by byte.
        while index + 8 <= count {
            let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
            if digitBytes(in: word) == 0 {
                var offset = 0
                while offset < 8, runs.run > 0 || runs.spacedRun > 0 {
                    runs.step(bytes[index + offset])
                    offset += 1
                }
                runs.previous = bytes[index + 7]
            } else {
                for offset in 0..<8 {
                    runs.step(bytes[index + offset])
                }
            }
            index += 8
        }
        while index < count {
            runs.step(bytes[index])
            index += 1
        }
        runs.closeSpacedRun()
        return runs
    }

    @inline(__always)
    private mutating func step(_ byte: UInt8) {
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 {
            let afterSeparator = Self.isSeparator(previous)
            if run == 0 {
                runIsSeparated = previous == UInt8(ascii: "+")
            } else if afterSeparator {
                runIsSeparated = true
            }
            run += 1
            if cardRun > 0 {
                cardRun += 1
            } else if digit &- 2 < 5, run == 1 || afterSeparator {
                cardRun = 1
            }
            spacedRun += 1
            longest = max(longest, run)
            if runIsSeparated { longestSeparated = max(longestSeparated, run) }
            longestCard = max(longestCard, cardRun)
        } else {
            if byte != UInt8(ascii: " ") { closeSpacedRun() }
            if !Self.isSeparator(byte) {
                run = 0
                runIsSeparated = false
                cardRun = 0
            }
        }
        previous = byte
    }

    @inline(__always)
    private mutating func closeSpacedRun() {
        if spacedRun > 0, spacedRun < 64 { spacedRunLengths |= 1 << UInt64(spacedRun) }
        spacedRun = 0
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

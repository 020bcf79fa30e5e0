/// The longest runs of ASCII digits in an input, measured in one pass.
///
/// `longest` lets the separators space ( ) + - . sit between digits (phone, card and SSN
/// layouts); `longestSpaced` lets only spaces (NINO layout). Any other byte ends a run.
struct DigitRuns {
    var longest = 0
    var longestSpaced = 0
    private var run = 0
    private var spacedRun = 0

    /// Measures `bytes`; stops early once both runs reach `limit`.
    static func measure(_ bytes: UnsafePointer<UInt8>, count: Int, stoppingAt limit: Int) -> DigitRuns {
        var runs = DigitRuns()
        var index = 0
        // Eight bytes at a time: a word without digits changes nothing unless a run is open, and
        // then ends it unless the word is all separators. Words with digits go byte by byte.
        while index + 8 <= count {
            let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
            if digitBytes(in: word) == 0 {
                var offset = 0
                while offset < 8, runs.run > 0 || runs.spacedRun > 0 {
                    runs.stepNonDigit(bytes[index + offset])
                    offset += 1
                }
            } else {
                for offset in 0..<8 {
                    runs.step(bytes[index + offset])
                }
                if runs.longest >= limit, runs.longestSpaced >= limit { return runs }
            }
            index += 8
        }
        while index < count {
            runs.step(bytes[index])
            index += 1
        }
        return runs
    }

    @inline(__always)
    private mutating func step(_ byte: UInt8) {
        if byte &- UInt8(ascii: "0") < 10 {
            run += 1
            spacedRun += 1
            longest = max(longest, run)
            longestSpaced = max(longestSpaced, spacedRun)
        } else {
            stepNonDigit(byte)
        }
    }

    @inline(__always)
    private mutating func stepNonDigit(_ byte: UInt8) {
        if byte != UInt8(ascii: " ") {
            spacedRun = 0
            if byte >= 64 || Self.separatorMask >> byte & 1 == 0 { run = 0 }
        }
    }

    /// Bits for the bytes that do not break a `longest` run: space ( ) + - . (all below 64).
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

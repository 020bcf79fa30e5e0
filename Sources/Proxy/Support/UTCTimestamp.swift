#if canImport(Glibc)
import Glibc
#endif

/// UTC timestamps with milliseconds, written digit by digit (no formatter on the request path):
/// ``iso8601`` for log lines and trace files (`2026-11-29T21:51:45.123Z`), ``compact`` for
/// trace file names (`20261129T215145.123Z`: sortable, safe in a file name).
struct UTCTimestamp {
    /// Milliseconds since the Unix epoch.
    let milliseconds: Int64

    /// The current time.
    static func now() -> UTCTimestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UTCTimestamp(milliseconds: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec / 1_000_000))
    }

    /// The time `secondsSince1970` (e.g. `Date.timeIntervalSince1970`), rounded down to the millisecond.
    init(secondsSince1970: Double) {
        milliseconds = Int64((secondsSince1970 * 1000).rounded(.down))
    }

    init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// `2026-11-29T21:51:45.123Z`.
    var iso8601: String { format(dateSeparator: "-", timeSeparator: ":") }

    /// `20261129T215145.123Z`.
    var compact: String { format(dateSeparator: nil, timeSeparator: nil) }

    private func format(dateSeparator: Unicode.Scalar?, timeSeparator: Unicode.Scalar?) -> String {
        var seconds = time_t(milliseconds.quotientRoundingDown(by: 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        func separator(_ scalar: Unicode.Scalar?) {
            if let scalar { text.append(UInt8(ascii: scalar)) }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        separator(dateSeparator)
        digits(Int(parts.tm_mon) + 1, 2)
        separator(dateSeparator)
        digits(Int(parts.tm_mday), 2)
        text.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        separator(timeSeparator)
        digits(Int(parts.tm_min), 2)
        separator(timeSeparator)
        digits(Int(parts.tm_sec), 2)
        text.append(UInt8(ascii: "."))
        digits(Int(milliseconds - Int64(seconds) * 1000), 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity (times before 1970 keep a positive millisecond part).
    fileprivate func quotientRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}

@testable import Proxy
import Testing

@Suite("UTC timestamps")
struct UTCTimestampTests {
    @Test(
        "ISO 8601 and compact forms, milliseconds included, before and after 1970",
        arguments: [
            (Int64(1_796_319_297_123), "2026-12-03T17:34:57.123Z", "20261203T173457.123Z"),
            (0, "1970-01-01T00:00:00.000Z", "19700101T000000.000Z"),
            (-1, "1969-12-31T23:59:59.999Z", "19691231T235959.999Z"),
            (951_782_400_999, "2000-02-29T00:00:00.999Z", "20000229T000000.999Z"),
        ]
    )
    func forms(milliseconds: Int64, iso8601: String, compact: String) {
        let stamp = UTCTimestamp(milliseconds: milliseconds)
        #expect(stamp.iso8601 == iso8601)
        #expect(stamp.compact == compact)
    }

    @Test("seconds since 1970 are rounded down to the millisecond")
    func fromSeconds() {
        #expect(UTCTimestamp(secondsSince1970: 1_796_319_297.1239).milliseconds == 1_796_319_297_123)
        #expect(UTCTimestamp(secondsSince1970: -0.0005).milliseconds == -1)
    }
}

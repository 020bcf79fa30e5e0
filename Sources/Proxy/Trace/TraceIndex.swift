import DequeModule
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The trace files on disk, oldest first, kept in memory so that a write never lists the
/// directory: built by one scan (at the first write and on every timer prune), appended to by
/// each write, trimmed from the front by the age and count limits.
struct TraceIndex {
    struct Entry: Equatable {
        var name: String
        var written: Date
    }

    private(set) var entries: Deque<Entry> = []
    /// Whether a scan has filled the index since start.
    private(set) var loaded = false

    var count: Int { entries.count }

    /// Replaces the index with the trace files found in `directory` (names that start with a
    /// ``TraceBuffer/fileStamp(_:)``; anything else there is not ours and left alone).
    mutating func rescan(_ directory: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        let found = names.compactMap { name in Self.written(fromName: name).map { Entry(name: name, written: $0) } }
        entries = Deque(found.sorted { ($0.written, $0.name) < ($1.written, $1.name) })
        loaded = true
    }

    mutating func add(_ entry: Entry) {
        entries.append(entry)
    }

    /// Removes and returns the entries written before `cutoff`.
    mutating func removeExpired(before cutoff: Date) -> [Entry] {
        var removed: [Entry] = []
        while let first = entries.first, first.written < cutoff {
            removed.append(entries.removeFirst())
        }
        return removed
    }

    /// Removes and returns the oldest entries beyond `limit`.
    mutating func removeExcess(beyond limit: Int) -> [Entry] {
        var removed: [Entry] = []
        while entries.count > limit {
            removed.append(entries.removeFirst())
        }
        return removed
    }

    /// The time in a name like `20261129T215145.123Z-req_….json`, or `nil` for other files.
    static func written(fromName name: String) -> Date? {
        let bytes = Array(name.utf8)
        guard bytes.count > 25, name.hasSuffix(".json"), bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "."),
            bytes[19] == UInt8(ascii: "Z"), bytes[20] == UInt8(ascii: "-")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15), let millisecond = number(16..<19)
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(millisecond) / 1000)
    }
}

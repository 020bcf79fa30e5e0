import Foundation
import Logging

/// The documented log fields (docs/logging.md), in the order they are written.
enum LogFields {
    static let documentedOrder = [
        "request_id", "key_name", "component", "route", "method", "status", "model", "latency_ms", "tokens_prompt", "tokens_response",
        "worker_state", "restart_count", "backoff_ms", "maintenance_mode", "error_code", "retryable",
    ]
    /// Fields any event may carry.
    static let common: Set<String> = ["request_id", "component", "key_name"]

    private static let rank = Dictionary(uniqueKeysWithValues: documentedOrder.enumerated().map { ($1, $0) })

    /// Whether `text` is an event name: lowercase words joined by underscores.
    static func isEventName(_ text: String) -> Bool {
        guard let first = text.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// Metadata sorted: documented fields first in their order, then the rest by name.
    static func ordered(_ metadata: Logger.Metadata) -> [(key: String, value: Logger.MetadataValue)] {
        metadata.sorted { lhs, rhs in
            switch (rank[lhs.key], rank[rhs.key]) {
            case let (left?, right?): left < right
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): lhs.key < rhs.key
            }
        }
    }
}

/// ISO-8601 UTC timestamps with milliseconds, e.g. `2026-11-29T21:51:45.123Z`.
enum LogTimestamp {
    static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var parts = tm()
        var seconds = time.tv_sec
        gmtime_r(&seconds, &parts)
        let milliseconds = Int(time.tv_nsec / 1_000_000)
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(milliseconds, 3))Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

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

    /// Metadata sorted: documented fields first in their order, then the rest by name; the
    /// framework-internal `hb.*` fields left out. Each key's rank is looked up once.
    static func ordered(_ metadata: Logger.Metadata) -> [(key: String, value: Logger.MetadataValue)] {
        var ranked: [(rank: Int, key: String, value: Logger.MetadataValue)] = []
        ranked.reserveCapacity(metadata.count)
        for (key, value) in metadata where !key.hasPrefix("hb.") {
            ranked.append((rank[key] ?? Int.max, key, value))
        }
        ranked.sort { ($0.rank, $0.key) < ($1.rank, $1.key) }
        return ranked.map { ($0.key, $0.value) }
    }
}

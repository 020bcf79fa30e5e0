/// Reads the method of a notification line without parsing it, so that a reader can skip the
/// frames nobody consumes (status changes, rate limits, item starts) before paying for a full
/// JSON parse.
///
/// Only the canonical shape the app-server writes is recognised — the line starts with
/// `{"method":"` and the name has no escapes; anything else returns `nil` and must be parsed.
public enum NotificationSniffer {
    private static let prefix = Array(#"{"method":""#.utf8)

    /// The method name of a notification line in canonical form, or `nil`.
    public static func method(of line: [UInt8]) -> String? {
        guard line.count > prefix.count, line.starts(with: prefix) else { return nil }
        var end = prefix.count
        while end < line.count {
            switch line[end] {
            case UInt8(ascii: "\""):
                return String(decoding: line[prefix.count..<end], as: UTF8.self)
            case UInt8(ascii: "\\"):
                return nil
            default:
                end += 1
            }
        }
        return nil
    }
}

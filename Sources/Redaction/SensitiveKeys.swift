/// JSON member names whose values are redacted whole, whatever their type.
///
/// Names compare case-insensitively with `-` and `_` ignored, so `api_key`, `apiKey`, `API-Key`
/// and `apikey` are the same key; `token_count` and `tokens_prompt` are not `token`.
public struct SensitiveKeys: Sendable, Hashable {
    /// The replacement written for a sensitive member's value: `[REDACTED:sensitive_key]`.
    public static let replacement = RedactionRule.defaultReplacement(for: "sensitive_key")

    /// The built-in keys.
    public static let defaults = SensitiveKeys([
        "authorization", "proxy-authorization", "api_key", "apikey", "x-api-key",
        "password", "passwd", "token", "access_token", "refresh_token",
        "secret", "client_secret", "cookie", "set-cookie",
    ])

    /// The normalized keys: lowercase ASCII, without `-` and `_`.
    public private(set) var normalizedKeys: Set<String>
    private var longestKey: Int

    /// Creates a set from key names in any spelling.
    public init(_ keys: some Sequence<String>) {
        normalizedKeys = Set(keys.map(Self.normalize))
        longestKey = normalizedKeys.map(\.utf8.count).max() ?? 0
    }

    /// This set plus `keys`.
    public func adding(_ keys: some Sequence<String>) -> SensitiveKeys {
        SensitiveKeys(normalizedKeys.union(keys.map(Self.normalize)))
    }

    /// Whether a member named `key` is redacted whole.
    public func contains(_ key: String) -> Bool {
        // Separators are dropped, so a key can be longer than its normalized form; a generous
        // bound still rejects long keys without looking further.
        guard key.utf8.count <= longestKey * 2 + 4 else { return false }
        return normalizedKeys.contains(Self.normalize(key))
    }

    /// The comparison form of a key: ASCII letters lowercased, `-` and `_` removed.
    public static func normalize(_ key: String) -> String {
        // Built on the stack; a result of up to 15 bytes is a small string, so most keys cost
        // no allocation at all.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: key.utf8.count) { buffer in
            var count = 0
            for byte in key.utf8 where byte != UInt8(ascii: "-") && byte != UInt8(ascii: "_") {
                buffer[count] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                count += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }
}

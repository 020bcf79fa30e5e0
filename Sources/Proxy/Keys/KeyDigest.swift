import Crypto

/// The SHA-256 of an API key: what the key file stores and what a presented key is looked up by.
///
/// Lookup is one dictionary access on the digest of the presented key, so there is no loop of
/// per-key comparisons whose timing could leak anything, and the file holds no secret.
public struct KeyDigest: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public let bytes: [UInt8]

    /// The digest of `key` (its UTF-8 bytes, exactly as sent after `Bearer `).
    public init(of key: String) {
        bytes = Array(SHA256.hash(data: Array(key.utf8)))
    }

    /// Parses `sha256:<64 lowercase or uppercase hex digits>`; `nil` for anything else.
    public init?(parsing text: String) {
        let prefix = "sha256:"
        guard text.hasPrefix(prefix) else { return nil }
        let hex = Array(text.utf8.dropFirst(prefix.utf8.count))
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = Self.nibble(hex[index]), let low = Self.nibble(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// `sha256:<hex>`, as the key file spells it.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = "sha256:"
        for byte in bytes {
            text.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
            text.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0f)]))
        }
        return text
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

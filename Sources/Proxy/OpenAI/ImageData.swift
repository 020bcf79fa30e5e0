/// Checks base64 text without decoding it all: an image of many megabytes costs one scan and no
/// allocation.
enum Base64Check {
    /// The decoded length of padded standard base64 (`A–Z a–z 0–9 + /`, `=` only at the end),
    /// or `nil` when `text` is empty or not such base64.
    static func decodedLength(_ text: Substring.UTF8View) -> Int? {
        guard !text.isEmpty, text.count % 4 == 0 else { return nil }
        var padding = 0
        for byte in text {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, value(of: byte) != nil else { return nil }
        }
        guard padding <= 2 else { return nil }
        return text.count / 4 * 3 - padding
    }

    /// The first `bytes` decoded bytes (fewer when the data is shorter) of text that passed
    /// ``decodedLength(_:)``.
    static func decodePrefix(_ text: Substring.UTF8View, bytes: Int) -> [UInt8] {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in text.prefix((bytes + 2) / 3 * 4) {
            guard let sextet = value(of: byte) else { break }
            accumulator = accumulator << 6 | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return Array(output.prefix(bytes))
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}

/// The leading bytes that identify the image formats the worker takes (PNG, JPEG, GIF, WebP).
enum ImageSignature {
    static func isSupportedImage(_ head: [UInt8]) -> Bool {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if head.starts(with: png) || head.starts(with: [0xFF, 0xD8, 0xFF]) { return true }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return true }
        return head.count >= 12 && head.starts(with: Array("RIFF".utf8)) && Array(head[8..<12]) == Array("WEBP".utf8)
    }
}

/// Parses thread ids the way codex does (Rust `uuid` crate), reproducing its error texts:
/// "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-],
/// found `n` at 1", "invalid group count: expected 5, found 3", and so on.
enum ThreadIDParser {
    /// The canonical lowercase hyphenated form, or the crate's error message.
    static func parse(_ input: String) -> Result<String, ThreadIDError> {
        let bytes = Array(input.utf8)
        var body: ArraySlice<UInt8>?
        switch bytes.count {
        case 32: body = bytes[...]
        case 36: body = bytes[...]
        case 38 where bytes.first == UInt8(ascii: "{") && bytes.last == UInt8(ascii: "}"): body = bytes[1..<37]
        case 45 where input.hasPrefix("urn:uuid:"): body = bytes[9...]
        default: body = nil
        }
        if let body, let hex = canonicalHex(body) {
            return .success(hyphenated(hex))
        }
        return .failure(ThreadIDError(message: diagnose(input)))
    }

    private static let hexDigits = Set("0123456789abcdefABCDEF".utf8)

    /// 32 lowercase hex digits when `body` is a well-formed simple or hyphenated UUID.
    private static func canonicalHex(_ body: ArraySlice<UInt8>) -> [UInt8]? {
        let hyphenPositions: Set<Int> = body.count == 36 ? [8, 13, 18, 23] : []
        guard body.count == 32 || body.count == 36 else { return nil }
        var hex: [UInt8] = []
        for (offset, byte) in body.enumerated() {
            if hyphenPositions.contains(offset) {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard hexDigits.contains(byte) else { return nil }
            hex.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F") ? byte + 32 : byte)
        }
        return hex
    }

    private static func hyphenated(_ hex: [UInt8]) -> String {
        var text = String(decoding: hex, as: UTF8.self)
        for position in [8, 13, 18, 23] { text.insert("-", at: text.index(text.startIndex, offsetBy: position)) }
        return text
    }

    /// The `uuid` crate's `InvalidUuid::into_err` diagnosis.
    private static func diagnose(_ input: String) -> String {
        var text = Substring(input)
        var offset = 0
        var simple = true
        if text.utf8.count >= 2, text.hasPrefix("{"), text.hasSuffix("}") {
            text = text.dropFirst().dropLast()
            offset = 1
            simple = false
        } else if text.hasPrefix("urn:uuid:") {
            text = text.dropFirst(9)
            offset = 9
            simple = false
        }
        var hyphenCount = 0
        var groupBounds = [0, 0, 0, 0]
        var index = 0
        for character in text.unicodeScalars {
            if character.value > 0x7F || !(character == "-" || hexDigits.contains(UInt8(character.value))) {
                return "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `\(character)` at \(index + offset + 1)"
            }
            if character == "-" {
                if hyphenCount < 4 { groupBounds[hyphenCount] = index }
                hyphenCount += 1
            }
            index += String(character).utf8.count
        }
        if hyphenCount == 0, simple {
            return "invalid length: expected length 32 for simple format, found \(input.utf8.count)"
        }
        if hyphenCount != 4 {
            return "invalid group count: expected 5, found \(hyphenCount + 1)"
        }
        let blockStarts = [0, 9, 14, 19, 24]
        let expectedLengths = [8, 4, 4, 4, 12]
        for group in 0..<4 where groupBounds[group] != blockStarts[group + 1] - 1 {
            return "invalid group length in group \(group): expected \(expectedLengths[group]), found \(groupBounds[group] - blockStarts[group])"
        }
        return "invalid group length in group 4: expected 12, found \(input.utf8.count - blockStarts[4])"
    }
}

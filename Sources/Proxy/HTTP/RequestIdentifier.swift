/// Request ids: inbound ones are kept only when short and made of safe characters, so that a
/// client cannot inject log syntax or path separators into log lines and trace file names.
enum RequestIdentifier {
    static let maximumLength = 128

    /// The inbound id when it is 1–128 characters of `A-Z a-z 0-9 . _ : -`, else `nil`.
    static func accept(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= maximumLength else { return nil }
        let safe = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        return safe ? value : nil
    }

    /// `req_` followed by 24 random lowercase hex digits (96 bits).
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt32
        return "req_" + hex(high, width: 16) + hex(UInt64(low), width: 8)
    }

    private static func hex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: width - digits.count) + digits
    }
}

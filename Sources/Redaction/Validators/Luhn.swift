/// The Luhn (mod 10) checksum used by payment card numbers.
enum Luhn {
    /// Whether `text` holds 13 to 19 digits (any other bytes are ignored) that pass the checksum.
    static func isValidCardNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var digitCount = 0
        for byte in text where byte &- UInt8(ascii: "0") < 10 {
            digitCount += 1
        }
        guard (13...19).contains(digitCount) else { return false }
        // Walk from the rightmost digit, doubling every second one.
        var sum = 0
        var double = false
        for byte in text.reversed() {
            let digit = Int(byte &- UInt8(ascii: "0"))
            guard digit < 10 else { continue }
            if double {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// Convenience for tests and callers holding a string.
    static func isValidCardNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValidCardNumber($0) }
    }
}

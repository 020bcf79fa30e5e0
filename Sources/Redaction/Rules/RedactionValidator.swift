/// A check that a candidate match must also pass before it is redacted.
///
/// Patterns find things shaped like a secret; a validator rejects shapes that cannot be one, so
/// that, for example, order numbers and timestamps are not mistaken for card numbers.
public enum RedactionValidator: String, Sendable, Hashable, CaseIterable {
    /// The digits (13 to 19 of them, separators ignored) pass the Luhn checksum.
    case luhn

    /// Whether the matched bytes pass this validator.
    func accepts(_ match: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .luhn: Luhn.isValidCardNumber(match)
        }
    }
}

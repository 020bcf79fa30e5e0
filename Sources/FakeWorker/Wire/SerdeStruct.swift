/// A Rust struct deserialized from a JSON object; unknown keys are ignored, as the real binary does.
struct SerdeStruct: Sendable {
    var name: String
    var fields: [SerdeField]
    /// serde's field count, used in "invalid length 0, expected struct X with N elements".
    var declaredFieldCount: Int?

    init(_ name: String, fields: [SerdeField], declaredFieldCount: Int? = nil) {
        self.name = name
        self.fields = fields
        self.declaredFieldCount = declaredFieldCount
    }
}

/// One field of a ``SerdeStruct``; optional fields accept `null` unless they are `defaulted`.
struct SerdeField: Sendable {
    var name: String
    var shape: SerdeShape
    var required: Bool
    /// Whether `null` stands for an absent optional field (`Option<T>`); a `#[serde(default)] T`
    /// field may be left out but rejects `null`.
    var nullable = true

    static func required(_ name: String, _ shape: SerdeShape) -> SerdeField { SerdeField(name: name, shape: shape, required: true) }
    static func optional(_ name: String, _ shape: SerdeShape) -> SerdeField { SerdeField(name: name, shape: shape, required: false) }
    static func defaulted(_ name: String, _ shape: SerdeShape) -> SerdeField {
        SerdeField(name: name, shape: shape, required: false, nullable: false)
    }
}

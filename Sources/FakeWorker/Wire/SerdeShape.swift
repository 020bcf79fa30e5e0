/// The expected shape of a request parameter, enough to reproduce serde's validation order and
/// messages for the parameters the fake understands.
indirect enum SerdeShape: Sendable {
    case string
    case bool
    /// A `HashMap`/`serde_json::Map` field.
    case map
    /// Anything goes (fields the fake does not interpret).
    case any
    case sequence(SerdeShape)
    /// An externally tagged enum written as a string; `variants` in declaration order, struct
    /// variants flagged (a bare string naming one is "invalid type: unit variant").
    case enumeration([SerdeVariant])
    case structure(SerdeStruct)
    /// An internally tagged enum (`{"type": "...", ...}`).
    case tagged(name: String, tag: String, variants: [(name: String, body: SerdeStruct)])
}

/// One variant of an externally tagged enum.
struct SerdeVariant: Sendable {
    var name: String
    var isStruct = false

    static func unit(_ name: String) -> SerdeVariant { SerdeVariant(name: name) }
    static func structure(_ name: String) -> SerdeVariant { SerdeVariant(name: name, isStruct: true) }
}

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

/// One field of a ``SerdeStruct``; optional fields accept `null`.
struct SerdeField: Sendable {
    var name: String
    var shape: SerdeShape
    var required: Bool

    static func required(_ name: String, _ shape: SerdeShape) -> SerdeField { SerdeField(name: name, shape: shape, required: true) }
    static func optional(_ name: String, _ shape: SerdeShape) -> SerdeField { SerdeField(name: name, shape: shape, required: false) }
}

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

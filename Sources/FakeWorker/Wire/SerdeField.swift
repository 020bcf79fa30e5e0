/// One field of a ``SerdeStruct``; optional fields accept `null`.
struct SerdeField: Sendable {
    var name: String
    var shape: SerdeShape
    var required: Bool

    static func required(_ name: String, _ shape: SerdeShape) -> SerdeField { SerdeField(name: name, shape: shape, required: true) }
    static func optional(_ name: String, _ shape: SerdeShape) -> SerdeField { SerdeField(name: name, shape: shape, required: false) }
}

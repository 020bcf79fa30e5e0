/// One variant of an externally tagged enum.
struct SerdeVariant: Sendable {
    var name: String
    var isStruct = false

    static func unit(_ name: String) -> SerdeVariant { SerdeVariant(name: name) }
    static func structure(_ name: String) -> SerdeVariant { SerdeVariant(name: name, isStruct: true) }
}

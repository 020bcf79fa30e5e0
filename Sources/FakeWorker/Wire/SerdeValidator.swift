import CodexAppServer

/// Checks a JSON value against a ``SerdeShape`` in the order serde's derived deserializers do:
/// members in input order (the first bad value wins), then the first missing required field in
/// declaration order.
enum SerdeValidator {
    static func validate(_ value: JSONValue, as shape: SerdeShape) throws(SerdeError) {
        switch shape {
        case .any:
            return
        case .string:
            guard case .string = value else { throw .invalidType(value, expected: "a string") }
        case .bool:
            guard case .bool = value else { throw .invalidType(value, expected: "a boolean") }
        case .map:
            guard case .object = value else { throw .invalidType(value, expected: "a map") }
        case .sequence(let elementShape):
            guard case .array(let elements) = value else { throw .invalidType(value, expected: "a sequence") }
            for element in elements { try validate(element, as: elementShape) }
        case .enumeration(let variants):
            try validateEnumeration(value, variants: variants)
        case .structure(let structure):
            try validateStructure(value, structure)
        case .tagged(let name, let tag, let variants):
            guard case .object(let object) = value else { throw .invalidType(value, expected: "internally tagged enum \(name)") }
            guard let tagValue = object[tag] else { throw .missingField(tag) }
            guard let variantName = tagValue.stringValue else { throw .invalidType(tagValue, expected: "variant identifier") }
            guard let variant = variants.first(where: { $0.name == variantName }) else {
                throw .unknownVariant(variantName, expected: variants.map(\.name))
            }
            var body = object
            body.removeValue(forKey: tag)
            try validateStructure(.object(body), variant.body)
        }
    }

    static func validateStructure(_ value: JSONValue, _ structure: SerdeStruct) throws(SerdeError) {
        switch value {
        case .object(let object):
            var seen: Set<String> = []
            for (key, member) in object {
                guard let field = structure.fields.first(where: { $0.name == key }) else { continue }
                guard seen.insert(key).inserted else { throw .duplicateField(key) }
                if member.isNull, !field.required, field.nullable { continue }
                try validate(member, as: field.shape)
            }
            if let missing = structure.fields.first(where: { $0.required && object[$0.name] == nil }) {
                throw .missingField(missing.name)
            }
        case .array(let elements) where elements.isEmpty && structure.declaredFieldCount != nil:
            throw .invalidLength(0, expected: "struct \(structure.name) with \(structure.declaredFieldCount!) elements")
        default:
            throw .invalidType(value, expected: "struct \(structure.name)")
        }
    }

    static func validateEnumeration(_ value: JSONValue, variants: [SerdeVariant]) throws(SerdeError) {
        let name: String
        switch value {
        case .string(let text):
            guard let variant = variants.first(where: { $0.name == text }) else {
                throw .unknownVariant(text, expected: variants.map(\.name))
            }
            if variant.isStruct { throw SerdeError(message: "invalid type: unit variant, expected struct variant") }
            return
        case .object(let object) where object.count == 1:
            name = object.keys[0]
        default:
            throw .invalidType(value, expected: "string or map")
        }
        guard variants.contains(where: { $0.name == name }) else {
            throw .unknownVariant(name, expected: variants.map(\.name))
        }
    }
}

import OrderedJSON

/// `GET /v1/models`: the configured models in the OpenAI list shape.
enum ModelList {
    static func json(models: [String], created: Int64) -> JSONValue {
        .object([
            "object": "list",
            "data": .array(models.map { ["id": .string($0), "object": "model", "created": .integer(created), "owned_by": "codex-proxy"] }),
        ])
    }
}

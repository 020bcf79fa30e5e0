import OrderedJSON

/// What a chat request asks of the worker's turn besides its input: `reasoning_effort`,
/// `response_format` and `service_tier`, mapped to `turn/start.effort`, `outputSchema` and
/// `serviceTier`.
///
/// codex passes `effort` upstream verbatim (any non-empty string), so the proxy checks it against
/// what the model advertises; an unknown value would otherwise surface as an upstream failure.
public struct ChatTurnOptions: Sendable, Hashable {
    /// `turn/start.effort`; `nil`: the model's default.
    public var effort: String?
    /// `turn/start.outputSchema`: the `json_schema` of `response_format` (codex sends it upstream
    /// with `strict: true`).
    public var outputSchema: JSONValue?
    /// `turn/start.serviceTier`: `flex` or `priority`; `nil`: the account's default tier.
    public var serviceTier: String?

    public init(effort: String? = nil, outputSchema: JSONValue? = nil, serviceTier: String? = nil) {
        self.effort = effort
        self.outputSchema = outputSchema
        self.serviceTier = serviceTier
    }

    /// The efforts allowed for a model that is not in the worker's catalog (or lists none).
    public static let defaultEfforts = ["none", "minimal", "low", "medium", "high", "xhigh", "max"]

    /// The tiers passed to the worker; `auto` and `default` mean "no override".
    static let forwardedTiers = ["flex", "priority"]

    /// The response's `service_tier`, as OpenAI reports the tier that served the request.
    public var echoedServiceTier: String { serviceTier ?? "default" }
}

extension ChatTurnOptions {
    /// Reads the options from the body; `supportedEfforts` are the model's efforts from the
    /// worker's catalog (`nil` or empty: ``defaultEfforts``).
    init(body: JSONObject, supportedEfforts: [String]?) throws(ProxyError) {
        self.init(
            effort: try Self.effort(body["reasoning_effort"], allowed: supportedEfforts.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultEfforts),
            outputSchema: try Self.outputSchema(body["response_format"]),
            serviceTier: try Self.serviceTier(body["service_tier"])
        )
    }

    private static func effort(_ value: JSONValue?, allowed: [String]) throws(ProxyError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let effort = value.stringValue else {
            throw .invalidRequest("'reasoning_effort' must be a string, got \(value.typeName).", param: "reasoning_effort", code: "invalid_type")
        }
        guard allowed.contains(effort) else {
            throw .invalidRequest(
                "'reasoning_effort' must be one of \(allowed.joined(separator: ", ")) for this model, got '\(ProxyError.quote(effort))'.",
                param: "reasoning_effort", code: "invalid_value"
            )
        }
        return effort
    }

    private static func outputSchema(_ value: JSONValue?) throws(ProxyError) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        guard case .object(let format) = value else {
            throw .invalidRequest("'response_format' must be an object, got \(value.typeName).", param: "response_format", code: "invalid_type")
        }
        guard let type = format["type"]?.stringValue else {
            throw .invalidRequest("'response_format.type' must be a string.", param: "response_format.type", code: "invalid_type")
        }
        switch type {
        case "text":
            return nil
        case "json_object":
            throw .invalidRequest(
                "'response_format' of type 'json_object' is not supported; use json_schema with the schema of the object you expect.",
                param: "response_format", code: "unsupported_value"
            )
        case "json_schema":
            return try jsonSchema(format["json_schema"])
        default:
            throw .invalidRequest(
                "'response_format.type' must be one of text, json_schema, got '\(ProxyError.quote(type))'.", param: "response_format.type",
                code: "invalid_value"
            )
        }
    }

    /// `{"name","schema","strict"?,"description"?}`: the schema is what the worker needs; the name
    /// is checked as OpenAI does (codex names it `codex_output_schema` upstream).
    private static func jsonSchema(_ value: JSONValue?) throws(ProxyError) -> JSONValue {
        let path = "response_format.json_schema"
        guard case .object(let spec)? = value else {
            throw .invalidRequest("'\(path)' must be an object with 'name' and 'schema'.", param: path, code: value == nil ? "missing_required_parameter" : "invalid_type")
        }
        guard let name = spec["name"]?.stringValue, (1...64).contains(name.count),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            throw .invalidRequest(
                "'\(path).name' must be 1 to 64 letters, digits, underscores or dashes.", param: "\(path).name", code: "invalid_value"
            )
        }
        if let strict = spec["strict"], !strict.isNull, strict.boolValue == nil {
            throw .invalidRequest("'\(path).strict' must be a boolean, got \(strict.typeName).", param: "\(path).strict", code: "invalid_type")
        }
        guard let schema = spec["schema"] else {
            throw .invalidRequest("'\(path).schema' is required.", param: "\(path).schema", code: "missing_required_parameter")
        }
        guard case .object = schema else {
            throw .invalidRequest("'\(path).schema' must be a JSON Schema object, got \(schema.typeName).", param: "\(path).schema", code: "invalid_type")
        }
        return schema
    }

    private static func serviceTier(_ value: JSONValue?) throws(ProxyError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let tier = value.stringValue else {
            throw .invalidRequest("'service_tier' must be a string, got \(value.typeName).", param: "service_tier", code: "invalid_type")
        }
        if tier == "auto" || tier == "default" { return nil }
        guard forwardedTiers.contains(tier) else {
            throw .invalidRequest(
                "'service_tier' must be one of auto, default, flex, priority, got '\(ProxyError.quote(tier))'.", param: "service_tier", code: "invalid_value"
            )
        }
        return tier
    }
}

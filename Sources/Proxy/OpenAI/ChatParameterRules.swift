import OrderedJSON

/// The chat parameters the worker cannot honour: those that would change the shape of the answer
/// are refused, those that only tune sampling are type-checked and ignored (README lists both).
///
/// The worker has no turn parameter for sampling, output length or stop sequences, so an ignored
/// `max_tokens` never yields `finish_reason: "length"`.
enum ChatParameterRules {
    /// Refuses, with 400 `unsupported_parameter` naming it, every parameter whose effect the
    /// proxy cannot deliver; then type-checks the ignored ones so a typo still fails loudly.
    static func check(_ body: JSONObject) throws(ProxyError) {
        try refuseUnsupported(body)
        try checkIgnored(body)
    }

    private static func refuseUnsupported(_ body: JSONObject) throws(ProxyError) {
        if let n = present(body, "n"), n.integerValue != 1 {
            throw unsupported("n", "only one choice ('n': 1) is produced, got \(ProxyError.quote(n.description))")
        }
        if let logprobs = present(body, "logprobs") {
            guard let enabled = logprobs.boolValue else { throw invalidType("logprobs", "a boolean", logprobs) }
            if enabled { throw unsupported("logprobs", "the worker does not report token log probabilities") }
        }
        if present(body, "top_logprobs") != nil {
            throw unsupported("top_logprobs", "the worker does not report token log probabilities")
        }
        if let bias = present(body, "logit_bias") {
            guard case .object(let entries) = bias else { throw invalidType("logit_bias", "an object", bias) }
            if !entries.isEmpty { throw unsupported("logit_bias", "the worker cannot bias tokens") }
        }
        if present(body, "stop") != nil {
            throw unsupported("stop", "the worker has no stop sequences")
        }
        if present(body, "audio") != nil {
            throw unsupported("audio", "the worker answers in text only")
        }
        if let modalities = present(body, "modalities") {
            guard let names = modalities.arrayValue?.compactMap(\.stringValue), names.count == modalities.arrayValue?.count else {
                throw invalidType("modalities", "an array of strings", modalities)
            }
            if names.contains("audio") { throw unsupported("modalities", "the worker answers in text only") }
        }
        if present(body, "prediction") != nil {
            throw unsupported("prediction", "predicted outputs are not available through the worker")
        }
        if present(body, "web_search_options") != nil {
            throw unsupported("web_search_options", "the worker's web search is not exposed")
        }
    }

    /// `temperature`, `top_p`, the penalties, `max_tokens`, `max_completion_tokens` and `user`
    /// are checked with the sampling parameters in ``ChatCompletionRequest``.
    private static func checkIgnored(_ body: JSONObject) throws(ProxyError) {
        if let seed = present(body, "seed"), seed.integerValue == nil { throw invalidType("seed", "an integer", seed) }
        if let store = present(body, "store"), store.boolValue == nil { throw invalidType("store", "a boolean", store) }
        for key in ["prompt_cache_key", "safety_identifier"] {
            if let value = present(body, key), value.stringValue == nil { throw invalidType(key, "a string", value) }
        }
        if let metadata = present(body, "metadata") {
            guard case .object(let entries) = metadata, entries.values.allSatisfy({ $0.stringValue != nil }) else {
                throw invalidType("metadata", "an object of strings", metadata)
            }
        }
        if let verbosity = present(body, "verbosity") {
            guard let level = verbosity.stringValue, ["low", "medium", "high"].contains(level) else {
                throw .invalidRequest(
                    "'verbosity' must be one of low, medium, high, got \(ProxyError.quote(verbosity.description)).", param: "verbosity", code: "invalid_value"
                )
            }
        }
    }

    /// The value of `key` unless absent or `null` (`null` means "not set" for every parameter).
    private static func present(_ body: JSONObject, _ key: String) -> JSONValue? {
        guard let value = body[key], !value.isNull else { return nil }
        return value
    }

    private static func unsupported(_ key: String, _ reason: String) -> ProxyError {
        .invalidRequest("'\(key)' is not supported: \(reason).", param: key, code: "unsupported_parameter")
    }

    private static func invalidType(_ key: String, _ expected: String, _ value: JSONValue) -> ProxyError {
        .invalidRequest("'\(key)' must be \(expected), got \(value.typeName).", param: key, code: "invalid_type")
    }
}

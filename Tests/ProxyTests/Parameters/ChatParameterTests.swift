import CodexAppServer
import OrderedJSON
@testable import Proxy
import Testing

/// Issue 13 §2: `reasoning_effort`, `response_format` and `service_tier` map to `turn/start`;
/// parameters that would change the answer's shape are refused; sampling knobs are type-checked
/// and ignored. Each 400 names its field and code.
@Suite("Chat parameters")
struct ChatParameterTests {
    static let catalogEntry = ModelCatalog.Entry(id: "m", supportedReasoningEfforts: ["low", "high"], inputModalities: ["text"])

    /// Parses `{"model": "m", "messages": [user "hi"], <extra>}` with `m` served; `inCatalog`
    /// gives `m` the worker entry above.
    static func parse(_ extra: String, inCatalog: Bool = false) -> Result<ChatCompletionRequest, ProxyError> {
        let separator = extra.isEmpty ? "" : ", "
        let text = #"{"model": "m", "messages": [{"role": "user", "content": "hi"}]\#(separator)\#(extra)}"#
        guard let json = try? JSONParser().parse(text) else { preconditionFailure("bad test JSON: \(text)") }
        do throws(ProxyError) {
            return .success(try ChatCompletionRequest(json: json, models: ["m"], catalog: { inCatalog && $0 == "m" ? catalogEntry : nil }))
        } catch {
            return .failure(error)
        }
    }

    struct Refusal: Sendable, CustomStringConvertible {
        var extra: String
        var param: String
        var code: String
        var inCatalog = false
        var description: String { extra }
    }

    static let refusals: [Refusal] = [
        Refusal(extra: #""reasoning_effort": "turbo""#, param: "reasoning_effort", code: "invalid_value"),
        Refusal(extra: #""reasoning_effort": "medium""#, param: "reasoning_effort", code: "invalid_value", inCatalog: true),
        Refusal(extra: #""reasoning_effort": 3"#, param: "reasoning_effort", code: "invalid_type"),
        Refusal(extra: #""response_format": {"type": "json_object"}"#, param: "response_format", code: "unsupported_value"),
        Refusal(extra: #""response_format": {"type": "xml"}"#, param: "response_format.type", code: "invalid_value"),
        Refusal(extra: #""response_format": "json""#, param: "response_format", code: "invalid_type"),
        Refusal(extra: #""response_format": {"type": "json_schema"}"#, param: "response_format.json_schema", code: "missing_required_parameter"),
        Refusal(extra: #""response_format": {"type": "json_schema", "json_schema": {"schema": {}}}"#, param: "response_format.json_schema.name", code: "invalid_value"),
        Refusal(extra: #""response_format": {"type": "json_schema", "json_schema": {"name": "a"}}"#, param: "response_format.json_schema.schema", code: "missing_required_parameter"),
        Refusal(extra: #""response_format": {"type": "json_schema", "json_schema": {"name": "a", "schema": true}}"#, param: "response_format.json_schema.schema", code: "invalid_type"),
        Refusal(extra: #""response_format": {"type": "json_schema", "json_schema": {"name": "a", "schema": {}, "strict": "yes"}}"#, param: "response_format.json_schema.strict", code: "invalid_type"),
        Refusal(extra: #""service_tier": "scale""#, param: "service_tier", code: "invalid_value"),
        Refusal(extra: #""service_tier": 1"#, param: "service_tier", code: "invalid_type"),
        Refusal(extra: #""n": 2"#, param: "n", code: "unsupported_parameter"),
        Refusal(extra: #""logprobs": true"#, param: "logprobs", code: "unsupported_parameter"),
        Refusal(extra: #""logprobs": "no""#, param: "logprobs", code: "invalid_type"),
        Refusal(extra: #""top_logprobs": 2"#, param: "top_logprobs", code: "unsupported_parameter"),
        Refusal(extra: #""logit_bias": {"50256": -100}"#, param: "logit_bias", code: "unsupported_parameter"),
        Refusal(extra: #""logit_bias": [1]"#, param: "logit_bias", code: "invalid_type"),
        Refusal(extra: #""stop": "\n""#, param: "stop", code: "unsupported_parameter"),
        Refusal(extra: #""stop": ["END"]"#, param: "stop", code: "unsupported_parameter"),
        Refusal(extra: #""audio": {"voice": "alloy", "format": "wav"}"#, param: "audio", code: "unsupported_parameter"),
        Refusal(extra: #""modalities": ["text", "audio"]"#, param: "modalities", code: "unsupported_parameter"),
        Refusal(extra: #""modalities": "text""#, param: "modalities", code: "invalid_type"),
        Refusal(extra: #""prediction": {"type": "content", "content": "x"}"#, param: "prediction", code: "unsupported_parameter"),
        Refusal(extra: #""web_search_options": {}"#, param: "web_search_options", code: "unsupported_parameter"),
        Refusal(extra: #""seed": 1.5"#, param: "seed", code: "invalid_type"),
        Refusal(extra: #""store": "yes""#, param: "store", code: "invalid_type"),
        Refusal(extra: #""metadata": {"a": 1}"#, param: "metadata", code: "invalid_type"),
        Refusal(extra: #""prompt_cache_key": 5"#, param: "prompt_cache_key", code: "invalid_type"),
        Refusal(extra: #""safety_identifier": false"#, param: "safety_identifier", code: "invalid_type"),
        Refusal(extra: #""verbosity": "loud""#, param: "verbosity", code: "invalid_value"),
    ]

    @Test("each refused or malformed parameter is a 400 naming the field with its OpenAI code", arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        guard case .failure(let error) = Self.parse(refusal.extra, inCatalog: refusal.inCatalog) else {
            Issue.record("accepted: \(refusal.extra)")
            return
        }
        #expect(error.status == .badRequest)
        #expect(error.param == refusal.param)
        #expect(error.code == refusal.code)
        #expect(error.type == "invalid_request_error")
        #expect(!error.isRetryable)
    }

    @Test("an unknown effort lists the allowed ones: the catalog's for a listed model, else the default set")
    func effortMessageListsAllowed() {
        guard case .failure(let listed) = Self.parse(#""reasoning_effort": "max""#, inCatalog: true),
            case .failure(let unlisted) = Self.parse(#""reasoning_effort": "turbo""#)
        else {
            Issue.record("accepted")
            return
        }
        #expect(listed.message.contains("one of low, high for this model"))
        #expect(unlisted.message.contains("one of none, minimal, low, medium, high, xhigh, max"))
    }

    @Test("effort, schema and tier map to turn/start; null, auto and default are omitted")
    func mapping() throws {
        let schema = #"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}"#
        let request = try Self.parse(
            #""reasoning_effort": "high", "service_tier": "flex", "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true, "schema": \#(schema)}}"#,
            inCatalog: true
        ).get()
        #expect(request.options == ChatTurnOptions(effort: "high", outputSchema: try JSONParser().parse(schema), serviceTier: "flex"))
        #expect(request.options.echoedServiceTier == "flex")
        let params = TurnStartParams(threadID: "t", input: [], effort: "high", outputSchema: ["type": "object"], serviceTier: "priority").json
        #expect(params.jsonString == #"{"threadId":"t","input":[],"effort":"high","outputSchema":{"type":"object"},"serviceTier":"priority"}"#)
        #expect(TurnStartParams(threadID: "t", input: []).json.jsonString == #"{"threadId":"t","input":[]}"#)

        for omitted in [#""reasoning_effort": null, "service_tier": "auto""#, #""service_tier": "default", "response_format": {"type": "text"}"#, ""] {
            let plain = try Self.parse(omitted).get()
            #expect(plain.options == ChatTurnOptions(), "\(omitted)")
            #expect(plain.options.echoedServiceTier == "default")
        }
        #expect(try Self.parse(#""reasoning_effort": "xhigh""#).get().options.effort == "xhigh", "unlisted model: the default set")
    }

    @Test("ignored parameters are accepted when well-typed; n 1, logprobs false, empty logit_bias and text modalities too")
    func ignoredAccepted() throws {
        let extra = #"""
            "temperature": 0.2, "top_p": 0.9, "presence_penalty": 0.1, "frequency_penalty": 0.1, "max_tokens": 5, \#
            "max_completion_tokens": 5, "seed": 7, "user": "u", "metadata": {"k": "v"}, "store": false, "prompt_cache_key": "p", \#
            "safety_identifier": "s", "verbosity": "low", "n": 1, "logprobs": false, "logit_bias": {}, "modalities": ["text"], \#
            "stop": null, "top_logprobs": null, "audio": null, "prediction": null, "web_search_options": null
            """#
        #expect(try Self.parse(extra).get().options == ChatTurnOptions())
    }
}

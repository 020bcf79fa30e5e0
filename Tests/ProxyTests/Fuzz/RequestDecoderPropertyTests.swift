import NIOCore
import OrderedJSON
import PropertyBased
@testable import Proxy
import Testing

/// Random and mutated request bodies through the decoder: never a crash, always either a valid
/// request or a 4xx naming the problem, whose message quotes at most 256 characters of input.
@Suite("Fuzz: request decoder")
struct RequestDecoderPropertyTests {
    static let valid = #"{"model":"gpt-5.1-codex","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}],"stream":true,"stream_options":{"include_usage":true},"temperature":0.2,"max_tokens":10,"n":1}"#
    /// A message may hold its fixed wording plus at most 256 characters of quoted input (twice at most).
    static let messageBound = 2 * 256 + 400

    /// Decodes `bytes` as the controller does; returns the error, or `nil` for a valid request.
    static func decode(_ bytes: [UInt8]) -> ProxyError? {
        do {
            let json = try JSONBody.parse(ByteBuffer(bytes: bytes))
            _ = try ChatCompletionRequest(json: json, models: ["gpt-5.1-codex"])
            return nil
        } catch let error as ProxyError {
            return error
        } catch {
            Issue.record("not a ProxyError: \(error)")
            return nil
        }
    }

    static func checkRejection(_ error: ProxyError?) {
        guard let error else { return }
        #expect((400..<500).contains(error.status.code), "\(error)")
        #expect(error.type == "invalid_request_error")
        #expect(!error.message.isEmpty)
        #expect(error.message.count <= messageBound, "a \(error.message.count)-character message")
    }

    @Test("random bytes are rejected with a clear 400")
    func randomBytes() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...2_048)) { bytes in
            Self.checkRejection(Self.decode(bytes))
        }
    }

    @Test("mutated valid bodies decode or are rejected with a clear 4xx")
    func mutatedBodies() async {
        let mutation = Gen.int(in: 0...2).array(of: 1...8)
        let positions = Gen.int(in: 0...Self.valid.utf8.count).array(of: 8)
        let bytes = Gen.uint8().array(of: 8)
        await propertyCheck(count: 500, input: mutation, positions, bytes) { kinds, positions, values in
            var body = Array(Self.valid.utf8)
            for (index, kind) in kinds.enumerated() {
                let position = min(positions[index], body.count)
                switch kind {
                case 0 where position < body.count: body[position] = values[index]
                case 1: body.insert(values[index], at: position)
                default: if position < body.count { body.remove(at: position) }
                }
            }
            Self.checkRejection(Self.decode(body))
        }
    }

    @Test("huge values in any field are quoted, never echoed whole")
    func hugeValuesAreQuoted() async {
        let fields = Gen.element(of: ["model", "role", "type", "temperature", "max_tokens", "n"])
        await propertyCheck(count: 60, input: fields, Gen.int(in: 300...200_000)) { field, length in
            let field = field ?? "model"
            let huge = String(repeating: "x", count: length)
            var object: JSONObject = ["model": "gpt-5.1-codex", "messages": [["role": "user", "content": "hi"]]]
            switch field {
            case "model": object["model"] = .string(huge)
            case "role": object["messages"] = [["role": .string(huge), "content": "hi"]]
            case "type": object["messages"] = [["role": "user", "content": [["type": .string(huge), "text": "hi"]]]]
            default: object[field] = .string(huge)
            }
            let error = Self.decode(JSONValue.object(object).jsonBytes)
            #expect(error != nil)
            if field == "model" {
                // The unknown model's 404 is built by the controller from the same quoting.
                #expect(ProxyError.modelNotFound(huge).message.count <= Self.messageBound)
            } else {
                Self.checkRejection(error)
            }
        }
    }

    @Test("nesting deeper than the parser's limit is a clear 400, not a stack overflow")
    func deepNesting() {
        let depth = 100_000
        let body = Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
        let error = Self.decode(body)
        #expect(error?.status.code == 400)
        #expect(error?.message.contains("nesting") == true)
    }
}

import OrderedJSON
@testable import Proxy
import Testing

/// Issue 13 §4: inline images in user messages, every refusal a 400 naming the part, and the
/// items they become (turn input for the trailing message, `input_image` in injected history).
@Suite("Image parts")
struct ChatImagePartTests {
    /// A 1×1 PNG.
    static let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
    static let pngURL = "data:image/png;base64,\(png)"

    static func imagePart(_ url: String, detail: String? = nil) -> String {
        let detailField = detail.map { #", "detail": "\#($0)""# } ?? ""
        return #"{"type": "image_url", "image_url": {"url": "\#(url)"\#(detailField)}}"#
    }

    static func parse(
        _ messages: String, modalities: [String]? = nil, maxImageBytes: Int = ChatImagePart.defaultMaxBytes
    ) -> Result<ChatCompletionRequest, ProxyError> {
        guard let json = try? JSONParser().parse(#"{"model": "m", "messages": \#(messages)}"#) else { preconditionFailure("bad JSON: \(messages)") }
        let entry = modalities.map { ModelCatalog.Entry(id: "m", supportedReasoningEfforts: [], inputModalities: $0) }
        do throws(ProxyError) {
            return .success(try ChatCompletionRequest(json: json, models: ["m"], catalog: { _ in entry }, maxImageBytes: maxImageBytes))
        } catch {
            return .failure(error)
        }
    }

    static func userWith(_ part: String) -> String {
        #"[{"role": "user", "content": [{"type": "text", "text": "what is it?"}, \#(part)]}]"#
    }

    struct Refusal: Sendable, CustomStringConvertible {
        var name: String
        var messages: String
        var param: String
        var code: String
        var modalities: [String]? = nil
        var maxImageBytes = ChatImagePart.defaultMaxBytes
        var description: String { name }
    }

    static let url = "messages[0].content[1].image_url.url"
    static let refusals: [Refusal] = [
        Refusal(name: "https URL", messages: userWith(imagePart("https://example.com/cat.png")), param: url, code: "unsupported_value"),
        Refusal(name: "http URL", messages: userWith(imagePart("HTTP://example.com/cat.png")), param: url, code: "unsupported_value"),
        Refusal(name: "another scheme", messages: userWith(imagePart("file:///etc/passwd")), param: url, code: "invalid_value"),
        Refusal(name: "another media type", messages: userWith(imagePart("data:image/svg+xml;base64,\(png)")), param: url, code: "unsupported_value"),
        Refusal(name: "not base64-encoded", messages: userWith(imagePart("data:image/png,rawbytes")), param: url, code: "invalid_value"),
        Refusal(name: "invalid base64", messages: userWith(imagePart("data:image/png;base64,@@@@")), param: url, code: "invalid_value"),
        Refusal(name: "padding inside base64", messages: userWith(imagePart("data:image/png;base64,iV==BORw")), param: url, code: "invalid_value"),
        Refusal(name: "empty payload", messages: userWith(imagePart("data:image/png;base64,")), param: url, code: "invalid_value"),
        Refusal(name: "not an image", messages: userWith(imagePart("data:image/png;base64,aGVsbG8gd29ybGQh")), param: url, code: "invalid_value"),
        Refusal(name: "over PROXY_MAX_IMAGE_BYTES", messages: userWith(imagePart(pngURL)), param: url, code: "invalid_value", maxImageBytes: 60),
        Refusal(name: "detail low", messages: userWith(imagePart(pngURL, detail: "low")), param: "messages[0].content[1].image_url.detail", code: "unsupported_value"),
        Refusal(name: "detail unknown", messages: userWith(imagePart(pngURL, detail: "max")), param: "messages[0].content[1].image_url.detail", code: "invalid_value"),
        Refusal(name: "image_url missing", messages: userWith(#"{"type": "image_url"}"#), param: "messages[0].content[1].image_url", code: "missing_required_parameter"),
        Refusal(name: "image_url a string", messages: userWith(#"{"type": "image_url", "image_url": "x"}"#), param: "messages[0].content[1].image_url", code: "invalid_type"),
        Refusal(name: "url missing", messages: userWith(#"{"type": "image_url", "image_url": {}}"#), param: url, code: "invalid_type"),
        Refusal(name: "input_audio part", messages: userWith(#"{"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}"#), param: "messages[0].content[1].type", code: "unsupported_value"),
        Refusal(name: "file part", messages: userWith(#"{"type": "file", "file": {"file_id": "f"}}"#), param: "messages[0].content[1].type", code: "unsupported_value"),
        Refusal(
            name: "image in a system message",
            messages: #"[{"role": "system", "content": [\#(imagePart(pngURL))]}, {"role": "user", "content": "hi"}]"#,
            param: "messages[0].content[0].type", code: "unsupported_value"
        ),
        Refusal(name: "model without image input", messages: userWith(imagePart(pngURL)), param: "messages[0].content[1].type", code: "unsupported_value", modalities: ["text"]),
    ]

    @Test("each refused image is a 400 naming the part with its OpenAI code", arguments: refusals)
    func refused(_ refusal: Refusal) {
        guard case .failure(let error) = Self.parse(refusal.messages, modalities: refusal.modalities, maxImageBytes: refusal.maxImageBytes) else {
            Issue.record("accepted: \(refusal.name)")
            return
        }
        #expect(error.status == .badRequest)
        #expect(error.param == refusal.param)
        #expect(error.code == refusal.code)
        #expect(!error.isRetryable)
        #expect(error.message.utf8.count < 600, "client input is quoted only through ProxyError.quote")
    }

    @Test("an http(s) URL is answered with the way to send it instead")
    func remoteURLMessage() {
        guard case .failure(let error) = Self.parse(Self.userWith(Self.imagePart("https://example.com/cat.png"))) else {
            Issue.record("accepted")
            return
        }
        #expect(error.message.contains("send the image as a data: URL"))
    }

    @Test("the trailing user message's image is a turn input with detail; in history it is an input_image part, in order")
    func items() throws {
        let messages = #"""
            [{"role": "user", "content": [\#(Self.imagePart(Self.pngURL, detail: "high")), {"type": "text", "text": "and this?"}]},
             {"role": "assistant", "content": "a pixel"},
             {"role": "user", "content": [{"type": "text", "text": "REPLY:x"}, \#(Self.imagePart(Self.pngURL))]}]
            """#
        let plan = try Self.parse(messages, modalities: ["text", "image"]).get().conversation
        #expect(JSONValue.array(plan.input).jsonString == #"[{"type":"text","text":"REPLY:x","text_elements":[]},{"type":"image","url":"\#(Self.pngURL)","detail":"auto"}]"#)
        let golden = #"""
            [{"type":"message","role":"user","content":[{"type":"input_image","image_url":"\#(Self.pngURL)","detail":"high"},{"type":"input_text","text":"and this?"}]},\#
            {"type":"message","role":"assistant","content":[{"type":"output_text","text":"a pixel"}]}]
            """#
        #expect(JSONValue.array(plan.injectedItems).jsonString == golden)
    }

    @Test("JPEG, GIF and WebP signatures pass under any of the four media types; the limit counts decoded bytes")
    func formatsAndLimit() throws {
        for head in [[0xFF, 0xD8, 0xFF, 0xE0], Array("GIF89a".utf8), Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)] as [[UInt8]] {
            let encoded = Self.base64(head + [UInt8](repeating: 0, count: 20))
            #expect(throws: Never.self) { try Self.parse(Self.userWith(Self.imagePart("data:image/jpeg;base64,\(encoded)"))).get() }
        }
        let decoded = 69 // the 1×1 PNG
        #expect(Base64Check.decodedLength(Self.png.utf8[...]) == decoded)
        #expect(throws: Never.self) { try Self.parse(Self.userWith(Self.imagePart(Self.pngURL)), maxImageBytes: decoded).get() }
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        for chunk in stride(from: 0, to: bytes.count, by: 3) {
            let slice = Array(bytes[chunk..<min(chunk + 3, bytes.count)])
            let value = slice.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(16 - 8 * $1.offset) }
            for index in 0..<4 {
                out.append(index <= slice.count ? alphabet[Int(value >> UInt32(18 - 6 * index) & 63)] : "=")
            }
        }
        return out
    }
}

import OrderedJSON

/// An `image_url` content part of a user message: an inline `data:` image, checked before the
/// worker sees it.
///
/// codex 0.163.0 refuses remote URLs and silently replaces with a line of text, for the model,
/// an image it cannot use: undecodable base64, bytes that are not an image, `detail: "low"`
/// (all seen live). The proxy refuses each of those with a 400 instead, so an image is never lost
/// without a word.
public struct ChatImagePart: Sendable, Hashable {
    /// The `data:image/…;base64,…` URL as sent.
    public var url: String
    /// `auto` or `high`, always passed explicitly (the worker's default is `high`, OpenAI's `auto`).
    public var detail: String

    public init(url: String, detail: String) {
        self.url = url
        self.detail = detail
    }

    /// The default of `PROXY_MAX_IMAGE_BYTES`: 20 MiB decoded.
    public static let defaultMaxBytes = 20 * 1_048_576

    static let mediaTypes = ["png", "jpeg", "gif", "webp"]
}

extension ChatImagePart {
    /// Reads `{"type":"image_url","image_url":{"url","detail"?}}`; `path` names the part, e.g.
    /// `messages[0].content[1]`.
    init(part: JSONObject, path: String, maxBytes: Int) throws(ProxyError) {
        let imagePath = "\(path).image_url"
        guard let image = part["image_url"] else {
            throw .invalidRequest("'\(imagePath)' is required for an image_url part.", param: imagePath, code: "missing_required_parameter")
        }
        guard case .object(let fields) = image else {
            throw .invalidRequest("'\(imagePath)' must be an object with 'url', got \(image.typeName).", param: imagePath, code: "invalid_type")
        }
        guard let url = fields["url"]?.stringValue else {
            throw .invalidRequest("'\(imagePath).url' must be a string.", param: "\(imagePath).url", code: "invalid_type")
        }
        try Self.checkDataURL(url, path: "\(imagePath).url", maxBytes: maxBytes)
        self.init(url: url, detail: try Self.detail(fields["detail"], path: "\(imagePath).detail"))
    }

    private static func detail(_ value: JSONValue?, path: String) throws(ProxyError) -> String {
        guard let value, !value.isNull else { return "auto" }
        switch value.stringValue {
        case "auto", "high":
            return value.stringValue ?? "auto"
        case "low":
            throw .invalidRequest(
                "'\(path)' 'low' is not supported: the worker replaces such an image with a note for the model; use 'auto' or 'high'.",
                param: path, code: "unsupported_value"
            )
        default:
            throw .invalidRequest("'\(path)' must be one of auto, low, high, got \(ProxyError.quote(value.description)).", param: path, code: "invalid_value")
        }
    }

    /// Refuses images for a model whose catalog entry lists input modalities without `image`
    /// (no entry or no list: the model is not known, the worker decides).
    static func checkModelTakesImages(_ messages: [ChatMessage], model: String, inputModalities: [String]?) throws(ProxyError) {
        guard let inputModalities, !inputModalities.isEmpty, !inputModalities.contains("image") else { return }
        for (index, message) in messages.enumerated() {
            guard let part = message.content.firstIndex(where: { if case .image = $0 { true } else { false } }) else { continue }
            let path = "messages[\(index)].content[\(part)].type"
            throw .invalidRequest(
                "The model `\(ProxyError.quote(model))` does not take image input (its input modalities: \(inputModalities.joined(separator: ", "))).",
                param: path, code: "unsupported_value"
            )
        }
    }

    /// `data:image/<png|jpeg|gif|webp>;base64,<payload>`: valid base64, at most `maxBytes`
    /// decoded, and the bytes of a PNG, JPEG, GIF or WebP image.
    private static func checkDataURL(_ url: String, path: String, maxBytes: Int) throws(ProxyError) {
        let scheme = url.prefix { $0 != ":" }.lowercased()
        if scheme == "http" || scheme == "https" {
            throw .invalidRequest(
                "Image URLs are not fetched: send the image as a data: URL (data:image/png;base64,…).", param: path, code: "unsupported_value"
            )
        }
        guard scheme == "data", let comma = url.firstIndex(of: ",") else {
            throw .invalidRequest("'\(path)' must be a data: URL (data:image/png;base64,…).", param: path, code: "invalid_value")
        }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma].lowercased()
        let mediaType = header.hasSuffix(";base64") ? String(header.dropLast(7)) : header
        guard mediaType.hasPrefix("image/"), mediaTypes.contains(String(mediaType.dropFirst(6))) else {
            throw .invalidRequest(
                "'\(path)' has media type '\(ProxyError.quote(mediaType))'; supported: image/png, image/jpeg, image/gif, image/webp.",
                param: path, code: "unsupported_value"
            )
        }
        guard header.hasSuffix(";base64") else {
            throw .invalidRequest("'\(path)' must be base64-encoded (data:\(mediaType);base64,…).", param: path, code: "invalid_value")
        }
        let payload = url.utf8[url.utf8.index(after: comma)...]
        guard let decodedBytes = Base64Check.decodedLength(payload) else {
            throw .invalidRequest("'\(path)' does not hold valid base64 data.", param: path, code: "invalid_value")
        }
        guard decodedBytes <= maxBytes else {
            throw .invalidRequest(
                "The image in '\(path)' is \(decodedBytes) bytes; the limit is \(maxBytes) bytes (PROXY_MAX_IMAGE_BYTES).", param: path,
                code: "invalid_value"
            )
        }
        guard ImageSignature.isSupportedImage(Base64Check.decodePrefix(payload, bytes: 12)) else {
            throw .invalidRequest("'\(path)' is not a PNG, JPEG, GIF or WebP image.", param: path, code: "invalid_value")
        }
    }
}

import CodexAppServer

/// What the real `turn/start` refuses once its params have deserialized (codex 0.163.0, seen
/// live): an empty `effort`, an image with neither `url` nor `fileId`, a remote image URL.
///
/// Everything else goes through as the real one lets it: any other `effort` string, any
/// `serviceTier` string, any `outputSchema`, and images whose data codex cannot use (bad base64,
/// `detail: "low"`, another URL scheme), which the real binary silently replaces with text for
/// the model.
enum TurnStartChecks {
    /// The -32600 message for params the real binary refuses, or `nil`.
    static func refusal(_ params: JSONValue) -> String? {
        if params["effort"]?.stringValue == "" {
            return "Invalid request: reasoning_effort must not be empty"
        }
        for item in params["input"]?.arrayValue ?? [] where item["type"]?.stringValue == "image" {
            guard let url = item["url"]?.stringValue else {
                if item["fileId"]?.stringValue != nil { continue }
                return "Invalid request: data did not match any variant of untagged enum ImageReference"
            }
            let scheme = url.prefix { $0 != ":" }.lowercased()
            if scheme == "http" || scheme == "https" {
                return "remote image URLs are not supported; use an inline data URL instead"
            }
        }
        return nil
    }
}

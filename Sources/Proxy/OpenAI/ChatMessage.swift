import OrderedJSON

/// One conversation message, reduced to its role and text.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case system, developer, user, assistant
    }

    public var role: Role
    public var text: String
}

extension ChatMessage {
    /// Accepts string content or an array of `{"type":"text","text":…}` parts; `path` names the
    /// message in errors, e.g. `messages[2]`.
    init(json: JSONValue, path: String) throws(ProxyError) {
        guard case .object(let object) = json else {
            throw .invalidRequest("'\(path)' must be an object with 'role' and 'content', got \(json.typeName).", param: path, code: "invalid_type")
        }
        guard let roleValue = object["role"] else {
            throw .invalidRequest("'\(path).role' is required.", param: "\(path).role", code: "missing_required_parameter")
        }
        guard let roleName = roleValue.stringValue, let role = Role(rawValue: roleName) else {
            let allowed = Role.allCases.map(\.rawValue).joined(separator: ", ")
            let hint = roleValue.stringValue.map { ["tool", "function"].contains($0) ? " Tool results are not supported: the Codex worker runs its own tools." : "" } ?? ""
            throw .invalidRequest("'\(path).role' must be one of \(allowed), got \(ProxyError.quote(roleValue.description)).\(hint)", param: "\(path).role", code: "invalid_value")
        }
        guard let content = object["content"] else {
            throw .invalidRequest("'\(path).content' is required.", param: "\(path).content", code: "missing_required_parameter")
        }
        switch content {
        case .string(let text):
            self.init(role: role, text: text)
        case .array(let parts):
            var texts: [String] = []
            for (index, part) in parts.enumerated() {
                let partPath = "\(path).content[\(index)]"
                guard let type = part["type"]?.stringValue else {
                    throw .invalidRequest("'\(partPath).type' must be a string.", param: "\(partPath).type", code: "invalid_type")
                }
                guard type == "text" else {
                    throw .invalidRequest(
                        "'\(partPath).type' is '\(ProxyError.quote(type))', but only 'text' parts are supported.", param: "\(partPath).type", code: "unsupported_value"
                    )
                }
                guard let text = part["text"]?.stringValue else {
                    throw .invalidRequest("'\(partPath).text' must be a string.", param: "\(partPath).text", code: "invalid_type")
                }
                texts.append(text)
            }
            self.init(role: role, text: texts.joined(separator: "\n"))
        default:
            throw .invalidRequest(
                "'\(path).content' must be a string or an array of text parts, got \(content.typeName).", param: "\(path).content",
                code: "invalid_type"
            )
        }
    }
}

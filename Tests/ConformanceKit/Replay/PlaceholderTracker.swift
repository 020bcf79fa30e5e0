import CodexAppServer
import Foundation

/// The values of the script placeholders, read from the server's replies.
struct PlaceholderTracker {
    let workDirectory: String
    private(set) var lastRequestID: RequestID?
    private var methodsByID: [RequestID: String] = [:]
    private var values: [String: String] = [:]
    private var scanned = 0

    init(workDirectory: String) {
        self.workDirectory = workDirectory
    }

    mutating func noteSent(_ line: String) {
        guard let value = try? JSONParser().parse(line), case .request(let request)? = try? RPCMessage(json: value) else { return }
        methodsByID[request.id] = request.method
        lastRequestID = request.id
    }

    mutating func update(with lines: [String]) {
        for line in lines.dropFirst(scanned) {
            let message = ServerMessage(line: line)
            switch message.kind {
            case .request:
                if let id = message.json?["id"] { values["request"] = id.jsonString }
            case .response(let id):
                let result = message.json?["result"]
                switch methodsByID[id] {
                case AppServerMethod.threadStart?: if let thread = result?["thread"]?["id"]?.stringValue { values["thread"] = thread }
                case AppServerMethod.turnStart?: if let turn = result?["turn"]?["id"]?.stringValue { values["turn"] = turn }
                default: break
                }
            default:
                break
            }
        }
        scanned = lines.count
    }

    func fill(_ template: String) -> Result<String, LiveScriptError> {
        var text = template.replacingOccurrences(of: "{{cwd}}", with: workDirectory)
        for name in ["thread", "turn", "request"] where text.contains("{{\(name)}}") {
            guard let value = values[name] else {
                return .failure(LiveScriptError(message: "placeholder {{\(name)}} has no value yet: \(template)"))
            }
            text = text.replacingOccurrences(of: "{{\(name)}}", with: value)
        }
        return .success(text)
    }
}

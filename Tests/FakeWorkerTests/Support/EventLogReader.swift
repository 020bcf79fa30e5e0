import CodexAppServer
import Foundation

/// Reads the fake's state directory: `events.jsonl`, `launches`, `pid`.
struct StateDirectoryReader {
    let path: String

    var events: [JSONValue] {
        let text = (try? String(contentsOfFile: "\(path)/events.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONParser().parse(String($0)) }
    }

    func events(_ name: String) -> [JSONValue] { events.filter { $0["event"]?.stringValue == name } }

    var launchCount: Int? {
        (try? String(contentsOfFile: "\(path)/launches", encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    var pid: Int32? {
        (try? String(contentsOfFile: "\(path)/pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

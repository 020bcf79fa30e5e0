import CodexAppServer
import CodexWorker
import OrderedJSON

/// Reads the worker's whole `model/list`: every page (`limit` 100, `includeHidden: false`),
/// each within `pageTimeout`; a repeated cursor or more than `maximumPages` pages is an error,
/// so a worker that pages forever cannot keep the refresh busy.
struct ModelListFetch {
    static let pageLimit = 100
    static let maximumPages = 20

    enum Failure: Error, CustomStringConvertible {
        case repeatedCursor(String)
        case tooManyPages
        case malformed(String)

        var description: String {
            switch self {
            case .repeatedCursor(let cursor): "model/list repeated the cursor \(cursor.prefix(64))"
            case .tooManyPages: "model/list returned more than \(ModelListFetch.maximumPages) pages"
            case .malformed(let detail): "model/list result is malformed: \(detail)"
            }
        }
    }

    let connection: AppServerConnection
    let pageTimeout: Duration

    func run() async throws -> [ModelCatalog.Entry] {
        var entries: [ModelCatalog.Entry] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<Self.maximumPages {
            var params: JSONObject = ["limit": .integer(Int64(Self.pageLimit)), "includeHidden": false]
            if let cursor { params["cursor"] = .string(cursor) }
            let request = JSONValue.object(params)
            let result = try await withTimeout(pageTimeout) { [connection] in
                try await connection.request(AppServerMethod.modelList, params: request)
            }
            guard let data = result["data"]?.arrayValue else { throw Failure.malformed("no data array") }
            entries += data.compactMap(ModelCatalog.Entry.init(json:))
            guard let next = result["nextCursor"]?.stringValue else { return entries }
            guard seen.insert(next).inserted else { throw Failure.repeatedCursor(next) }
            cursor = next
        }
        throw Failure.tooManyPages
    }
}

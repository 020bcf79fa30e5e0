import OrderedJSON
import Synchronization

/// The models the proxy serves: exactly `PROXY_MODELS` when it is set, else the worker's own
/// `model/list`, replaced by every successful refresh (``ModelCatalogRefresher``).
///
/// Until the worker has answered once there is no list: `/v1/models` is 503 (retryable) and chat
/// requests skip the model check rather than refuse everything.
final class ModelCatalog: Sendable {
    /// One model as the worker describes it; what later checks (effort, images) need.
    struct Entry: Sendable, Hashable {
        var id: String
        var supportedReasoningEfforts: [String]
        var inputModalities: [String]
    }

    /// The largest catalog kept; entries beyond it are dropped (bounds memory and metric labels).
    static let maximumEntries = 256

    private let configured: [String]?
    private let fetched = Mutex<[Entry]?>(nil)

    init(configured: [String]?) {
        self.configured = configured
    }

    /// Whether the list comes from the worker (`PROXY_MODELS` unset).
    var followsWorker: Bool { configured == nil }

    /// The model ids served, in order; `nil` while the worker's list has not arrived.
    var ids: [String]? {
        if let configured { return configured }
        return fetched.withLock { $0?.map(\.id) }
    }

    /// The worker's entry for `id`, when the list came from the worker and has it.
    func entry(_ id: String) -> Entry? {
        fetched.withLock { $0?.first { $0.id == id } }
    }

    /// Whether `model` is served: `nil` when no list is known yet.
    func serves(_ model: String) -> Bool? {
        ids.map { $0.contains(model) }
    }

    /// Replaces the worker's list (after a successful refresh).
    func replace(with entries: [Entry]) {
        fetched.withLock { $0 = Array(entries.prefix(Self.maximumEntries)) }
    }
}

extension ModelCatalog.Entry {
    /// Reads one `model/list` entry; `nil` for an entry without a usable id (the id must be a
    /// short name of letters, digits and `-_.:/`, like `PROXY_MODELS` entries).
    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty, id.count <= 128,
            id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:/".contains($0)) })
        else { return nil }
        self.id = id
        supportedReasoningEfforts = (json["supportedReasoningEfforts"]?.arrayValue ?? []).compactMap { $0["reasoningEffort"]?.stringValue }
        inputModalities = (json["inputModalities"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
}

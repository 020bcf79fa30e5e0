import Foundation
import Hummingbird
import OrderedJSON

/// `GET /v1/models` and `GET /v1/models/{id}` (the SDK's `models.list()` / `models.retrieve()`).
struct ModelsController: Sendable {
    let catalog: ModelCatalog

    func addRoutes(to group: RouterGroup<ProxyRequestContext>) {
        group.get("models") { _, _ in
            guard let ids = catalog.ids else { throw ProxyError.modelsUnavailable }
            return JSONResponse.make(.ok, ModelList.json(models: ids, created: Self.now()))
        }
        group.get("models/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let ids = catalog.ids else { throw ProxyError.modelsUnavailable }
            guard ids.contains(id) else { throw ProxyError.modelNotFound(id) }
            return JSONResponse.make(.ok, ModelList.object(id: id, created: Self.now()))
        }
    }

    private static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}

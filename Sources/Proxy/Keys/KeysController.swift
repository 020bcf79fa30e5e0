import Hummingbird
import OrderedJSON

/// `POST /internal/keys/reload`, guarded by `PROXY_MAINTENANCE_TOKEN`: re-reads the key file as
/// `SIGHUP` does. 200 with the counts, or 422 `invalid_keys_file` naming the line and field (the
/// previous keys stay in force). A wrong or missing token gets 401 and reloads nothing.
struct KeysController {
    let registry: KeyRegistry
    let token: String

    func addRoutes(to router: Router<ProxyRequestContext>) {
        router.post("/internal/keys/reload") { request, _ in
            try MaintenanceToken.authorize(request, token: token)
            switch await registry.reload(trigger: .http) {
            case .success(let summary):
                return JSONResponse.make(
                    .ok,
                    [
                        "reloaded": true, "keys": .integer(Int64(summary.keys)), "added": .integer(Int64(summary.added)),
                        "removed": .integer(Int64(summary.removed)),
                    ]
                )
            case .failure(let error):
                throw ProxyError(
                    status: .unprocessableContent, type: "invalid_request_error", code: "invalid_keys_file",
                    message: "The key file was not reloaded (the previous keys stay in force): \(error)"
                )
            }
        }
    }
}

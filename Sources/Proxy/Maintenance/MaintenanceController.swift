import Hummingbird
import OrderedJSON

/// `GET`/`POST /internal/maintenance`, guarded by `PROXY_MAINTENANCE_TOKEN`.
///
/// Both answer 200 with the current state; `POST {"enabled": true|false}` changes it first.
/// A wrong or missing token gets 401 and changes nothing.
struct MaintenanceController {
    let mode: MaintenanceMode
    let token: String

    func addRoutes(to router: Router<ProxyRequestContext>) {
        router.get("/internal/maintenance") { request, _ in
            try authorize(request)
            return stateResponse()
        }
        router.post("/internal/maintenance") { request, context in
            try authorize(request)
            let body = try await JSONBody.read(request, limit: 4096)
            guard case .object(let object) = body else {
                throw ProxyError.invalidRequest("The body must be a JSON object like {\"enabled\": true}.")
            }
            guard let enabled = object["enabled"] else {
                throw ProxyError.invalidRequest("Missing required field 'enabled' (true or false).", param: "enabled")
            }
            guard let value = enabled.boolValue else {
                throw ProxyError.invalidRequest("'enabled' must be true or false, got \(enabled.typeName).", param: "enabled")
            }
            mode.set(value, requestID: context.requestID)
            return stateResponse()
        }
    }

    private func authorize(_ request: Request) throws {
        try MaintenanceToken.authorize(request, token: token)
    }

    private func stateResponse() -> Response {
        JSONResponse.make(.ok, ["maintenance_mode": .bool(mode.isEnabled)])
    }
}

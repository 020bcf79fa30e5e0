import Hummingbird

/// The check every `/internal/*` operator endpoint shares: `Authorization: Bearer <PROXY_MAINTENANCE_TOKEN>`,
/// compared in constant time; anything else is 401 `invalid_maintenance_token`.
enum MaintenanceToken {
    static func authorize(_ request: Request, token: String) throws {
        guard let presented = ConstantTime.bearerToken(request.headers[.authorization]), ConstantTime.equals(presented, token) else {
            throw ProxyError(
                status: .unauthorized, type: "authentication_error", code: "invalid_maintenance_token",
                message: "Missing or invalid maintenance token. Send it as 'Authorization: Bearer <PROXY_MAINTENANCE_TOKEN>'."
            )
        }
    }
}

import HTTPTypes
import Hummingbird
import OrderedJSON

/// `/livez`, `/readyz` and `/healthz`: cheap reads of the supervisor's snapshot, never a call to
/// the worker. 200 when the gate holds, else 503 with the same body and `Retry-After`.
struct HealthController: Sendable {
    let supervisor: WorkerSupervisor
    let maintenance: MaintenanceMode

    func addRoutes(to router: Router<ProxyRequestContext>) {
        router.get("/livez") { _, _ in
            let status = supervisor.snapshot
            return respond(ok: status.isLive, body: ["status": liveness(status), "worker_state": .string(status.reportedState.rawValue)], status: status)
        }
        router.get("/readyz") { _, _ in
            let status = supervisor.snapshot
            return respond(ok: status.isReady, body: .object(readinessBody(status)), status: status)
        }
        router.get("/healthz") { _, _ in
            let status = supervisor.snapshot
            var body = readinessBody(status)
            body["backoff_ms"] = .integer(status.backoffMilliseconds)
            body["restart_count"] = .integer(Int64(status.restartCount))
            body["recycle_count"] = .integer(Int64(status.recycleCount))
            body["maintenance_mode"] = .bool(maintenance.isEnabled)
            body["live"] = .bool(status.isLive)
            if let pid = status.pid { body["worker_pid"] = .integer(Int64(pid)) }
            if let version = status.version { body["worker_version"] = .string(version) }
            return respond(ok: status.isReady, body: .object(body), status: status)
        }
    }

    private func liveness(_ status: WorkerStatus) -> JSONValue {
        status.isLive ? "ok" : "failed"
    }

    private func readinessBody(_ status: WorkerStatus) -> JSONObject {
        var body: JSONObject = ["status": status.isReady ? "ok" : "unavailable", "worker_state": .string(status.reportedState.rawValue)]
        if let code = status.lastExit?.exitCode { body["last_exit_code"] = .integer(Int64(code)) }
        if let signal = status.lastExit?.signal { body["last_exit_signal"] = .integer(Int64(signal)) }
        if status.restartStreak > 0 { body["restart_streak"] = .integer(Int64(status.restartStreak)) }
        return body
    }

    private func respond(ok: Bool, body: JSONValue, status: WorkerStatus) -> Response {
        guard !ok else { return JSONResponse.make(.ok, body, headers: [.cacheControl: "no-store"]) }
        let retryAfter = max(1, Int((status.backoffMilliseconds + 999) / 1000))
        return JSONResponse.make(.serviceUnavailable, body, headers: [.cacheControl: "no-store", .retryAfter: String(retryAfter)])
    }
}

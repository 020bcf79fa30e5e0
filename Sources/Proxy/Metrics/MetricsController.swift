import Hummingbird
import NIOCore

/// `GET /metrics`: the Prometheus text format, for scrapers on loopback (unless
/// `PROXY_METRICS_TRUST_LOOPBACK=false`) or with the bearer `PROXY_METRICS_TOKEN`; everyone else
/// gets 403.
struct MetricsController: Sendable {
    let metrics: ProxyMetrics
    let settings: ProxyConfiguration.Metrics

    func addRoutes(to router: Router<ProxyRequestContext>) {
        router.get("/metrics") { request, context in
            let trusted = settings.trustLoopback && Self.isLoopback(context.channel.remoteAddress)
            guard trusted || hasToken(request) else {
                throw ProxyError(
                    status: .forbidden, type: "permission_error", code: "metrics_forbidden",
                    message: "Metrics are served to loopback clients or with 'Authorization: Bearer <PROXY_METRICS_TOKEN>'."
                )
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
    }

    private func hasToken(_ request: Request) -> Bool {
        guard let token = settings.token, let presented = ConstantTime.bearerToken(request.headers[.authorization]) else { return false }
        return ConstantTime.equals(presented, token)
    }

    /// 127.0.0.0/8, ::1 and IPv4-mapped loopback.
    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}

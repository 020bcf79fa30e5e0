extension ProxyError {
    /// The drain grace ended while the turn ran; another replica (or this one, restarted) can
    /// take the request.
    static let shuttingDown = ProxyError(
        status: .serviceUnavailable, type: "service_unavailable_error", code: "shutting_down",
        message: "The proxy is shutting down and ended this turn; retry the request.", retryAfterSeconds: 1
    )

    /// The client stopped reading the response; recorded for logs and metrics (the client is
    /// no longer listening).
    static let clientStalled = ProxyError(
        status: .init(code: 499, reasonPhrase: "Client Closed Request"), type: "client_error", code: "client_stalled",
        message: "The client stopped reading the response."
    )
}

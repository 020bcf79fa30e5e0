import NIOHTTP1

extension ProxyError {
    /// A request head or body the HTTP parser rejected: 400 naming the problem.
    static func malformedHTTP(_ error: HTTPParserError) -> ProxyError {
        let (code, problem) = describe(error)
        return ProxyError(status: .badRequest, type: "invalid_request_error", code: code, message: "Malformed HTTP request: \(problem).")
    }

    /// The body did not arrive within `PROXY_HTTP_BODY_TIMEOUT_MS`.
    static func requestBodyTimeout(afterMilliseconds milliseconds: Int64) -> ProxyError {
        ProxyError(
            status: .requestTimeout, type: "invalid_request_error", code: "request_body_timeout",
            message: "The request body did not arrive within \(milliseconds) ms (PROXY_HTTP_BODY_TIMEOUT_MS); the connection is closed."
        )
    }

    /// A connection past `PROXY_MAX_CONNECTIONS`.
    static func tooManyConnections(limit: Int) -> ProxyError {
        ProxyError(
            status: .serviceUnavailable, type: "service_unavailable_error", code: "too_many_connections",
            message: "The proxy already has \(limit) open connections (PROXY_MAX_CONNECTIONS); retry shortly, or reuse a connection.",
            retryAfterSeconds: 1
        )
    }

    /// An error code and a plain description for each parser failure.
    private static func describe(_ error: HTTPParserError) -> (code: String, problem: String) {
        switch error {
        case .invalidEOFState, .closedConnection:
            ("truncated_body", "the connection ended before the whole request arrived (the body is shorter than its Content-Length, or the last chunk is missing)")
        case .invalidChunkSize:
            ("invalid_chunk", "a chunk size in the chunked body is not valid hexadecimal")
        case .headerOverflow:
            ("headers_too_large", "the request headers exceed the size limit")
        case .invalidHeaderToken, .invalidCharactersUsed, .lfExpected, .invalidConstant, .strictModeAssertion, .invalidHost, .invalidPort:
            ("invalid_header", "a header line contains characters that are not allowed (control characters, or a malformed name)")
        case .invalidContentLength, .unexpectedContentLength:
            ("invalid_content_length", "the Content-Length header is not valid")
        case .invalidMethod:
            ("invalid_method", "the request method is not valid")
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidFragment:
            ("invalid_url", "the request target is not a valid URL")
        case .invalidVersion:
            ("invalid_version", "the HTTP version is not supported")
        default:
            ("malformed_request", "the request does not follow HTTP/1.1 (\(error))")
        }
    }
}

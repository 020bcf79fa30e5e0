import Hummingbird
import NIOCore
import NIOHTTP1
import OrderedJSON

/// Reads request bodies as ``JSONValue`` against a size limit, with errors that name the problem.
enum JSONBody {
    static func read(_ request: Request, limit: Int) async throws -> JSONValue {
        var request = request
        return try parse(try await collect(&request, limit: limit))
    }

    /// Collects the body (keeping it readable from `request` afterwards); 413 beyond `limit`,
    /// 400 for a body the HTTP parser rejects (cut short, a bad chunk), 408 for one too slow.
    static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw ProxyError.bodyTooLarge(limit: limit)
        } catch let error as HTTPParserError {
            throw ProxyError.malformedHTTP(error)
        } catch let timeout as RequestBodyTimeout {
            throw ProxyError.requestBodyTimeout(afterMilliseconds: timeout.milliseconds)
        }
    }

    static func parse(_ buffer: ByteBuffer) throws -> JSONValue {
        guard buffer.readableBytes > 0 else {
            throw ProxyError.invalidRequest("The request body is empty; send a JSON object.", code: "invalid_json")
        }
        do {
            return try buffer.withUnsafeReadableBytes { try JSONParser().parse($0) }
        } catch let error as JSONParseError {
            throw ProxyError.invalidRequest("The request body is not valid JSON: \(error).", code: "invalid_json")
        }
    }
}

/// Builds JSON responses from ``JSONValue``.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.jsonBytes)))
    }
}

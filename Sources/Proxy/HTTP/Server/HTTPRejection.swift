import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Writes a ``ProxyError`` as a complete response from inside the channel pipeline (for
/// refusals that happen before or outside the router), then closes the connection.
enum HTTPRejection {
    static func respond(_ error: ProxyError, context: ChannelHandlerContext) {
        let body = ByteBuffer(bytes: error.responseBody)
        var fields = error.responseHeaders
        fields[.contentLength] = String(body.readableBytes)
        fields[.connection] = "close"
        context.write(NIOAny(HTTPResponsePart.head(HTTPResponse(status: error.status, headerFields: fields))), promise: nil)
        context.write(NIOAny(HTTPResponsePart.body(body)), promise: nil)
        context.writeAndFlush(NIOAny(HTTPResponsePart.end(nil))).whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

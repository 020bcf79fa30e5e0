import NIOCore
import OrderedJSON

/// The SSE framing of a chat completion stream.
enum ServerSentEvents {
    /// `data: <json>\n\n`.
    static func data(_ value: JSONValue) -> ByteBuffer {
        var bytes = Array("data: ".utf8)
        value.write(to: &bytes)
        bytes.append(contentsOf: [UInt8(ascii: "\n"), UInt8(ascii: "\n")])
        return ByteBuffer(bytes: bytes)
    }

    /// `data: [DONE]\n\n`, the end of a successful stream.
    static let done = ByteBuffer(string: "data: [DONE]\n\n")

    /// A comment line that keeps proxies and clients from timing out an idle stream.
    static let keepalive = ByteBuffer(string: ": keepalive\n\n")
}

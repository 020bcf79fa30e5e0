import CodexAppServer
import Testing

@Suite("RPCMessage classification and encoding")
struct RPCMessageTests {
    func classify(_ text: String) throws -> RPCMessage {
        try RPCMessage(line: Array(text.utf8))
    }

    @Test("kinds are decided by which keys exist")
    func kinds() throws {
        #expect(try classify(#"{"id":0,"method":"initialize","params":{}}"#) == .request(RPCRequest(id: .integer(0), method: "initialize", params: [:])))
        #expect(try classify(#"{"method":"initialized"}"#) == .notification(RPCNotification(method: "initialized")))
        #expect(try classify(#"{"id":"a","result":{}}"#) == .response(RPCResponse(id: .string("a"), result: [:])))
        #expect(
            try classify(#"{"error":{"code":-32600,"message":"Not initialized"},"id":"pre"}"#)
                == .error(RPCErrorResponse(id: .string("pre"), error: .invalidRequest("Not initialized")))
        )
    }

    @Test("a server request with an id that collides with a client id is still a request, routed by method")
    func serverRequestCollidingID() throws {
        let message = try classify(#"{"method":"item/commandExecution/requestApproval","id":0,"params":{"itemId":"call_3"}}"#)
        guard case .request(let request) = message else {
            Issue.record("expected a request, got \(message)")
            return
        }
        #expect(request.id == .integer(0))
        #expect(request.method == AppServerMethod.commandExecutionRequestApproval)
    }

    @Test("emittedAtMs is read from the top level of a notification")
    func emittedAt() throws {
        let message = try classify(#"{"method":"turn/started","params":{"threadId":"t"},"emittedAtMs":1795985185464}"#)
        #expect(message == .notification(RPCNotification(method: "turn/started", params: ["threadId": "t"], emittedAtMs: 1_795_985_185_464)))
    }

    @Test("a jsonrpc member is tolerated")
    func jsonrpcIgnored() throws {
        #expect(try classify(#"{"jsonrpc":"2.0","id":1,"result":null}"#) == .response(RPCResponse(id: .integer(1), result: nil)))
    }

    @Test("lines that are not frames are rejected with the reason", arguments: [
        "this is not json", "[1,2]", #"{"id":2.5,"method":"model/list","params":{}}"#, #"{"id":true,"result":{}}"#,
        #"{"method":5}"#, #"{"id":1}"#, #"{"id":1,"error":{"message":"no code"}}"#,
    ])
    func rejects(text: String) {
        #expect(throws: RPCClassificationError.self) { try classify(text) }
    }

    @Test("encoding follows the captured key order for each sender")
    func encodingOrder() {
        let request = RPCMessage.request(RPCRequest(id: .integer(3), method: "m", params: ["a": 1]))
        #expect(request.json(sender: .client).jsonString == #"{"id":3,"method":"m","params":{"a":1}}"#)
        #expect(request.json(sender: .server).jsonString == #"{"method":"m","id":3,"params":{"a":1}}"#)
        let error = RPCMessage.error(RPCErrorResponse(id: .integer(1), error: .invalidRequest("Already initialized")))
        #expect(error.json(sender: .server).jsonString == #"{"error":{"code":-32600,"message":"Already initialized"},"id":1}"#)
        let notification = RPCMessage.notification(RPCNotification(method: "x", params: ["k": "v"], emittedAtMs: 5))
        #expect(String(decoding: notification.line(sender: .server), as: UTF8.self) == "{\"method\":\"x\",\"params\":{\"k\":\"v\"},\"emittedAtMs\":5}\n")
        let bare = RPCMessage.notification(RPCNotification(method: "initialized"))
        #expect(bare.json(sender: .client).jsonString == #"{"method":"initialized"}"#)
    }
}

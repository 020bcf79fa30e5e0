import CodexAppServer
import Testing

@Suite("TurnEvent decoding of captured notifications")
struct TurnEventTests {
    func event(_ line: String) throws -> ThreadEvent? {
        guard case .notification(let notification) = try RPCMessage(line: Array(line.utf8)) else { return nil }
        return ThreadEvent(notification: notification)
    }

    @Test("a delta carries thread, turn and item")
    func delta() throws {
        let decoded = try event(
            #"{"method":"item/agentMessage/delta","params":{"threadId":"T","turnId":"U","itemId":"msg_1","delta":"Hel"},"emittedAtMs":1}"#
        )
        #expect(decoded == ThreadEvent(threadID: "T", turnID: "U", event: .agentMessageDelta(itemID: "msg_1", delta: "Hel")))
    }

    @Test("token usage keeps total and last apart")
    func usage() throws {
        let decoded = try event(
            #"{"method":"thread/tokenUsage/updated","params":{"threadId":"T","turnId":"U","tokenUsage":{"total":{"totalTokens":214,"inputTokens":200,"cachedInputTokens":20,"cacheWriteInputTokens":0,"outputTokens":14,"reasoningOutputTokens":4},"last":{"totalTokens":107,"inputTokens":100,"cachedInputTokens":10,"cacheWriteInputTokens":0,"outputTokens":7,"reasoningOutputTokens":2},"modelContextWindow":258400}},"emittedAtMs":1}"#
        )
        guard case .tokenUsage(let total, let last) = decoded?.event else {
            Issue.record("expected token usage, got \(String(describing: decoded))")
            return
        }
        #expect(total.inputTokens == 200 && total.cachedInputTokens == 20 && total.reasoningOutputTokens == 4)
        #expect(last.totalTokens == 107)
    }

    @Test("a failed turn carries its error and codexErrorInfo, string or object form")
    func failedTurn() throws {
        let decoded = try event(
            #"{"method":"turn/completed","params":{"threadId":"T","turn":{"id":"U","items":[],"status":"failed","error":{"message":"boom","codexErrorInfo":{"httpConnectionFailed":{"httpStatusCode":502}},"additionalDetails":null}}},"emittedAtMs":1}"#
        )
        #expect(
            decoded?.event == .completed(turnID: "U", status: .failed, error: TurnError(message: "boom", codexErrorInfo: "httpConnectionFailed"))
        )
        let errorEvent = try event(
            #"{"method":"error","params":{"error":{"message":"slow down","codexErrorInfo":"serverOverloaded","additionalDetails":null},"willRetry":true,"threadId":"T","turnId":"U"},"emittedAtMs":1}"#
        )
        #expect(errorEvent?.event == .error(TurnError(message: "slow down", codexErrorInfo: "serverOverloaded"), willRetry: true))
    }

    @Test("notifications a renderer does not need decode to nil")
    func ignored() throws {
        #expect(try event(#"{"method":"thread/status/changed","params":{"threadId":"T","status":{"type":"idle"}},"emittedAtMs":1}"#) == nil)
        #expect(try event(#"{"method":"configWarning","params":{"summary":"x","details":null},"emittedAtMs":1}"#) == nil)
    }

    @Test("the server version is read from the user agent")
    func serverVersion() {
        let result = InitializeResult(userAgent: "fake_probe/0.163.0 (Debian 12.0.0; x86_64) xterm (fake_probe; 0.0.1)")
        #expect(result.serverVersion == "0.163.0")
        #expect(InitializeResult(userAgent: "nothing").serverVersion == nil)
    }
}

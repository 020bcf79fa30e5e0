import Testing

@testable import LoadSim

@Suite("Accounting of one response")
struct ResponseJudgeTests {
    func sse(_ events: [String]) -> [UInt8] { Array(events.map { "data: \($0)\n\n" }.joined().utf8) }
    func delta(_ text: String) -> String { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(text.replacingOccurrences(of: "\"", with: "\\\""))\"}}]}" }

    @Test("a stream ending in [DONE] succeeds; one cut without it is unaccounted")
    func streams() {
        #expect(ResponseJudge.judgeStream(sse([delta("Hi"), "[DONE]"])).outcome == .success)
        #expect(ResponseJudge.judgeStream(sse([delta("Hi")])) == .init(outcome: .unaccounted, detail: "stream_cut"))
    }

    @Test("an SSE error event with code and retryable is a clean error; without retryable it is unaccounted")
    func errorEvents() {
        let clean = ResponseJudge.judgeStream(sse([delta("Hi"), "{\"error\":{\"code\":\"worker_crashed\",\"retryable\":true}}"]))
        #expect(clean == .init(outcome: .error, code: "worker_crashed", retryable: true))
        let bare = ResponseJudge.judgeStream(sse(["{\"error\":{\"code\":\"worker_crashed\"}}"]))
        #expect(bare.outcome == .unaccounted && bare.detail == "missing_retryable")
    }

    @Test("error responses: JSON with retryable and Retry-After is clean; anything less is unaccounted")
    func errorResponses() {
        let body = Array("{\"error\":{\"code\":\"concurrency_limit_exceeded\",\"retryable\":true}}".utf8)
        #expect(ResponseJudge.judgeError(status: 429, body: body, retryAfter: "1").outcome == .error)
        #expect(ResponseJudge.judgeError(status: 429, body: body, retryAfter: nil).detail == "missing_retry_after")
        #expect(ResponseJudge.judgeError(status: 502, body: Array("{\"error\":{\"code\":\"x\"}}".utf8), retryAfter: nil).detail == "missing_retryable")
        #expect(ResponseJudge.judgeError(status: 502, body: Array("Bad Gateway".utf8), retryAfter: nil).detail == "non_json_error")
        #expect(ResponseJudge.judgeError(status: 400, body: Array("{\"error\":{\"code\":\"invalid_request\"}}".utf8), retryAfter: nil).outcome == .error)
    }

    @Test("a tool block split across deltas is unaccounted")
    func toolBlocks() {
        let whole = sse([delta("Look: "), delta("<use_tool name=\"a\">x</use_tool>"), delta(" done"), "[DONE]"])
        #expect(ResponseJudge.judgeStream(whole).outcome == .success)
        let split = sse([delta("<use_tool name=\"a\">x"), delta("</use_tool>"), "[DONE]"])
        #expect(ResponseJudge.judgeStream(split).detail == "split_tool_block")
        let aborted = sse([delta("Unclosed: "), delta("<use_tool name=\"n\">never closes"), "[DONE]"])
        #expect(ResponseJudge.judgeStream(aborted).outcome == .success)
        #expect(ResponseJudge.splitsToolBlock(["a</use_tool>"]))
    }

    @Test("raw responses are parsed, chunked bodies decoded")
    func rawResponses() throws {
        let raw = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
        let response = try #require(RawHTTPResponse(Array(raw.utf8)))
        #expect(response.status == 503)
        #expect(response.headers["retry-after"] == "5")
        #expect(String(decoding: response.body, as: UTF8.self) == "hello world")
    }
}

import Foundation
import Logging
import OrderedJSON
@testable import Proxy
import Redaction
import Testing

@Suite("Log write failures")
struct LogWriteFailureTests {
    @Test("a log destination that fails never fails the caller; failures are counted")
    func failingDestination() throws {
        let writer = LogLineWriter { _ in false }
        let logger = ProxyLogging.logger(level: .info, format: .json, redactor: try Redactor(), writer: writer)
        for index in 0..<3 {
            logger.info("request_completed", metadata: ["status": .stringConvertible(200 + index)])
        }
        #expect(writer.failedWrites == 3)
    }

    @Test("the text format writes one aligned line per event with typed fields")
    func textFormat() throws {
        let capture = LogCapture()
        let logger = ProxyLogging.logger(level: .info, format: .text, redactor: try Redactor(), writer: capture.writer)
        logger.warning("worker_backoff", metadata: ["backoff_ms": .stringConvertible(250), "component": "supervisor", "hint": "sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12"])
        let line = capture.rawText
        #expect(line.hasSuffix("\n") && line.split(separator: "\n").count == 1)
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARNING worker_backoff component=supervisor backoff_ms=250 hint=\[REDACTED:openai_api_key\]\n$"#, options: .regularExpression) != nil, "\(line)")
    }

    @Test("the JSON format writes the documented fields in their order, then the rest by name: typed, redacted, without hb.* fields")
    func jsonFormat() throws {
        let capture = LogCapture()
        var logger = ProxyLogging.logger(level: .info, format: .json, redactor: try Redactor(), writer: capture.writer)
        logger[metadataKey: "request_id"] = "req_1"
        logger.info(
            "request_completed",
            metadata: [
                "zeta": "last", "status": .stringConvertible(200), "route": "/v1/models", "hb.request.id": "x", "latency_ms": .stringConvertible(1.5),
                "retryable": .stringConvertible(false), "hint": "sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12", "level": "notice",
            ]
        )
        let line = capture.rawText
        let expected =
            #"^\{"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"notice","event":"request_completed","request_id":"req_1","route":"/v1/models","#
            + #""status":200,"latency_ms":1\.5,"retryable":false,"hint":"\[REDACTED:openai_api_key\]","zeta":"last"\}\n$"#
        #expect(line.range(of: expected, options: .regularExpression) != nil, "\(line)")
    }

    @Test("library prose becomes library_log with its metadata folded into the message")
    func libraryMessages() throws {
        let capture = LogCapture()
        let logger = ProxyLogging.logger(level: .info, format: .json, redactor: try Redactor(), writer: capture.writer)
        logger.info("Server started and listening on 127.0.0.1:8080", metadata: ["hb.request.id": "x", "sl-service": "Application"])
        let entry = try #require(capture.entries.first)
        #expect(entry["event"] == "library_log")
        #expect(entry["message"] == "Server started and listening on 127.0.0.1:8080 sl-service=Application")
        #expect(entry["hb.request.id"] == nil)
        try capture.validateAgainstSchema()
    }
}

import CodexAppServer
import Testing

@Suite("NotificationSniffer")
struct NotificationSnifferTests {
    @Test("reads the method of a canonical notification or server request line")
    func canonicalLines() {
        #expect(NotificationSniffer.method(of: Array(#"{"method":"thread/status/changed","params":{}}"#.utf8)) == "thread/status/changed")
        #expect(NotificationSniffer.method(of: Array(#"{"method":"item/commandExecution/requestApproval","id":0}"#.utf8)) == "item/commandExecution/requestApproval")
    }

    @Test("anything else must be parsed: replies, other key orders, escapes, truncation")
    func otherShapes() {
        for line in [#"{"id":1,"result":{}}"#, #"{ "method":"x"}"#, #"{"params":{},"method":"x"}"#, #"{"method":"a\"b"}"#, #"{"method":"unterminated"#, ""] {
            #expect(NotificationSniffer.method(of: Array(line.utf8)) == nil, "\(line)")
        }
    }

    @Test("no server request or decoded notification is ever skipped")
    func ignoredSetIsSafe() {
        for method in [AppServerMethod.commandExecutionRequestApproval, AppServerMethod.fileChangeRequestApproval, "item/tool/call",
            AppServerMethod.agentMessageDelta, AppServerMethod.itemCompleted, AppServerMethod.turnCompleted, AppServerMethod.tokenUsageUpdated,
            AppServerMethod.error]
        {
            #expect(!ThreadEvent.ignoredNotifications.contains(method), "\(method)")
        }
    }
}

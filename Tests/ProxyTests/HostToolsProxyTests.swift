import Foundation
import CodexAppServer
import OrderedJSON
import Proxy
import TestSupport
import Testing

/// `CODEX_HOST_TOOLS` and `CODEX_SHELL_SNAPSHOT` as the worker sees them (`fake-codex` records
/// every request it receives), and as operators see them at start-up.
@Suite("Host tools settings", .timeLimit(.minutes(2)))
struct HostToolsProxyTests {
    /// The params of the first request with `method` that the fake received.
    static func params(of method: String, in proxy: ProxyHarness) throws -> JSONValue? {
        try proxy.workerEvents().first { $0["event"] == "received" && $0["method"]?.stringValue == method }?["params"]
    }

    @Test("by default the worker is initialized with experimentalApi and each thread is text-only, without a shell snapshot")
    func defaultThreadsAreTextOnly() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("hi"))
            #expect(exchange.status == 200)
            #expect(try Self.params(of: "initialize", in: proxy)?["capabilities"]?["experimentalApi"] == true)
            let thread = try #require(try Self.params(of: "thread/start", in: proxy))
            #expect(thread["environments"] == [])
            #expect(thread["config"] == ["features": ["shell_snapshot": false]])
            #expect(thread["approvalPolicy"] == "never" && thread["sandbox"] == "read-only" && thread["ephemeral"] == true)
            let started = try #require(proxy.logged("server_started").first)
            #expect(started["host_tools"] == "none")
            #expect(started["shell_snapshot"] == false)
        }
    }

    @Test("by default the model's exec_command is refused by the worker, no approval is asked, and the request answers 200")
    func defaultRefusesCommands() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("ASKAPPROVAL now"))
            #expect(exchange.status == 200)
            #expect(try exchange.json["choices"]?[0]?["message"]?["content"] == "Hello world")
            let events = try proxy.workerEvents()
            #expect(events.contains { $0["event"] == "toolCall" && $0["outcome"] == "unsupported" })
            #expect(!events.contains { $0["event"] == "serverRequest" || $0["event"] == "approvalDecision" })
            #expect(proxy.logged("worker_request_declined").isEmpty)
        }
    }

    @Test("CODEX_HOST_TOOLS=read-only keeps codex's environment, so the model's command runs; still no shell snapshot")
    func readOnlyKeepsTheEnvironment() async throws {
        try await ProxyHarness.run(environment: ["CODEX_HOST_TOOLS": "read-only"]) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("CALLTOOL now"))
            #expect(exchange.status == 200)
            let thread = try #require(try Self.params(of: "thread/start", in: proxy))
            #expect(thread["environments"] == nil)
            #expect(thread["config"] == ["features": ["shell_snapshot": false]])
            #expect(try proxy.workerEvents().contains { $0["event"] == "toolCall" && $0["outcome"] == "ran" && $0["sandbox"] == "read-only" })
            #expect(proxy.logged("server_started").first?["host_tools"] == "read-only")
        }
    }

    @Test("CODEX_SHELL_SNAPSHOT=true leaves codex's snapshot setting alone")
    func snapshotSettingDropsTheOverride() async throws {
        try await ProxyHarness.run(environment: ["CODEX_HOST_TOOLS": "read-only", "CODEX_SHELL_SNAPSHOT": "true"]) { proxy in
            #expect(try await proxy.chat(ProxyHarness.chatBody("hi")).status == 200)
            let thread = try #require(try Self.params(of: "thread/start", in: proxy))
            #expect(thread["config"] == nil)
            #expect(thread["environments"] == nil)
            #expect(proxy.logged("server_started").first?["shell_snapshot"] == true)
        }
    }

    @Test("bad values are start-up errors naming the variable", arguments: [
        ("CODEX_HOST_TOOLS", "full"), ("CODEX_HOST_TOOLS", "readonly"), ("CODEX_SHELL_SNAPSHOT", "sometimes"),
    ])
    func badValuesAreRejected(variable: String, value: String) {
        #expect {
            try ProxyConfiguration(environment: [variable: value])
        } throws: { error in
            let text = "\(error)"
            return text.contains(variable) && text.contains(value)
        }
    }

    @Test("the settings are read case-insensitively and default to text-only without a snapshot")
    func settingsParse() throws {
        #expect(try ProxyConfiguration(environment: [:]).worker.hostAccess == .textOnly)
        let readOnly = try ProxyConfiguration(environment: ["CODEX_HOST_TOOLS": "Read-Only", "CODEX_SHELL_SNAPSHOT": "on"]).worker.hostAccess
        #expect(readOnly.tools == .readOnly)
        #expect(readOnly.shellSnapshot)
    }
}

import CodexAppServer
import OrderedJSON
import Testing

/// The `thread/start` and `initialize` parameters the proxy sends for each host-access choice.
@Suite("Thread parameters")
struct ThreadStartParamsTests {
    @Test("text-only threads send environments: [] and turn the shell snapshot off")
    func textOnly() {
        let json = ThreadStartParams(model: "m", cwd: "/w", hostAccess: .textOnly).json
        #expect(json.jsonString == #"{"model":"m","cwd":"/w","approvalPolicy":"never","sandbox":"read-only","ephemeral":true,"environments":[],"config":{"features":{"shell_snapshot":false}}}"#)
    }

    @Test("read-only threads keep codex's environment; the snapshot stays off unless asked for")
    func readOnly() {
        let noSnapshot = ThreadStartParams(model: nil, cwd: nil, hostAccess: HostAccess(tools: .readOnly)).json
        #expect(noSnapshot["environments"] == nil)
        #expect(noSnapshot["config"] == ["features": ["shell_snapshot": false]])
        let snapshot = ThreadStartParams(model: nil, cwd: nil, hostAccess: HostAccess(tools: .readOnly, shellSnapshot: true)).json
        #expect(snapshot["environments"] == nil)
        #expect(snapshot["config"] == nil)
    }

    @Test("initialize sends the experimentalApi capability only when asked")
    func experimentalCapability() {
        #expect(InitializeParams(clientName: "c", clientVersion: "1").json["capabilities"]?["experimentalApi"] == false)
        #expect(InitializeParams(clientName: "c", clientVersion: "1", experimentalApi: true).json["capabilities"]?["experimentalApi"] == true)
    }

    @Test("a thread with client functions is text-only whatever the host access, with raw events and web search, multi-agent and goals off")
    func clientFunctions() {
        let tool: JSONValue = ["type": "function", "name": "f", "description": "", "inputSchema": ["type": "object", "properties": [:]]]
        let json = ThreadStartParams(model: "m", cwd: "/w", hostAccess: HostAccess(tools: .readOnly), dynamicTools: [tool]).json
        #expect(json.jsonString == #"{"model":"m","cwd":"/w","approvalPolicy":"never","sandbox":"read-only","ephemeral":true,"environments":[],"dynamicTools":[{"type":"function","name":"f","description":"","inputSchema":{"type":"object","properties":{}}}],"experimentalRawEvents":true,"config":{"web_search":"disabled","features":{"multi_agent":false,"goals":false,"shell_snapshot":false}}}"#)
        // tool_choice none: the same shape without functions or raw events.
        let none = ThreadStartParams(model: "m", cwd: nil, hostAccess: .textOnly, dynamicTools: []).json
        #expect(none["dynamicTools"] == nil)
        #expect(none["experimentalRawEvents"] == nil)
        #expect(none["environments"] == [])
    }
}

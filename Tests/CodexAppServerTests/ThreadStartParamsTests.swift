import CodexAppServer
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
}

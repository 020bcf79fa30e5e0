import CodexAppServer
import CodexWorker
import Testing

/// When `initialize` asks for the experimental API: text-only threads (`environments: []`) and
/// client functions need it.
@Suite("Experimental API choice")
struct ExperimentalAPIChoiceTests {
    @Test("asked for unless host tools are on and client functions off")
    func choice() {
        var configuration = WorkerConfiguration(executable: "codex", clientVersion: "1")
        #expect(configuration.experimentalAPI)
        configuration.hostAccess = HostAccess(tools: .readOnly)
        #expect(configuration.experimentalAPI)
        configuration.clientFunctions = false
        #expect(configuration.experimentalAPI == false)
        configuration.hostAccess = .textOnly
        #expect(configuration.experimentalAPI)
    }
}

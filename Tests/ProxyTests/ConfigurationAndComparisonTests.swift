@testable import Proxy
import Testing

@Suite("Configuration parsing and constant-time comparison")
struct ConfigurationAndComparisonTests {
    @Test("defaults: grace, stop step, request timeout and write-stall timeout")
    func defaults() throws {
        let configuration = try ProxyConfiguration(environment: [:])
        #expect(configuration.worker.shutdownGrace == .seconds(10))
        #expect(configuration.worker.stopStepTimeout == .seconds(2))
        #expect(configuration.api.requestTimeout == .seconds(300))
        #expect(configuration.api.writeStallTimeout == .seconds(30))
        #expect(configuration.worker.withheldEnvironment.contains("PROXY_API_KEY"))
        #expect(configuration.observability.trace.batchWindow == .seconds(1))
    }

    @Test("a bad value is refused with a message naming the variable", arguments: [
        ("PROXY_WRITE_STALL_TIMEOUT_MS", "soon"), ("PROXY_WRITE_STALL_TIMEOUT_MS", "5"), ("WORKER_SHUTDOWN_GRACE_MS", "-1"),
        ("WORKER_QUEUE_MAX", "lots"), ("PROXY_SSE_KEEPALIVE_MS", "1"), ("PROXY_TRACE_BATCH_MS", "-5"), ("PROXY_TRACE_BATCH_MS", "61000"),
    ])
    func badValues(variable: String, value: String) {
        #expect {
            _ = try ProxyConfiguration(environment: [variable: value])
        } throws: { error in
            "\(error)".contains(variable)
        }
    }

    @Test("CODEX_ARGS splits on spaces and keeps quoted words together")
    func argumentSplitting() throws {
        let configuration = try ProxyConfiguration(environment: ["CODEX_ARGS": #"-c 'model="a b"' --flag "two words""#])
        #expect(configuration.worker.extraArguments == ["-c", #"model="a b""#, "--flag", "two words"])
    }

    @Test("constant-time comparison: equal, different, prefix, empty")
    func constantTimeEquals() {
        #expect(ConstantTime.equals("secret-token", "secret-token"))
        #expect(!ConstantTime.equals("secret-token", "secret-tokeN"))
        #expect(!ConstantTime.equals("secret", "secret-token"))
        #expect(!ConstantTime.equals("", "secret-token"))
        #expect(ConstantTime.bearerToken("Bearer abc") == "abc")
        #expect(ConstantTime.bearerToken("Basic abc") == nil)
        #expect(ConstantTime.bearerToken(nil) == nil)
        #expect(ConstantTime.bearerToken("  bEaReR   tok-é  ") == "tok-é")
        #expect(ConstantTime.bearerToken("Bearer") == nil)
        #expect(ConstantTime.bearerToken("Bearer   ") == nil)
        #expect(ConstantTime.bearerToken("Bearerx abc") == nil)
        #expect(ConstantTime.bearerToken("Bear abc") == nil)
    }
}

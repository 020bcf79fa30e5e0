import Foundation

/// The real `codex` 0.163.0 as a test peer: where it is and how to point it at the mock
/// Responses API. It may only run inside a loopback-only network namespace (``NetworkIsolation``).
public enum RealCodex {
    /// The binary from `CODEX_REAL_BIN`; unset turns the real-binary suites off (scripts/test.sh
    /// always sets it, inside the namespace).
    public static var binaryPath: String? {
        ProcessInfo.processInfo.environment["CODEX_REAL_BIN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The `-c` settings of PROTOCOL.md §7 that point codex at the mock on `port` and keep it
    /// offline (no analytics, no plugin sync).
    public static func mockSettings(port: Int) -> [String] {
        [
            "model=\"gpt-5.1-codex\"", "model_provider=\"mock\"", "model_providers.mock.name=\"mock\"",
            "model_providers.mock.base_url=\"http://127.0.0.1:\(port)/v1\"", "model_providers.mock.wire_api=\"responses\"",
            "model_providers.mock.request_max_retries=0", "model_providers.mock.stream_max_retries=0", "analytics.enabled=false",
            "features.plugins=false",
        ]
    }
}

/// The mock did not start as expected.
public struct MockServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}

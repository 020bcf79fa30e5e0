import Foundation
import OrderedJSON

/// Prepares the worker of one scenario: for `fake-codex`, its behaviour file and state directory;
/// for the real `codex`, a launcher with its own HOME pointed at the loopback mock, and only
/// inside a loopback-only network namespace.
struct WorkerSetup: Sendable {
    /// The proxy's variables that select and configure the worker.
    var environment: [String: String]
    /// The fake worker's state directory (its `pid` file and `events.jsonl`).
    var stateDirectory: String?

    static func fake(binary: String, behaviour: JSONValue, breakBehaviour: JSONValue?, folder: URL) throws -> WorkerSetup {
        let state = folder.appendingPathComponent("worker-state").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let document = merge(behaviour, over: breakBehaviour)
        let path = folder.appendingPathComponent("behaviour.json").path
        try Data(document.jsonBytes).write(to: URL(fileURLWithPath: path))
        return WorkerSetup(
            environment: ["CODEX_BIN": binary, "FAKE_CODEX_STATE_DIR": state, "FAKE_CODEX_BEHAVIOUR": path],
            stateDirectory: state
        )
    }

    /// `override`'s keys replace `base`'s, one level deep (as a break adds or replaces keys).
    static func merge(_ base: JSONValue, over override: JSONValue?) -> JSONValue {
        guard case .object(var object) = base, case .object(let changes)? = override else { return override ?? base }
        for (key, value) in changes { object[key] = value }
        return .object(object)
    }

    /// Why the real binary may not run here, or nil when only `lo` is visible.
    static func isolationViolation() -> String? {
        let sysfs = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).sorted()
        let dev = (try? String(contentsOfFile: "/proc/net/dev", encoding: .utf8)) ?? ""
        let procfs = dev.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) }.sorted()
        guard sysfs == ["lo"], procfs == ["lo"] else {
            return "not inside a loopback-only network namespace (interfaces: \(Set(sysfs + procfs).sorted().joined(separator: ", ")))"
        }
        return nil
    }

    static func real(binary: String, mockPort: Int, folder: URL) throws -> WorkerSetup {
        for name in ["home", "codex-home", "work"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let launcher = folder.appendingPathComponent("codex").path
        let script = """
            #!/bin/sh
            export HOME='\(folder.appendingPathComponent("home").path)'
            export CODEX_HOME='\(folder.appendingPathComponent("codex-home").path)'
            unset OPENAI_API_KEY CODEX_API_KEY HTTP_PROXY HTTPS_PROXY ALL_PROXY
            exec '\(binary)' "$@"

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: launcher))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: launcher)
        let settings = realSettings(mockPort: mockPort)
        return WorkerSetup(
            environment: [
                "CODEX_BIN": launcher, "CODEX_ARGS": settings.map { "-c '\($0)'" }.joined(separator: " "),
                "CODEX_WORKDIR": folder.appendingPathComponent("work").path,
            ],
            stateDirectory: nil
        )
    }

    /// The real codex's `-c` settings: the model from the loopback mock, no retries, no analytics.
    static func realSettings(mockPort: Int) -> [String] {
        [
            "model=\"gpt-5.1-codex\"", "model_provider=\"mock\"", "model_providers.mock.name=\"mock\"",
            "model_providers.mock.base_url=\"http://127.0.0.1:\(mockPort)/v1\"", "model_providers.mock.wire_api=\"responses\"",
            "model_providers.mock.request_max_retries=0", "model_providers.mock.stream_max_retries=0", "analytics.enabled=false",
            "features.plugins=false",
        ]
    }
}

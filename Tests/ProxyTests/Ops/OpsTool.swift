import Foundation
import OrderedJSON
import Subprocess
import SystemPackage
import TestSupport

/// Runs the command-line tools that operators use on the files in ops/ (promtool, hadolint,
/// shellcheck, docker-compose, kubectl, ...), and reads YAML through PyYAML.
enum OpsTool {
    static let root = BuiltProducts.repositoryRoot
    static let ops = root.appendingPathComponent("ops")

    /// What a tool run produced.
    struct Outcome: Sendable, CustomStringConvertible {
        var succeeded: Bool
        var output: String
        var description: String { output }
    }

    /// Runs `tool` (found on PATH) and collects stdout and stderr (1 MiB each at most).
    static func run(
        _ tool: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], input: String? = nil
    ) async throws -> Outcome {
        var settings: [Environment.Key: String?] = [:]
        for (key, value) in environment { settings[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .name(tool), arguments: Arguments(arguments), environment: .inherit.updating(settings),
            workingDirectory: directory.map { FilePath($0.path) },
            input: .string(input ?? ""), output: .string(limit: 1 << 20), error: .string(limit: 1 << 20)
        )
        return Outcome(succeeded: result.terminationStatus == .exited(0), output: result.standardOutput + result.standardError)
    }

    struct YAMLError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every document of a YAML file, as JSON values (PyYAML's safe loader does the parsing).
    static func yamlDocuments(_ url: URL) async throws -> [JSONValue] {
        let script = "import sys, json, yaml; json.dump(list(yaml.safe_load_all(open(sys.argv[1]))), sys.stdout)"
        let outcome = try await run("python3", ["-c", script, url.path])
        guard outcome.succeeded else { throw YAMLError(description: "cannot read \(url.path) as YAML: \(outcome.output)") }
        guard let documents = try JSONParser().parse(outcome.output).arrayValue else { throw YAMLError(description: "\(url.path): not a list") }
        return documents
    }

    /// The single document of a YAML file.
    static func yaml(_ url: URL) async throws -> JSONValue {
        let documents = try await yamlDocuments(url)
        guard documents.count == 1 else { throw YAMLError(description: "\(url.path) holds \(documents.count) documents, expected 1") }
        return documents[0]
    }
}

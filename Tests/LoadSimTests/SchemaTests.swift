import Foundation
import Subprocess
import TestSupport
import Testing

/// scenarios/schema.json is held to the scenario files (python3 jsonschema + PyYAML, installed
/// by scripts/test.sh), and it rejects what the loader rejects.
@Suite("Scenario JSON Schema")
struct SchemaTests {
    static let validator = """
        import json, sys, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        bad = 0
        for path in sys.argv[2:]:
            for error in validator.iter_errors(yaml.safe_load(open(path))):
                bad += 1
                print(f"{path}: {list(error.absolute_path)}: {error.message[:200]}")
        sys.exit(1 if bad else 0)
        """

    static func validate(_ files: [String]) async throws -> (Bool, String) {
        let schema = BuiltProducts.repositoryRoot.appendingPathComponent("scenarios/schema.json").path
        let result = try await Subprocess.run(
            .name("python3"), arguments: Arguments(["-c", validator, schema] + files), output: .string(limit: 1 << 20), error: .string(limit: 1 << 20)
        )
        return (result.terminationStatus == .exited(0), result.standardOutput + result.standardError)
    }

    @Test("every scenario file validates against scenarios/schema.json")
    func everyFileValidates() async throws {
        let files = ScenarioLoaderTests.scenarioFiles
        #expect(files.count >= 18)
        let (valid, output) = try await Self.validate(files)
        #expect(valid, "\(output)")
    }

    @Test("the schema rejects an unknown key and a check-less expectation")
    func schemaRejects() async throws {
        let folder = try TemporaryDirectory("schema")
        defer { folder.remove() }
        let bad = folder.url.appendingPathComponent("bad.yaml")
        try Data("name: x\nloda: {}\nexpect:\n  - name: a\nbreak: {unbreakable: x, stand_in: y}\n".utf8).write(to: bad)
        let (valid, output) = try await Self.validate([bad.path])
        #expect(!valid)
        #expect(output.contains("loda"))
    }
}

import Foundation

/// The tests that exist in the suite, read from the sources under Tests/: `Suite/function` for
/// every `@Test` function, where `Suite` is the top-level type that holds it.
enum TestCatalog {
    static func names() throws -> Set<String> {
        let folder = OpsTool.root.appendingPathComponent("Tests")
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var found: Set<String> = []
        for case let file as URL in files where file.pathExtension == "swift" {
            found.formUnion(names(in: try String(contentsOf: file, encoding: .utf8)))
        }
        return found
    }

    /// The test names declared in one source file.
    static func names(in source: String) -> Set<String> {
        var names: Set<String> = []
        var suite = ""
        var pendingTest = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if let name = topLevelType(line) { suite = name }
            if line.contains("@Test") { pendingTest = true }
            if pendingTest, let range = line.range(of: #"func [A-Za-z_][A-Za-z0-9_]*"#, options: .regularExpression) {
                names.insert("\(suite)/\(line[range].dropFirst(5))")
                pendingTest = false
            }
        }
        return names
    }

    /// The name of a type declared at the top level of a file (`struct X`, `@Suite(...) struct X`).
    private static func topLevelType(_ line: Substring) -> String? {
        guard let first = line.first, first != " ", first != "\t", first != "/" else { return nil }
        guard let range = line.range(of: #"(struct|class|enum|actor) [A-Z][A-Za-z0-9_]*"#, options: .regularExpression) else { return nil }
        return String(line[range].split(separator: " ").last!)
    }

    /// The `Suite/function` names quoted in backticks in a Markdown document.
    static func references(in markdown: String) -> [String] {
        let pattern = #"`([A-Z][A-Za-z0-9_]*/[a-z][A-Za-z0-9_]*)`"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(markdown.startIndex..., in: markdown)
        return regex.matches(in: markdown, range: range).compactMap { match in
            Range(match.range(at: 1), in: markdown).map { String(markdown[$0]) }
        }
    }
}

import Foundation
import Testing

/// Links between the documents resolve: no document refers to a file that is not there.
@Suite("Documentation links")
struct DocsLinksTests {
    /// The Markdown files an operator reads: README and everything under docs/ and ops/.
    static func documents() throws -> [URL] {
        var documents = [OpsTool.root.appendingPathComponent("README.md")]
        for folder in ["docs", "ops"] {
            let enumerator = FileManager.default.enumerator(at: OpsTool.root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let file = enumerator?.nextObject() as? URL {
                if file.pathExtension == "md" { documents.append(file) }
            }
        }
        return documents
    }

    @Test("every relative Markdown link in README, docs/ and ops/ points to a file that exists")
    func relativeLinksResolve() throws {
        let link = try NSRegularExpression(pattern: #"\]\(([^)#\s]+)(#[^)]*)?\)"#)
        var checked = 0
        for document in try Self.documents() {
            let text = Self.withoutCode(try String(contentsOf: document, encoding: .utf8))
            for match in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                let target = String(text[range])
                if target.contains("://") || target.hasPrefix("mailto:") { continue }
                let resolved = document.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(document.lastPathComponent) links to \(target), which does not exist")
                checked += 1
            }
        }
        #expect(checked >= 20, "only \(checked) links found")
    }

    /// Markdown without fenced code blocks and inline code spans, which hold no links.
    static func withoutCode(_ markdown: String) -> String {
        markdown
            .replacingOccurrences(of: "```[\\s\\S]*?```", with: "", options: .regularExpression)
            .replacingOccurrences(of: "`[^`\\n]*`", with: "", options: .regularExpression)
    }

    @Test("no document refers to an ARCHITECTURE.md; the architecture document is docs/architecture.md")
    func architectureReferences() throws {
        #expect(FileManager.default.fileExists(atPath: OpsTool.root.appendingPathComponent("docs/architecture.md").path))
        for document in try Self.documents() {
            let text = try String(contentsOf: document, encoding: .utf8)
            #expect(!text.contains("ARCHITECTURE.md"), "\(document.lastPathComponent) still refers to ARCHITECTURE.md")
        }
    }
}

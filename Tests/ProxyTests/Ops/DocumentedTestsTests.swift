import Foundation
import Testing

/// The threat model and the compliance checklist name the tests that prove each mitigation and
/// control; every name must be a test of this suite.
@Suite("Documented tests")
struct DocumentedTestsTests {
    static let documents = ["docs/threat-model.md", "docs/compliance-checklist.md"]

    @Test("every test named in the threat model and the compliance checklist exists", arguments: documents)
    func namedTestsExist(document: String) throws {
        let text = try String(contentsOf: OpsTool.root.appendingPathComponent(document), encoding: .utf8)
        let catalog = try TestCatalog.names()
        let references = TestCatalog.references(in: text)
        #expect(references.count >= 25, "\(document) names only \(references.count) tests")
        let missing = Set(references).subtracting(catalog).sorted()
        #expect(missing.isEmpty, "\(document) names tests that do not exist: \(missing)")
    }

    @Test("the threat model covers every STRIDE category, each with at least one proven mitigation")
    func strideCoverage() throws {
        let text = try String(contentsOf: OpsTool.root.appendingPathComponent("docs/threat-model.md"), encoding: .utf8)
        let sections = text.components(separatedBy: "\n### ")
        for category in ["Spoofing", "Tampering", "Repudiation", "Information disclosure", "Denial of service", "Elevation of privilege"] {
            let section = try #require(sections.first { $0.hasPrefix(category) }, "no section \(category)")
            #expect(!TestCatalog.references(in: section).isEmpty, "\(category) names no test")
        }
    }

    @Test("the catalog reader finds tests in all the shapes the suite declares them, and the check fails on a made-up name")
    func catalogReader() throws {
        let source = """
            @Suite("x") struct FirstTests {
                @Test("shown") func shown() {}
                @Test(arguments: [
                    1, 2,
                ])
                func withArguments(value: Int) {}
                func helper() {}
            }
            struct SecondTests {
                @Test func inline() throws {}
            }
            """
        #expect(TestCatalog.names(in: source) == ["FirstTests/shown", "FirstTests/withArguments", "SecondTests/inline"])
        let catalog = try TestCatalog.names()
        #expect(catalog.contains("DocumentedTestsTests/catalogReader"))
        #expect(!catalog.contains("MaintenanceModeTests/noSuchTest"))
        #expect(TestCatalog.references(in: "see `A/b` and `MaintenanceModeTests/wrongToken`, not `lower/case`") == ["A/b", "MaintenanceModeTests/wrongToken"])
    }
}

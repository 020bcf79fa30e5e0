import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// The comparator must catch every kind of divergence the fake could have, and must accept
/// the differences PROTOCOL.md says are allowed.
@Suite("Transcript comparator")
struct ComparatorTests {
    let capture: Transcript
    let comparator = TranscriptComparator()

    init() throws {
        capture = try Transcript(contentsOf: BuiltProducts.repositoryRoot.appendingPathComponent("Tests/Fixtures/captures/basic_and_errors.jsonl"))
    }

    /// The capture with its `n`-th server line (0-based) rewritten by `edit`.
    func editing(serverLine index: Int, _ edit: (String) -> String?) -> Transcript {
        var seen = -1
        var entries: [TranscriptEntry] = []
        for entry in capture.entries {
            guard case .server(let line) = entry else { entries.append(entry); continue }
            seen += 1
            if seen == index {
                if let edited = edit(line) { entries.append(.server(edited)) }
            } else {
                entries.append(entry)
            }
        }
        return Transcript(entries: entries)
    }

    func serverLineIndex(containing fragment: String) -> Int {
        capture.serverLines.firstIndex { $0.contains(fragment) }!
    }

    @Test("a transcript conforms to itself")
    func identicalTranscriptsConform() {
        #expect(comparator.differences(reference: capture, live: capture).isEmpty)
    }

    @Test("a missing key is reported with its path")
    func missingKeyIsReported() {
        let index = serverLineIndex(containing: #""method":"turn/completed""#)
        let live = editing(serverLine: index) { $0.replacingOccurrences(of: #""itemsView":"summary","#, with: "") }
        let differences = comparator.differences(reference: capture, live: live)
        #expect(differences.count == 1)
        #expect(differences.first?.problem == "missing key `itemsView`")
        #expect(differences.first?.path == "params.turn")
    }

    @Test("a wrong error code is reported")
    func wrongErrorCodeIsReported() {
        let index = serverLineIndex(containing: "Not initialized")
        let live = editing(serverLine: index) { $0.replacingOccurrences(of: "-32600", with: "-32601") }
        let difference = comparator.differences(reference: capture, live: live).first
        #expect(difference?.path == "error.code")
        #expect(difference?.expected == "-32600")
        #expect(difference?.actual == "-32601")
    }

    @Test("a wrong error message is reported")
    func wrongErrorMessageIsReported() {
        let index = serverLineIndex(containing: "Already initialized")
        let live = editing(serverLine: index) { $0.replacingOccurrences(of: "Already initialized", with: "already initialized") }
        #expect(comparator.differences(reference: capture, live: live).first?.path == "error.message")
    }

    @Test("an extra jsonrpc member is reported")
    func extraJSONRPCMemberIsReported() {
        let index = serverLineIndex(containing: #""id":6,"result""#)
        let live = editing(serverLine: index) { "{\"jsonrpc\":\"2.0\"," + $0.dropFirst() }
        let difference = comparator.differences(reference: capture, live: live).first
        #expect(difference?.problem == "unexpected key `jsonrpc`")
        #expect(difference?.path == "(message)")
    }

    @Test("the same keys in another order are reported")
    func wrongKeyOrderIsReported() {
        let index = serverLineIndex(containing: "Not initialized")
        let live = editing(serverLine: index) { _ in #"{"id":"pre","error":{"code":-32600,"message":"Not initialized"}}"# }
        #expect(comparator.differences(reference: capture, live: live).first?.problem == "same keys in a different order")
    }

    @Test("a missing notification is reported as the first divergence")
    func missingNotificationIsReported() {
        let index = serverLineIndex(containing: #""method":"account/rateLimits/updated""#)
        let live = editing(serverLine: index) { _ in nil }
        let difference = comparator.differences(reference: capture, live: live).first
        #expect(difference?.problem == "different message")
        #expect(difference?.expected == "notification account/rateLimits/updated")
        #expect(difference?.actual == "notification thread/status/changed")
    }

    @Test("a different delta text is reported")
    func differentDeltaIsReported() {
        let index = serverLineIndex(containing: #""delta":"lo ""#)
        let live = editing(serverLine: index) { $0.replacingOccurrences(of: #""delta":"lo ""#, with: #""delta":"lo""#) }
        let difference = comparator.differences(reference: capture, live: live).first
        #expect(difference?.path == "params.delta")
        #expect(difference?.description.contains("expected: \"lo \"") == true)
    }

    @Test("an identifier that contradicts an earlier one is reported")
    func inconsistentIdentifierIsReported() {
        let index = serverLineIndex(containing: #""method":"turn/started""#)
        let live = editing(serverLine: index) { $0.replacingOccurrences(of: "01a2290f-16b6-7981-9671-f4fcc943e5e4", with: "01a2290f-0000-7000-8000-000000000000") }
        #expect(comparator.differences(reference: capture, live: live).first?.problem.hasPrefix("inconsistent identifier") == true)
    }

    @Test("a lost exit status is reported")
    func differentExitStatusIsReported() {
        var live = capture
        live.entries[live.entries.count - 1] = .exit("-9")
        #expect(comparator.differences(reference: capture, live: live).first?.problem == "different exit status")
    }

    @Test("fresh ids, timestamps and token counts are not differences")
    func generatedValuesAreIgnored() {
        var text = capture.text
        text = text.replacingOccurrences(of: "01a2290f-16b6-7981-9671-f4fcc943e5e4", with: "01b00000-0000-7000-8000-00000000aaaa")
        text = text.replacingOccurrences(of: "1795985185", with: "1800000000")
        text = text.replacingOccurrences(of: #""totalTokens":107"#, with: #""totalTokens":999"#)
        #expect(comparator.differences(reference: capture, live: try! Transcript(text: text)).isEmpty)
    }

    @Test("environment notifications are optional on both sides")
    func optionalNotificationsAreIgnored() {
        let live = Transcript(entries: capture.entries.filter { entry in
            guard case .server(let line) = entry else { return true }
            return !line.contains(#""method":"warning""#) && !line.contains(#""method":"configWarning""#)
        })
        #expect(comparator.differences(reference: capture, live: live).isEmpty)
    }

    @Test("the turn/start response may come after turn/started but not after the user message")
    func turnStartResponseFloatsOnlyAcrossStatusAndStarted() throws {
        let lines = capture.serverLines
        let response = lines.firstIndex { $0.hasPrefix(#"{"id":7,"#) }!
        #expect(lines[response + 2].contains(#""method":"turn/started""#))
        var moved = lines
        moved.insert(moved.remove(at: response), at: response + 2)
        let allowed = Transcript(entries: capture.clientEntriesInterleaved(with: moved))
        #expect(comparator.differences(reference: capture, live: allowed).isEmpty)
        var tooFar = lines
        tooFar.insert(tooFar.remove(at: response), at: response + 3)
        let forbidden = Transcript(entries: capture.clientEntriesInterleaved(with: tooFar))
        #expect(comparator.differences(reference: capture, live: forbidden).first?.problem == "different message")
    }
}

extension Transcript {
    /// The capture's entries with its server lines replaced by `serverLines` (same count),
    /// keeping the client lines where they were.
    fileprivate func clientEntriesInterleaved(with serverLines: [String]) -> [TranscriptEntry] {
        var remaining = serverLines[...]
        return entries.map { entry in
            guard case .server = entry else { return entry }
            return .server(remaining.popFirst()!)
        }
    }
}

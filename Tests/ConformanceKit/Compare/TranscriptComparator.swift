import CodexAppServer

/// Decides whether a live transcript conforms to a reference one (see ``ConformanceRules``):
/// the server messages are canonicalised, then compared pairwise; the first pair of a different
/// kind ends the comparison, differences inside matching pairs are all reported.
public struct TranscriptComparator: Sendable {
    public var rules: ConformanceRules
    /// Stop after this many differences.
    public var limit: Int

    public init(rules: ConformanceRules = .standard, limit: Int = 10) {
        self.rules = rules
        self.limit = limit
    }

    /// Every difference found (empty when the live transcript conforms).
    public func differences(reference: Transcript, live: Transcript) -> [ConformanceDifference] {
        let expected = MessageCanonicalizer.canonicalMessages(reference, rules: rules)
        let actual = MessageCanonicalizer.canonicalMessages(live, rules: rules)
        var differences = differences(reference: expected, live: actual)
        if differences.count < limit, let referenceExit = reference.exitStatus, let liveExit = live.exitStatus, referenceExit != liveExit {
            differences.append(ConformanceDifference(
                messageNumber: 0, message: "exit status", path: "", problem: "different exit status",
                expected: "EXIT \(referenceExit)", actual: "EXIT \(liveExit)"
            ))
        }
        return differences
    }

    /// Compares two canonical message sequences.
    public func differences(reference: [ServerMessage], live: [ServerMessage]) -> [ConformanceDifference] {
        var tree = JSONTreeComparator(rules: rules)
        var result: [ConformanceDifference] = []
        for index in 0..<max(reference.count, live.count) where result.count < limit {
            let number = index + 1
            guard index < live.count else {
                result.append(ConformanceDifference(
                    messageNumber: number, message: reference[index].kind.description, path: "", problem: "missing message",
                    expected: reference[index].kind.description, actual: "nothing: the live transcript ends after \(live.count) messages",
                    referenceLine: reference[index].line
                ))
                return result
            }
            guard index < reference.count else {
                result.append(ConformanceDifference(
                    messageNumber: number, message: live[index].kind.description, path: "", problem: "unexpected extra message",
                    expected: "nothing: the reference ends after \(reference.count) messages", actual: live[index].kind.description,
                    liveLine: live[index].line
                ))
                return result
            }
            let (expected, actual) = (reference[index], live[index])
            guard expected.kind == actual.kind else {
                result.append(ConformanceDifference(
                    messageNumber: number, message: expected.kind.description, path: "", problem: "different message",
                    expected: expected.kind.description, actual: actual.kind.description,
                    referenceLine: expected.line, liveLine: actual.line
                ))
                return result
            }
            guard let expectedJSON = expected.json, let actualJSON = actual.json else {
                if expected.line != actual.line {
                    result.append(ConformanceDifference(
                        messageNumber: number, message: "unparsable line", path: "", problem: "different raw line",
                        expected: expected.line, actual: actual.line
                    ))
                }
                continue
            }
            let exactID: Bool
            switch expected.kind {
            case .response, .error: exactID = true
            default: exactID = false
            }
            if let mismatch = tree.firstMismatch(expectedJSON, actualJSON, exactTopLevelID: exactID) {
                result.append(ConformanceDifference(
                    messageNumber: number, message: expected.kind.description, path: mismatch.path, problem: mismatch.problem,
                    expected: mismatch.expected, actual: mismatch.actual, referenceLine: expected.line, liveLine: actual.line
                ))
            }
        }
        return result
    }

    /// A readable report of `differences`, or "conforms".
    public static func report(_ differences: [ConformanceDifference]) -> String {
        guard !differences.isEmpty else { return "conforms" }
        return differences.map(\.description).joined(separator: "\n\n")
    }
}

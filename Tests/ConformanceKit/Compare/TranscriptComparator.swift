import CodexAppServer

/// Decides whether a live transcript conforms to a reference one (a capture of the real binary).
///
/// The rules, as ``ConformanceRules/standard`` sets them:
///
/// Both transcripts are first put in canonical form (`MessageCanonicalizer`):
///
/// 1. Only `S>` lines are compared; `C>` lines are what was sent, not what is judged.
/// 2. Optional notifications are removed from both sides: `configWarning`,
///    `remoteControl/status/changed` and `warning` (their presence depends on the machine: sandbox
///    tools, model metadata, remote control). So are raw echoes of the context and input
///    (`rawResponseItem/completed` with a developer or user message), whose texts depend on the
///    host's codex setup.
/// 3. The response to a `turn/start` request floats: it is moved in front of the
///    `thread/status/changed` and `turn/started` notifications that directly precede it. PROTOCOL.md
///    records both orders from the real binary; the rule lets the response sit anywhere inside that
///    run of notifications and nowhere else (it may not pass `item/*`, another response, or the
///    notifications of an earlier turn's end).
/// 4. `rawResponse/completed` floats the same way across the `item/started` and `item/tool/call`
///    messages directly before it: the real binary sends it before or after the client function
///    call it ends, from run to run; `thread/status/changed` likewise across a directly preceding
///    `item/completed` (the approval flow sends them in either order).
///
/// Then message *k* of one side is compared with message *k* of the other:
///
/// - Kinds must match in order: a response or error to the same request id, a notification of the
///   same method, a server request of the same method. The first mismatch ends the comparison
///   (a missing or extra notification shows up here).
/// - Inside a message every object must have the same keys in the same order, every value the
///   same JSON type (integer and float differ, null differs from everything else), arrays the same
///   length, and every scalar the same value, except:
///   - identifiers (a key named `id` or ending in `Id`, or any UUID-shaped string) are compared for
///     consistency only: a one-to-one map from reference ids to live ids is built across the whole
///     transcript, and a value that contradicts it is a difference. The top-level `id` of a
///     response or error is the client's own id and must be equal.
///   - generated values are compared by type only: keys ending in `At`, `AtMs` or `Ms`
///     (`emittedAtMs`, `createdAt`, `durationMs`, ...), `userAgent`, `processId`, `path`, and every
///     scalar below `tokenUsage`, `usage` and `usageMetadata` (token counts depend on the model).
///   - `call_id` values are identifiers too; `create_time` is generated; a text starting with
///     `aborted by user after ` is compared up to its measured time.
///   - ids quoted inside texts (`thread not found: <uuid>`) go through the same map.
///   - `substitutions` rewrite live strings first (for example a temporary work directory into the
///     capture's `/srv/codex/work`).
/// - Error codes and messages, methods, texts, statuses, flags and enum values are compared exactly.
/// - `EXIT` statuses must be equal when both transcripts have one.
///
/// Each difference names the message number (in canonical order), its kind, the dotted path of the
/// first divergence inside it (`params.item.text`, `result.thread.environments[0].cwd`), the problem
/// (`missing key`, `unexpected key`, `same keys in a different order`, `different string`, ...),
/// and the expected and actual values with both raw lines.
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

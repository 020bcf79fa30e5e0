import CodexAppServer
import Foundation

/// Drives an app-server through a reference transcript's `C>` lines and records what it says.
///
/// Before sending each `C>` line it waits (bounded by ``timeout``) until the live server has
/// sent as many non-optional messages as the reference shows before that line; ids the
/// reference server generated (thread, turn, item, server request ids) are replaced in the line
/// by the live server's, learned by pairing the replies received so far.
public struct TranscriptReplayer: Sendable {
    public var rules: ConformanceRules
    /// Longest wait for the live server before one `C>` line, and for the tail after the last one.
    public var timeout: Duration

    public init(rules: ConformanceRules = .standard, timeout: Duration = .seconds(10)) {
        self.rules = rules
        self.timeout = timeout
    }

    /// Replays `reference` against the server started by `launch`; returns the live transcript.
    public func replay(_ reference: Transcript, launch: AppServerLaunch) async throws -> Transcript {
        let referenceMessages = MessageCanonicalizer.canonicalMessages(reference, rules: rules)
        let steps = Self.steps(reference, rules: rules)
        let rules = self.rules
        let timeout = self.timeout
        let outcome = try await AppServerSession.run(launch) { session in
            var learner = IdentifierLearner(rules: rules)
            for step in steps {
                let required = step.messagesBefore
                _ = await session.waitUntil(timeout: timeout) { lines in
                    Self.nonOptionalCount(lines, rules: rules) >= required
                }
                let live = MessageCanonicalizer.canonicalMessages(await session.transcript, rules: rules)
                learner.learn(reference: Array(referenceMessages.prefix(required)), live: live)
                try await session.send(Self.substitute(step.line, identities: learner.identities))
            }
            let total = referenceMessages.count
            _ = await session.waitUntil(timeout: timeout) { lines in Self.nonOptionalCount(lines, rules: rules) >= total }
        }
        return outcome.transcript
    }

    /// One `C>` line and how many non-optional server messages precede it in the reference.
    struct Step: Sendable {
        var line: String
        var messagesBefore: Int
    }

    static func steps(_ reference: Transcript, rules: ConformanceRules) -> [Step] {
        var count = 0
        var steps: [Step] = []
        for entry in reference.entries {
            switch entry {
            case .client(let line): steps.append(Step(line: line, messagesBefore: count))
            case .server(let line): if !isOptional(ServerMessage(line: line), rules: rules) { count += 1 }
            case .exit: break
            }
        }
        return steps
    }

    static func nonOptionalCount(_ lines: [String], rules: ConformanceRules) -> Int {
        lines.reduce(0) { $0 + (isOptional(ServerMessage(line: $1), rules: rules) ? 0 : 1) }
    }

    static func isOptional(_ message: ServerMessage, rules: ConformanceRules) -> Bool {
        guard case .notification(let method) = message.kind else { return false }
        return rules.optionalMethods.contains(method)
    }

    /// The line with reference ids replaced by live ones: quoted strings textually (so lines that
    /// are not JSON or carry float ids go out byte for byte), and the integer id of a reply to a
    /// server request through the JSON.
    static func substitute(_ line: String, identities: IdentityMap) -> String {
        var text = line
        for binding in identities.stringBindings where binding.reference != binding.live {
            text = text.replacingOccurrences(of: "\"\(binding.reference)\"", with: "\"\(binding.live)\"")
        }
        guard let value = try? JSONParser().parse(text), case .object(var object) = value,
            object["method"] == nil, let id = object["id"], let live = identities.live(for: id), live != id
        else { return text }
        object["id"] = live
        return JSONValue.object(object).jsonString
    }
}

/// A rule list compiled for matching: owns the PCRE2 handles and runs the rules over bytes.
///
/// `@unchecked Sendable`: it holds C handles (compiled patterns, a match context) that are
/// immutable after `init` and that PCRE2 documents as safe to use from several threads at once;
/// every call creates its own match data. The ``RuleProgram`` values borrow the patterns' handles
/// and never leave this object.
final class RuleEngine: @unchecked Sendable {
    let patterns: [CompiledPattern]
    private let programs: [RuleProgram]
    private let replacements: [[UInt8]]
    private let matchContext: MatchContext
    private let contextPointer: OpaquePointer
    /// The fewest digits any rule's prefilter needs (see ``DigitRuns``).
    private let digitThreshold: Int
    /// The shortest subject (in bytes) any rule can match: shorter ones are returned untouched
    /// without running a pattern (most strings of a JSON-RPC frame are short ids and names).
    private let shortestMatch: Int

    init(rules: [RedactionRule], options: Redactor.Options) throws(PatternError) {
        var patterns: [CompiledPattern] = []
        patterns.reserveCapacity(rules.count)
        for rule in rules {
            patterns.append(try CompiledPattern(pattern: rule.pattern, ruleName: rule.name, jit: options.jit))
        }
        self.patterns = patterns
        programs = zip(rules, patterns).map { rule, pattern in
            RuleProgram(code: pattern.code, usesJIT: pattern.usesJIT, minimumLength: pattern.minimumLength, validator: rule.validator, prefilter: rule.prefilter)
        }
        replacements = rules.map { Array($0.replacement.utf8) }
        matchContext = MatchContext(matchLimit: options.matchLimit, heapLimitKiB: options.heapLimitKiB)
        contextPointer = matchContext.pointer
        digitThreshold = max(1, rules.compactMap(\.prefilter?.requiredDigits).min() ?? 1)
        shortestMatch = programs.map(\.minimumLength).min() ?? 0
    }

    /// Runs every rule, in order, over `input`; `nil` when none matched.
    func redact(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let base = input.baseAddress, input.count > 0, input.count >= shortestMatch else { return nil }
        let scratch = MatchScratch()
        var features = InputFeatures(digitThreshold: digitThreshold)
        var output: [UInt8]?
        for index in programs.indices {
            let replaced: [UInt8]?
            if let current = output {
                guard !current.isEmpty else { break }
                replaced = current.withUnsafeBufferPointer { buffer in
                    run(index, on: buffer.baseAddress!, count: buffer.count, features: &features, scratch: scratch)
                }
            } else {
                replaced = run(index, on: base, count: input.count, features: &features, scratch: scratch)
            }
            if let replaced {
                output = replaced
                features.invalidate()
            }
        }
        return output
    }

    @inline(__always)
    private func run(
        _ index: Int,
        on bytes: UnsafePointer<UInt8>,
        count: Int,
        features: inout InputFeatures,
        scratch: borrowing MatchScratch
    ) -> [UInt8]? {
        let program = programs[index]
        if count < program.minimumLength { return nil }
        if let prefilter = program.prefilter, !features.allows(prefilter, in: bytes, count: count) {
            return nil
        }
        // Most inputs match nothing: look for a first match before touching the replacement.
        let first = program.firstMatch(in: bytes, count: count, from: 0, scratch: scratch, context: contextPointer)
        if case .none = first { return nil }
        return program.replaceAll(
            in: bytes,
            count: count,
            startingWith: first,
            replacement: replacements[index],
            scratch: scratch,
            context: contextPointer
        )
    }
}

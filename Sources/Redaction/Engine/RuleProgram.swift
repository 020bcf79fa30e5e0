import CPCRE2

/// What the matching loop needs of one rule, as plain values so that running a rule costs no
/// reference counting.
///
/// It borrows the `pcre2_code` of a ``CompiledPattern``; only ``RuleEngine`` creates programs,
/// and it keeps their patterns alive for as long as it lives.
struct RuleProgram {
    let code: OpaquePointer
    let usesJIT: Bool
    /// Subjects shorter than this (in bytes) cannot match.
    let minimumLength: Int
    let validator: RedactionValidator?
    let prefilter: RedactionPrefilter?

    /// Finds the first match in the `count` bytes at `subject`, at or after byte offset `start`.
    @inline(__always)
    func firstMatch(
        in subject: UnsafePointer<UInt8>,
        count: Int,
        from start: Int,
        scratch: borrowing MatchScratch,
        context: OpaquePointer
    ) -> MatchOutcome {
        let rc =
            if usesJIT {
                pcre2_jit_match_8(code, subject, count, start, 0, scratch.pointer, context)
            } else {
                pcre2_match_8(code, subject, count, start, 0, scratch.pointer, context)
            }
        if rc == PCRE2_ERROR_NOMATCH { return .none }
        if rc < 0 { return .failed(code: rc) }
        let ovector = pcre2_get_ovector_pointer_8(scratch.pointer)!
        return .found(start: ovector[0], end: ovector[1])
    }

    /// Replaces every accepted match in the `count` bytes at `subject` by `replacement`, given the
    /// outcome of the first match attempt (from offset 0).
    ///
    /// Returns `nil` when nothing was replaced, so that the caller can keep its input. Matches
    /// that are empty or that the validator rejects are skipped by one character. If PCRE2 gives
    /// up (match or heap limit), everything from the current position on is replaced: a rule that
    /// cannot finish must not let a secret through.
    func replaceAll(
        in subject: UnsafePointer<UInt8>,
        count: Int,
        startingWith firstOutcome: MatchOutcome,
        replacement: [UInt8],
        scratch: borrowing MatchScratch,
        context: OpaquePointer
    ) -> [UInt8]? {
        var output: [UInt8] = []
        var copied = 0
        var position = 0
        var replaced = false
        var outcome = firstOutcome
        scan: while true {
            switch outcome {
            case .none:
                break scan
            case .failed:
                output.append(contentsOf: UnsafeBufferPointer(start: subject + copied, count: position - copied))
                output.append(contentsOf: replacement)
                return output
            case .found(let start, let end):
                if end <= start {
                    position = UTF8Scan.nextCharacter(after: max(start, position), in: subject, count: count)
                } else if let validator, !validator.accepts(UnsafeBufferPointer(start: subject + start, count: end - start)) {
                    position = UTF8Scan.nextCharacter(after: start, in: subject, count: count)
                } else {
                    if !replaced {
                        output.reserveCapacity(count + replacement.count)
                        replaced = true
                    }
                    output.append(contentsOf: UnsafeBufferPointer(start: subject + copied, count: start - copied))
                    output.append(contentsOf: replacement)
                    copied = end
                    position = end
                }
                guard position <= count else { break scan }
                outcome = firstMatch(in: subject, count: count, from: position, scratch: scratch, context: context)
            }
        }
        guard replaced else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(start: subject + copied, count: count - copied))
        return output
    }
}

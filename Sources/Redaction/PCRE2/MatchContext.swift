import CPCRE2

/// The resource limits applied to every match, as a PCRE2 match context.
///
/// `@unchecked Sendable`: the context is written only in `init` and only read afterwards; PCRE2
/// reads a match context without modifying it, so one context may serve concurrent matches.
final class MatchContext: @unchecked Sendable {
    /// The context; valid for as long as this object lives.
    let pointer: OpaquePointer

    /// - Parameters:
    ///   - matchLimit: PCRE2's match limit (backtracking steps per match attempt).
    ///   - heapLimitKiB: the interpreter's heap limit for backtracking frames, in KiB.
    init(matchLimit: UInt32, heapLimitKiB: UInt32) {
        guard let pointer = pcre2_match_context_create_8(nil) else {
            fatalError("pcre2_match_context_create failed: out of memory")
        }
        pcre2_set_match_limit_8(pointer, matchLimit)
        pcre2_set_heap_limit_8(pointer, heapLimitKiB)
        self.pointer = pointer
    }

    deinit {
        pcre2_match_context_free_8(pointer)
    }
}

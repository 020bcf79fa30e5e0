import CPCRE2

/// Per-call PCRE2 match data: the output vector (and the interpreter's backtracking frames).
///
/// Match data is written by every match, so it must never be shared between concurrent calls; it
/// is `~Copyable` and not `Sendable`, and each redaction call creates its own.
struct MatchScratch: ~Copyable {
    let pointer: OpaquePointer

    init() {
        // One ovector pair is enough: only the whole match is used, never the capture groups.
        guard let pointer = pcre2_match_data_create_8(1, nil) else {
            fatalError("pcre2_match_data_create failed: out of memory")
        }
        self.pointer = pointer
    }

    deinit {
        pcre2_match_data_free_8(pointer)
    }
}

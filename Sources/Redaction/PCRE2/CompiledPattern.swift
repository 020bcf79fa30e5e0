import CPCRE2

/// A compiled PCRE2 pattern in UTF-8 mode, JIT-compiled when the library and platform allow.
///
/// Patterns compile with `PCRE2_UTF | PCRE2_MATCH_INVALID_UTF`: offsets are byte offsets, a match
/// never starts or ends inside a multi-byte character, and invalid UTF-8 in a subject is never
/// part of a match instead of being undefined behaviour. `\d`, `\w`, `\s` and `\b` stay ASCII
/// (no `PCRE2_UCP`).
///
/// `@unchecked Sendable`: a `pcre2_code` is immutable once `pcre2_compile` and
/// `pcre2_jit_compile` have returned, both of which happen in `init` before the value can be
/// shared. PCRE2 documents compiled patterns (JIT code included) as safe to use from several
/// threads at once; everything a match writes lives in the caller's ``MatchScratch``.
/// Matching goes through ``RuleProgram``, which borrows ``code`` while an owner keeps this alive.
final class CompiledPattern: @unchecked Sendable {
    /// The compiled pattern; valid for as long as this object lives.
    let code: OpaquePointer
    /// Whether matches run the JIT-compiled code (`pcre2_jit_match`) rather than the interpreter.
    let usesJIT: Bool
    /// The fewest characters any match spans, as PCRE2 computed it (`PCRE2_INFO_MINLENGTH`; 0 when
    /// it could not). A UTF-8 subject with fewer bytes than this has fewer characters, so no
    /// match: the subject can be skipped without running the pattern.
    let minimumLength: Int

    static let compileOptions: UInt32 = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF

    /// Compiles `pattern`; `jit: false` forces the interpreter (used to measure the difference).
    init(pattern: String, ruleName: String, jit: Bool) throws(PatternError) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        var source = pattern
        let compiled = source.withUTF8 { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, Self.compileOptions, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw PatternError(
                ruleName: ruleName,
                message: PCRE2Errors.message(for: errorCode),
                offset: errorOffset,
                code: errorCode
            )
        }
        code = compiled
        // JIT compilation can fail (no JIT in this build, no executable memory under a hardened
        // kernel); the interpreter gives the same results, only slower.
        usesJIT = jit && pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        var length: UInt32 = 0
        minimumLength = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_MINLENGTH), &length) == 0 ? Int(length) : 0
    }

    deinit {
        pcre2_code_free_8(code)
    }
}

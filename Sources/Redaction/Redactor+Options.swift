extension Redactor {
    /// How patterns are compiled and how much work one match may take.
    public struct Options: Sendable, Hashable {
        /// JIT-compile the patterns (falling back to the interpreter per pattern when JIT
        /// compilation fails). `false` forces the interpreter; useful only to measure.
        public var jit: Bool
        /// PCRE2's match limit per match attempt. A rule that hits it redacts the rest of the
        /// input instead of letting it through (fail closed).
        public var matchLimit: UInt32
        /// The interpreter's heap limit for backtracking, in KiB.
        public var heapLimitKiB: UInt32

        /// The production settings: JIT on, a match limit of one million, 16 MiB of heap.
        public init(jit: Bool = true, matchLimit: UInt32 = 1_000_000, heapLimitKiB: UInt32 = 16 * 1024) {
            self.jit = jit
            self.matchLimit = matchLimit
            self.heapLimitKiB = heapLimitKiB
        }
    }
}

/// Byte-level stepping over UTF-8 that never lands inside a multi-byte character.
enum UTF8Scan {
    /// The offset of the character after the one starting at `offset`: one byte on, then past
    /// any continuation bytes. Returns `count + 1` at the end, which ends a scan loop.
    static func nextCharacter(after offset: Int, in bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        guard offset < count else { return count + 1 }
        var next = offset + 1
        while next < count, bytes[next] & 0xC0 == 0x80 {
            next += 1
        }
        return next
    }
}

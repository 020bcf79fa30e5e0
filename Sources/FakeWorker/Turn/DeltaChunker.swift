/// Splits reply text into deltas of at most `size` characters, never inside a grapheme cluster
/// (so never inside a Unicode scalar or a UTF-8 sequence either).
enum DeltaChunker {
    static func chunks(_ text: String, size: Int) -> [String] {
        precondition(size > 0, "chunk size must be positive")
        var result: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: size, limitedBy: text.endIndex) ?? text.endIndex
            result.append(String(text[index..<end]))
            index = end
        }
        return result
    }
}

/// Redacts a stream line by line, holding back the lines of a PEM private key block until its
/// END line so that the whole block is redacted, not only the line that opens it.
///
/// Line-at-a-time filters (`codex-proxy redact`) see a multi-line key one line at a time; the
/// `private_key` rule then only catches the `-----BEGIN … PRIVATE KEY-----` line and the base64
/// body would pass. This buffer joins the block's lines first. A block that never ends is
/// redacted when it grows past `maximumHeldBytes` or at ``finish()``. Not `Sendable`: one per
/// stream.
public struct LineRedactor {
    /// The redactor applied to every line or held block.
    public let redactor: Redactor
    /// How much of an unfinished block is held before it is redacted anyway.
    public let maximumHeldBytes: Int
    private var held: [UInt8] = []

    /// Creates a buffer for one stream.
    public init(redactor: Redactor, maximumHeldBytes: Int = 64 * 1024) {
        self.redactor = redactor
        self.maximumHeldBytes = maximumHeldBytes
    }

    /// Takes one line (with its newline, if any) and returns the redacted bytes ready to be
    /// written, which are empty while a key block is being held.
    public mutating func redact(line: [UInt8]) -> [UInt8] {
        if held.isEmpty {
            guard Self.opensPrivateKeyBlock(line) else { return redactor.redact(bytes: line) }
            held = line
            return []
        }
        held += line
        guard Self.find(Self.endMarker, in: line) != nil || held.count > maximumHeldBytes else { return [] }
        return finish()
    }

    /// Returns whatever is still held, redacted; call at the end of the stream.
    public mutating func finish() -> [UInt8] {
        defer { held = [] }
        return held.isEmpty ? [] : redactor.redact(bytes: held)
    }

    private static let beginMarker = Array("-----BEGIN".utf8)
    private static let endMarker = Array("-----END".utf8)
    private static let privateKey = Array("PRIVATE KEY".utf8)

    /// Whether `line` starts a private key block that it does not also end.
    static func opensPrivateKeyBlock(_ line: [UInt8]) -> Bool {
        guard let begin = find(beginMarker, in: line), let key = find(privateKey, in: line, from: begin) else {
            return false
        }
        return find(endMarker, in: line, from: key) == nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}

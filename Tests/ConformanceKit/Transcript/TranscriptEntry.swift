/// One line of a transcript in the captures format.
public enum TranscriptEntry: Sendable, Hashable {
    /// `C> <text>`: a line the client sent, exactly as sent.
    case client(String)
    /// `S> <text>`: a line the server wrote to stdout.
    case server(String)
    /// `EXIT <code>`: how the server ended after its input closed (`signal N` for a signal).
    case exit(String)

    /// The entry as a transcript line, without newline.
    public var line: String {
        switch self {
        case .client(let text): "C> \(text)"
        case .server(let text): "S> \(text)"
        case .exit(let status): "EXIT \(status)"
        }
    }
}

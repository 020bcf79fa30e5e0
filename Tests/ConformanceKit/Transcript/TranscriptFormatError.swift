import Foundation

/// A line of a transcript file that is neither `C> `, `S> ` nor `EXIT `.
public struct TranscriptFormatError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var text: String

    public var description: String { "transcript line \(line) has no C>/S>/EXIT prefix: \(text.prefix(80))" }
}

import Foundation

/// A malformed script, or a step that could not be carried out.
public struct LiveScriptError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}

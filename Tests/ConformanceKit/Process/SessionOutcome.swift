import CodexAppServer
import Foundation
import TestSupport

/// What a finished session produced.
public struct SessionOutcome<Result: Sendable>: Sendable {
    /// The body's return value.
    public var result: Result
    public var termination: TerminationStatus
    /// Everything the child wrote to stderr.
    public var standardError: String
    /// Lines sent and received in order, ending with `EXIT`.
    public var transcript: Transcript
}

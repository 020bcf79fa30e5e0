import Foundation

/// A recorded conversation with an app-server: what the client sent (`C>`), what the server
/// wrote (`S>`), in the order it happened, and how it exited (`EXIT`). This is the format of
/// codex-app-server/captures and of scripts/record-capture.py.
public struct Transcript: Sendable, Hashable {
    public var entries: [TranscriptEntry]

    public init(entries: [TranscriptEntry] = []) {
        self.entries = entries
    }

    /// Parses transcript text; blank lines are skipped, any other unknown line is an error.
    public init(text: String) throws(TranscriptFormatError) {
        var entries: [TranscriptEntry] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty { continue }
            if line.hasPrefix("C> ") {
                entries.append(.client(String(line.dropFirst(3))))
            } else if line.hasPrefix("S> ") {
                entries.append(.server(String(line.dropFirst(3))))
            } else if line.hasPrefix("EXIT ") {
                entries.append(.exit(String(line.dropFirst(5))))
            } else {
                throw TranscriptFormatError(line: number + 1, text: String(line))
            }
        }
        self.entries = entries
    }

    /// Reads and parses a transcript file.
    public init(contentsOf url: URL) throws {
        try self.init(text: String(contentsOf: url, encoding: .utf8))
    }

    /// The lines the client sent.
    public var clientLines: [String] {
        entries.compactMap { if case .client(let text) = $0 { text } else { nil } }
    }

    /// The lines the server wrote.
    public var serverLines: [String] {
        entries.compactMap { if case .server(let text) = $0 { text } else { nil } }
    }

    /// The `EXIT` status, if the transcript has one.
    public var exitStatus: String? {
        entries.lazy.compactMap { if case .exit(let status) = $0 { status } else { nil } }.first
    }

    /// The transcript in file form, one entry per line.
    public var text: String { entries.map(\.line).joined(separator: "\n") + "\n" }
}

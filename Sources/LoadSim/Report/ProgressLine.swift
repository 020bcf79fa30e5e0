import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The live progress line: redrawn in place on a terminal, a plain line every few seconds
/// otherwise (CI logs), on stderr. ``run(_:journal:)`` draws until its task is cancelled.
struct ProgressLine: Sendable {
    let enabled: Bool
    let interactive: Bool

    init(enabled: Bool = true) {
        self.enabled = enabled
        interactive = isatty(STDERR_FILENO) == 1
    }

    func run(_ name: String, journal: RunJournal) async {
        guard enabled else { return }
        let started = ContinuousClock.now
        var tick = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(interactive ? 200 : 1000))
            tick += 1
            guard interactive || tick % 3 == 0, !Task.isCancelled else { continue }
            let line = Self.describe(name, journal: journal, elapsed: (ContinuousClock.now - started).seconds)
            FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[2K" + line : line + "\n").utf8))
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    static func describe(_ name: String, journal: RunJournal, elapsed: Double) -> String {
        let progress = journal.progress
        let counts = OutcomeKind.allCases.compactMap { kind in progress.outcomes[kind].map { "\(kind.rawValue) \($0)" } }.joined(separator: " · ")
        let ready = progress.ready.map { "/readyz \($0)" } ?? "/readyz –"
        return "\(name) \(String(format: "%5.1f", elapsed)) s · sent \(progress.started) · \(counts.isEmpty ? "no answers yet" : counts) · \(ready)"
    }
}

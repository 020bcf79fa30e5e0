import Foundation

/// Scripted stderr chatter in the style of codex's tracing logs.
enum StderrNoise {
    static func run(_ spec: StderrNoiseSpec) async {
        for number in 1...max(spec.lines, 1) where spec.lines > 0 {
            StandardError.log("codex_core::noise: scripted stderr noise line \(number) of \(spec.lines) {\"not\":\"protocol\"}", level: "WARN")
            if spec.everyMs > 0 {
                do { try await Task.sleep(for: .milliseconds(spec.everyMs)) } catch { return }
            } else if Task.isCancelled {
                return
            }
        }
    }
}

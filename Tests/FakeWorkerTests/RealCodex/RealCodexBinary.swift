import Foundation

/// Where the real codex binary is, from `CODEX_REAL_BIN` (unset: the real-binary suite is off).
enum RealCodexBinary {
    static var path: String? {
        ProcessInfo.processInfo.environment["CODEX_REAL_BIN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

import Subprocess
import SystemPackage

/// Reads the worker's version from `<executable> --version` (e.g. `codex-cli 0.163.0` → `0.163.0`).
enum WorkerVersionProbe {
    static func version(of executable: String, timeout: Duration = .seconds(5)) async -> String? {
        let target: Executable = executable.contains("/") ? .path(FilePath(executable)) : .name(executable)
        let output = try? await withTimeout(timeout) {
            try await Subprocess.run(target, arguments: ["--version"], output: .string(limit: 4096)).standardOutput
        }
        guard let firstLine = output?.split(separator: "\n").first else { return nil }
        let words = firstLine.split(separator: " ").filter { $0.first?.isNumber == true }
        return words.first.map(String.init)
    }
}

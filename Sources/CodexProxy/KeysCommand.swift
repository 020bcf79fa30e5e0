import ArgumentParser
import Foundation
import Proxy

#if canImport(Glibc)
import Glibc
#endif

/// `codex-proxy keys`: helpers for `PROXY_API_KEYS_FILE`.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Helpers for the API key file (PROXY_API_KEYS_FILE).",
        subcommands: [KeysHashCommand.self]
    )
}

/// `codex-proxy keys hash`: reads one key on stdin and prints the `hash:` line for the key file,
/// so the file never holds the key itself.
struct KeysHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Read an API key on stdin and print the line to paste into the key file.",
        discussion: """
            Example: printf '%s' "$KEY" | codex-proxy keys hash   →   hash: sha256:<64 hex digits>
            One trailing newline is ignored. The key must be 16 to 4096 printable ASCII characters without spaces.
            """
    )

    static let minimumLength = 16
    static let maximumLength = 4096

    func run() throws {
        let input = readStandardInput(limit: Self.maximumLength + 2)
        switch Self.line(forInput: input) {
        case .success(let line):
            print(line)
        case .failure(let problem):
            FileHandle.standardError.write(Data("codex-proxy keys hash: \(problem.message)\n".utf8))
            throw ExitCode(65)
        }
    }

    struct Problem: Error {
        var message: String
    }

    /// The `hash: sha256:<hex>` line for the key in `input`, or why the input is not a usable key
    /// (the message never quotes the input).
    static func line(forInput input: [UInt8]) -> Result<String, Problem> {
        var bytes = input
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard !bytes.isEmpty else { return .failure(Problem(message: "no key on stdin")) }
        guard bytes.count <= maximumLength else { return .failure(Problem(message: "the key is longer than \(maximumLength) characters")) }
        guard bytes.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            return .failure(Problem(message: "the key must be printable ASCII without spaces or line breaks"))
        }
        guard bytes.count >= minimumLength else {
            return .failure(Problem(message: "the key is shorter than \(minimumLength) characters; use a long random key (e.g. openssl rand -hex 32)"))
        }
        return .success("hash: \(KeyDigest(of: String(decoding: bytes, as: UTF8.self)))")
    }

    private func readStandardInput(limit: Int) -> [UInt8] {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while collected.count < limit {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            collected.append(contentsOf: buffer[0..<count])
        }
        return collected
    }
}

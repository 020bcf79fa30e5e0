import Foundation
import Proxy
import TestSupport

/// A key file in a temporary folder, rewritten atomically (write + rename) as an operator's
/// deployment tool would, and the keys it holds.
struct KeyFixture: Sendable {
    /// One key of the file: its name, the secret a client sends, and its limits as YAML lines.
    struct Key: Sendable {
        var name: String
        var limits: [String: Int] = [:]

        /// The secret the client presents (only its hash is written to the file).
        var secret: String { "sk-test-\(name)-0123456789abcdef" }
        var bearer: (String, String) { ("Authorization", "Bearer \(secret)") }
    }

    let folder: TemporaryDirectory
    var path: String { folder.url.appendingPathComponent("keys.yaml").path }

    init(_ keys: [Key]) throws {
        folder = try TemporaryDirectory("keys")
        try write(keys)
    }

    /// Replaces the file with `keys`.
    func write(_ keys: [Key]) throws {
        var text = "keys:\n"
        for key in keys {
            text += "  - name: \(key.name)\n    hash: \(KeyDigest(of: key.secret))\n"
            for (field, value) in key.limits.sorted(by: { $0.key < $1.key }) { text += "    \(field): \(value)\n" }
        }
        try write(text: text)
    }

    /// Replaces the file with `text` as it is.
    func write(text: String) throws {
        let temporary = folder.url.appendingPathComponent(".keys.yaml.tmp")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Proxy settings that use this file instead of the harness's single key.
    var environment: [String: String] {
        ["PROXY_API_KEY": "", "PROXY_API_KEYS_FILE": path, "PROXY_ENABLE_METRICS": "true", "PROXY_MAINTENANCE_TOKEN": Self.maintenanceToken]
    }

    static let maintenanceToken = "maintenance-token-0123456789"

    func remove() { folder.remove() }
}

import Foundation

/// The parts of the real binary's user agent that describe the machine:
/// `"<client>/0.163.0 (Debian 12.0.0; x86_64) xterm (<client>; <version>)"`.
struct PlatformDescription: Sendable {
    var osName: String
    var osVersion: String
    var architecture: String
    var terminal: String

    static func current(environment: [String: String]) -> PlatformDescription {
        var fields: [String: String] = [:]
        if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                fields[String(line[..<equals])] = line[line.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        let name = fields["NAME"]?.split(separator: " ").first.map(String.init) ?? "Linux"
        var version = (fields["VERSION_ID"] ?? "0").split(separator: ".").map(String.init)
        while version.count < 3 { version.append("0") }
        #if arch(x86_64)
        let architecture = "x86_64"
        #elseif arch(arm64)
        let architecture = "aarch64"
        #else
        let architecture = "unknown"
        #endif
        return PlatformDescription(
            osName: name,
            osVersion: version.joined(separator: "."),
            architecture: architecture,
            terminal: environment["TERM_PROGRAM"] ?? environment["TERM"] ?? "unknown"
        )
    }

    /// The `userAgent` of an initialize result for the given client.
    func userAgent(clientName: String, clientVersion: String) -> String {
        "\(clientName)/\(FakeCodexVersion.cliVersion) (\(osName) \(osVersion); \(architecture)) \(terminal) (\(clientName); \(clientVersion))"
    }
}

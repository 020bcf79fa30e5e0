import Foundation

/// Fresh folders under the system temporary directory, for one test each.
public enum TemporaryFolder {
    /// Creates `<tmp>/<prefix>-<random>` and returns it; the caller removes it.
    public static func make(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

import Foundation
import NIOPosix

/// Reads the key file, refusing one larger than ``KeyFileParser/maximumBytes`` before reading it whole.
enum KeyFileReader {
    /// Reads and parses `path` (blocking: call off the cooperative pool, or at start-up).
    static func load(_ path: String) throws(KeyFileError) -> KeyFile {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw KeyFileError(problem: "cannot open the key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: KeyFileParser.maximumBytes + 1) ?? Data()
        } catch {
            throw KeyFileError(problem: "cannot read the key file \(path): \(error)")
        }
        guard data.count <= KeyFileParser.maximumBytes else {
            throw KeyFileError(problem: "the key file is larger than \(KeyFileParser.maximumBytes) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KeyFileError(problem: "the key file is not UTF-8 text")
        }
        return try KeyFileParser.parse(text)
    }

    /// ``load(_:)`` on NIO's blocking-I/O thread pool.
    static func loadOffThePool(_ path: String) async -> Result<KeyFile, KeyFileError> {
        do {
            return try await NIOThreadPool.singleton.runIfActive { () -> Result<KeyFile, KeyFileError> in
                do throws(KeyFileError) {
                    return .success(try load(path))
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            return .failure(KeyFileError(problem: "the file reader is not running: \(error)"))
        }
    }
}

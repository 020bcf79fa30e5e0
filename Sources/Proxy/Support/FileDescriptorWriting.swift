#if canImport(Glibc)
import Glibc
#endif

/// Writing whole buffers to file descriptors with `write(2)`, retrying short writes and EINTR.
public enum FileDescriptorWriting {
    /// Writes every byte of `bytes` to `descriptor`; returns `errno` on failure, `nil` on success.
    @discardableResult
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}

import CPCRE2

/// Helpers around PCRE2's numeric error codes.
enum PCRE2Errors {
    /// PCRE2's text for an error code, e.g. "missing closing parenthesis".
    static func message(for code: Int32) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
            let length = pcre2_get_error_message_8(code, buffer.baseAddress, buffer.count)
            guard length > 0 else { return "PCRE2 error \(code)" }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<Int(length)]), as: UTF8.self)
        }
    }

    /// Whether this libpcre2-8 was built with JIT support.
    static var jitAvailable: Bool {
        var value: UInt32 = 0
        return pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &value) >= 0 && value == 1
    }
}

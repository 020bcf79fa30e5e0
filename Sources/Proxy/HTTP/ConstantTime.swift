/// Secret comparison whose duration depends only on the length of the candidate, not on where
/// the first difference is, so response timing does not leak a key or token prefix.
enum ConstantTime {
    static func equals(_ candidate: String, _ secret: String) -> Bool {
        let candidateBytes = Array(candidate.utf8)
        let secretBytes = Array(secret.utf8)
        var difference = UInt8(candidateBytes.count == secretBytes.count ? 0 : 1)
        for index in candidateBytes.indices {
            let secretByte = secretBytes.isEmpty ? 0 : secretBytes[index % secretBytes.count]
            difference |= candidateBytes[index] ^ secretByte
        }
        return difference == 0
    }

    /// The token of an `Authorization: Bearer <token>` header, or `nil`: the scheme is matched
    /// case-insensitively, spaces around the token are dropped. Works on the header's UTF-8 view
    /// (no intermediate strings but the token itself).
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let bytes = header.utf8
        let space = UInt8(ascii: " ")
        guard let schemeStart = bytes.firstIndex(where: { $0 != space }),
            let schemeEnd = bytes[schemeStart...].firstIndex(of: space),
            bytes[schemeStart..<schemeEnd].elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }),
            let tokenStart = bytes[schemeEnd...].firstIndex(where: { $0 != space }),
            let tokenLast = bytes[tokenStart...].lastIndex(where: { $0 != space })
        else { return nil }
        return String(header[tokenStart...tokenLast])
    }
}

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

    /// The token of an `Authorization: Bearer <token>` header, or `nil`.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingPrefixAndSuffixSpaces()
    }
}

extension Substring {
    fileprivate func trimmingPrefixAndSuffixSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

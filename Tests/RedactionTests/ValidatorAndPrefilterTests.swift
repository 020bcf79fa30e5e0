@testable import Redaction
import TestSupport
import Testing

@Suite struct ValidatorAndPrefilterTests {
    @Test(arguments: ["4111111111111111", "4111 1111 1111 1111", "378282246310005", "6011-1111-1111-1117", "4222222222222"])
    func luhnAcceptsValidCardNumbers(_ number: String) {
        #expect(Luhn.isValidCardNumber(number))
    }

    @Test(arguments: ["4111111111111112", "1234567890123456", "411111111111", "41111111111111111111", ""])
    func luhnRejectsBadChecksumsAndLengths(_ number: String) {
        #expect(!Luhn.isValidCardNumber(number))
    }

    @Test func digitRunsMeasurePhoneLayouts() {
        let runs = measure("call +1 (415) 555-0100 now")
        #expect(runs.longest == 11)
        #expect(runs.longestSeparated == 11)
        #expect(runs.longestCard == 10)
        #expect(runs.spacedRunLengths == 1 << 1 | 1 << 3 | 1 << 4)
    }

    @Test func anEpochTimestampIsNeitherSeparatedNorCardLike() {
        let runs = measure(#""emittedAtMs":1795988647702}"#)
        #expect(runs.longest == 13)
        #expect(runs.longestSeparated == 0)
        #expect(runs.longestCard == 0)
        #expect(runs.hasSpacedRun(of: 13))
        #expect(!runs.hasSpacedRun(of: 6))
    }

    @Test func aLeadingPlusMakesAContiguousRunSeparated() {
        #expect(measure("tel:+14155550100").longestSeparated == 11)
    }

    @Test func cardRunsStartAtADigitTwoToSixAfterASeparator() {
        #expect(measure("ref 12 4111111111111111").longestCard == 16)
        #expect(measure("1718035200123").longestCard == 0)
    }

    @Test func timestampsHaveShortRuns() {
        let runs = measure("2025-06-01T12:34:56.789Z")
        #expect(runs.longest == 8)
        #expect(runs.longestSeparated == 8)
    }

    @Test func spacedRunsSeeNINOLayout() {
        #expect(measure("NI AB 12 34 56 C").hasSpacedRun(of: 6))
        #expect(measure("NI AB123456C").hasSpacedRun(of: 6))
    }

    @Test func digitRunsAgreeWithTheirDefinitionOnRandomInput() {
        // The eight-byte fast path and the running state must match a plain reading of the
        // definitions in RedactionPrefilter.
        var generator = SplitMix(seed: 42)
        let alphabet = Array("0123456789 ()+-.:/abcXYZ_é".utf8) + [0x31, 0x34, 0x20]
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 72)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let fast = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { DigitRuns.measure($0, count: buffer.count) } ?? DigitRuns()
            }
            let reference = Reference(bytes)
            #expect(fast.longest == reference.longest, "\(bytes)")
            #expect(fast.longestSeparated == reference.longestSeparated, "\(bytes)")
            #expect(fast.longestCard == reference.longestCard, "\(bytes)")
            #expect(fast.spacedRunLengths == reference.spacedRunLengths, "\(bytes)")
        }
    }

    @Test func swarDigitDetectionFindsExactlyTheDigits() {
        for byte in UInt8.min...UInt8.max {
            let word = UInt64(byte) << 24 | 0x4141_4141_0041_4141
            let expected = byte >= 0x30 && byte <= 0x39
            #expect((DigitRuns.digitBytes(in: word) != 0) == expected, "byte \(byte)")
        }
    }

    private func measure(_ text: String) -> DigitRuns {
        Array(text.utf8).withUnsafeBufferPointer { DigitRuns.measure($0.baseAddress!, count: $0.count) }
    }

    /// The digit-run definitions, computed stretch by stretch.
    private struct Reference {
        var longest = 0, longestSeparated = 0, longestCard = 0
        var spacedRunLengths: UInt64 = 0

        init(_ bytes: [UInt8]) {
            let separators: Set<UInt8> = [0x20, 0x28, 0x29, 0x2B, 0x2D, 0x2E]
            func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
            // Stretches of digits and separators.
            for stretch in bytes.split(whereSeparator: { !isDigit($0) && !separators.contains($0) }) {
                let s = Array(stretch)
                guard let first = s.firstIndex(where: isDigit) else { continue }
                let digits = s.filter(isDigit).count
                longest = max(longest, digits)
                let lastDigit = s.lastIndex(where: isDigit)!
                let inner = s[first...lastDigit].contains { !isDigit($0) }
                let plus = first > 0 && s[first - 1] == 0x2B
                if inner || plus { longestSeparated = max(longestSeparated, digits) }
                if let start = s.indices.first(where: { i in
                    (0x32...0x36).contains(s[i]) && (i == first || (i > 0 && separators.contains(s[i - 1])))
                }) {
                    longestCard = max(longestCard, s[start...].filter(isDigit).count)
                }
            }
            // Maximal stretches of digits and spaces.
            for stretch in bytes.split(whereSeparator: { !isDigit($0) && $0 != 0x20 }) {
                let digits = stretch.filter(isDigit).count
                if digits > 0, digits < 64 { spacedRunLengths |= 1 << UInt64(digits) }
            }
        }
    }
}

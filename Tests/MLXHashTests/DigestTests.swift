import Testing
@testable import MLXHash

@Suite struct DigestTests {
    let hex = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"

    @Test func hexRoundTrips() throws {
        let digest = try #require(Digest(hex: hex))
        #expect(digest.hex == hex)
        #expect(digest.description == hex)
        #expect(Digest(bytes: digest.bytes) == digest)
        #expect(digest == Blake3.hash([]))
    }

    @Test(arguments: [
        "", "af13", String(repeating: "a", count: 63), String(repeating: "a", count: 65),
        "AF1349B9F5F9A1A6A0404DEA36DCC9499BCB25C9ADC112B7CC9A93CAE41F3262",
        "g" + String(repeating: "0", count: 63), " " + String(repeating: "0", count: 63),
    ])
    func hexIsStrict(text: String) {
        #expect(Digest(hex: text) == nil)
    }

    @Test func ordersLikeHex() {
        let digests = (0..<50).map { Blake3.hash([UInt8($0)]) }
        #expect(digests.sorted().map(\.hex) == digests.map(\.hex).sorted())
    }
}

@Suite struct SIMDLevelTests {
    @Test func requestsAreCappedByTheCPU() {
        #expect(SIMDLevel(requested: "portable") == .portable)
        #expect(SIMDLevel(requested: nil) == .widestSupported)
        #expect(SIMDLevel(requested: "nonsense") == .widestSupported)
        #expect(SIMDLevel(requested: "avx512") <= .widestSupported)
        #expect(SIMDLevel.current.isSupported)
    }
}

import Testing
@testable import MLXHash

@Test func placeholder() { #expect(Bool(true)) }

import Testing
@testable import MLXTestSupport

@Test func placeholder() { #expect(Bool(true)) }

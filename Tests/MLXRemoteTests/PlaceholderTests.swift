import Testing
@testable import MLXRemote

@Test func placeholder() { #expect(Bool(true)) }

import Testing
@testable import MLXGit

@Test func placeholder() { #expect(Bool(true)) }

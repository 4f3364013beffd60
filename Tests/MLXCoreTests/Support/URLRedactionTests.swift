import Testing
@testable import MLXCore

@Suite struct URLRedactionTests {
    @Test func aPasswordIsMaskedAndTheUserKept() {
        #expect(URLRedaction.redact("http://minio:hunter2@127.0.0.1:9000") == "http://minio:***@127.0.0.1:9000")
        #expect(URLRedaction.redact("https://u:p%40ss@host/path?q=1") == "https://u:***@host/path?q=1")
        #expect(URLRedaction.redact("s3://key:secret@bucket/prefix") == "s3://key:***@bucket/prefix")
    }

    @Test func aLoneTokenIsMaskedWhole() {
        #expect(URLRedaction.redact("https://ghp_abc123@example.com/x") == "https://***@example.com/x")
    }

    @Test func urlsWithoutCredentialsAndOtherTextStayAsTheyAre() {
        for text in ["s3://bucket/prefix", "http://127.0.0.1:9000", "file:///mnt/store", "/mnt/a@b", "no url here",
                     "https://host/path/user@example.com", "mailto:me@example.com"] {
            #expect(URLRedaction.redact(text) == text)
        }
    }

    @Test func everyURLInASentenceIsMaskedUpToItsEnd() {
        let text = "request to http://a:one@h1:9000/b/k failed; check endpoint 'https://b:two@h2' or \"ftp://c:three@h3\""
        #expect(URLRedaction.redact(text)
            == "request to http://a:***@h1:9000/b/k failed; check endpoint 'https://b:***@h2' or \"ftp://c:***@h3\"")
    }

    @Test func maskingTwiceChangesNothingMore() {
        let once = URLRedaction.redact("http://user:pw@host")
        #expect(URLRedaction.redact(once) == once)
    }
}

import Testing
@testable import MLXRemote

/// The small XML reader on the documents S3 answers with.
@Suite struct S3XMLTests {
    @Test func listBucketResult() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>bucket</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
              <IsTruncated>true</IsTruncated>
              <!-- a comment -->
              <Contents><Key>p/a &amp; b &lt;c&gt; caf&#233; &#x1F600;</Key><Size>12</Size><ETag>&quot;abc&quot;</ETag></Contents>
              <Contents><Key><![CDATA[p/<raw>&]]></Key><Size>0</Size><Owner><ID/></Owner></Contents>
              <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
            </ListBucketResult>
            """
        let root = try XMLTree.parse(Array(document.utf8))
        #expect(root.name == "ListBucketResult")
        #expect(root.text(of: "IsTruncated") == "true")
        let contents = root.children("Contents")
        #expect(contents.map { $0.text(of: "Key") } == ["p/a & b <c> café 😀", "p/<raw>&"])
        #expect(contents.map { $0.text(of: "Size") } == ["12", "0"])
        #expect(contents[0].text(of: "ETag") == "\"abc\"")
        #expect(root.text(of: "NextContinuationToken") == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test func errorDocument() throws {
        let root = try XMLTree.parse(Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>b</BucketName></Error>
            """.utf8))
        #expect(root.name == "Error")
        #expect(root.text(of: "Code") == "NoSuchBucket")
        #expect(root.text(of: "Message") == "The specified bucket does not exist")
    }

    @Test func prefixedNamesAndAttributesWithAngleBrackets() throws {
        let root = try XMLTree.parse(Array(#"<s3:Result a="x>y" b='1'><s3:UploadId>id/1</s3:UploadId></s3:Result>"#.utf8))
        #expect(root.name == "Result")
        #expect(root.text(of: "UploadId") == "id/1")
    }

    @Test(arguments: ["", "<a>", "<a></b>", "<a><b></a>", "text only", "<a><![CDATA[x</a>"])
    func malformedDocumentsAreRejected(text: String) {
        #expect(throws: XMLParseError.self) { try XMLTree.parse(Array(text.utf8)) }
    }

    @Test func escapingForRequests() {
        #expect("\"etag\" <&>'".xmlEscaped == "&quot;etag&quot; &lt;&amp;&gt;&apos;")
    }
}

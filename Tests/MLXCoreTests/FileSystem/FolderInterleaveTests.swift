import Testing
@testable import MLXCore

@Suite struct FolderInterleaveTests {
    @Test func neighboursComeFromDifferentFoldersWhileThereAreSeveral() {
        let relpaths = ["a/1", "a/2", "a/3", "b/1", "b/2", "top", "c/d/1"]
        let order = FolderInterleave.order(relpaths)
        #expect(order.map { relpaths[$0] } == ["a/1", "b/1", "top", "c/d/1", "a/2", "b/2", "a/3"])
        #expect(order.sorted() == Array(relpaths.indices))
    }

    @Test func oneFolderOrNoneKeepsTheOriginalOrder() {
        #expect(FolderInterleave.order(["x/b", "x/a", "x/c"]) == [0, 1, 2])
        #expect(FolderInterleave.order([""]) == [0])
        #expect(FolderInterleave.order([]) == [])
    }
}

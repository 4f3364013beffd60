/// One item that did not make it, and why.
public struct TransferFailure<Item: TransferQueueItem>: Sendable {
    public let item: Item
    public let error: any Error

    public init(item: Item, error: any Error) {
        self.item = item
        self.error = error
    }
}

/// Trimming by a handful of characters, where `CharacterSet.whitespaces` would also take
/// characters a user may mean (mlx.yaml keys, `cache.type` lists, template names).
extension StringProtocol {
    func trimmingCharacters(in character: Character) -> String {
        trimming(anyOf: String(character))
    }

    func trimming(anyOf characters: String) -> String {
        let set = Set(characters)
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}

import Foundation
import MLXTestSupport

/// The published BLAKE3 vectors in `Fixtures/blake3.json`.
struct TestVectors: Decodable {
    struct Case: Decodable {
        let inputLength: Int
        let hash: String
        let keyedHash: String
        let deriveKey: String

        enum CodingKeys: String, CodingKey {
            case inputLength = "input_len"
            case hash
            case keyedHash = "keyed_hash"
            case deriveKey = "derive_key"
        }
    }

    let key: String
    let contextString: String
    let cases: [Case]

    enum CodingKeys: String, CodingKey {
        case key
        case contextString = "context_string"
        case cases
    }

    static func load() throws -> TestVectors {
        let fixture = URL(fileURLWithPath: PackageRoot.fixture("blake3.json"))
        return try JSONDecoder().decode(TestVectors.self, from: Data(contentsOf: fixture))
    }

    /// The vectors' input: byte i is i mod 251.
    static func input(count: Int) -> [UInt8] {
        (0..<count).map { UInt8($0 % 251) }
    }
}

extension Array where Element == UInt8 {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// Reads the long listing an SFTP server gives for a folder (libcurl passes the server's
/// `ls -l` style lines through): OpenSSH writes `mode links owner group size month day
/// time-or-year name`, one entry per line.
enum SFTPListing {
    struct Entry: Equatable {
        var name: String
        var size: Int64
        var isFolder: Bool
        var isFile: Bool
    }

    struct UnreadableLine: Error, CustomStringConvertible {
        let line: String
        var description: String { "cannot read the server's folder listing line '\(line)'" }
    }

    /// The entries of `text`, without `.` and `..`. Names keep every byte after the single
    /// space that ends the date, so names with spaces (even leading ones) survive.
    static func parse(_ text: [UInt8]) throws(UnreadableLine) -> [Entry] {
        var entries: [Entry] = []
        for lineBytes in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            var line = Array(lineBytes)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            var fields: [String] = []
            var index = 0
            while fields.count < 8 && index < line.count {
                while index < line.count && line[index] == UInt8(ascii: " ") { index += 1 }
                let start = index
                while index < line.count && line[index] != UInt8(ascii: " ") { index += 1 }
                fields.append(String(decoding: line[start..<index], as: UTF8.self))
            }
            let shown = String(decoding: line, as: UTF8.self)
            guard fields.count == 8, index < line.count, let size = Int64(fields[4]), let kind = fields[0].first else {
                throw UnreadableLine(line: shown)
            }
            let name = String(decoding: line[(index + 1)...], as: UTF8.self)
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, size: size, isFolder: kind == "d", isFile: kind == "-"))
        }
        return entries
    }
}

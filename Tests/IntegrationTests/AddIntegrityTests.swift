import Foundation
import MLXTestSupport
import Testing

/// `mlx add` when the world does not hold still: files rewritten while they are copied, hard
/// links made again, and failures at its last steps.
@Suite struct AddIntegrityTests {
    /// A writer rewrites files in place (same size, new bytes) in a loop while `mlx add` runs,
    /// 20 times: no object may hold bytes other than its name says, a pointer names only
    /// objects that are there, and add either succeeds or fails naming the file that changed.
    @Test func writerRewritingFilesDuringAddNeverLeavesAnObjectThatLies() throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        var paths: [String] = []
        for index in 0..<300 {
            paths.append(try repo.write("data/set/f\(index % 10)/\(index).bin", [UInt8](repeating: UInt8(index % 256), count: 32 << 10)))
        }
        for index in 0..<3 {
            paths.append(try repo.write("data/set/large\(index).bin", [UInt8](repeating: UInt8(index), count: 4 << 20)))
        }
        let list = try repo.write("files.txt", paths.joined(separator: "\n") + "\n")
        let writer = PackageRoot.scriptLibrary("rewrite_files.py")
        var succeeded = 0, refused = 0
        for trial in 0..<20 {
            let started = repo.appending("writer-started")
            try? FileManager.default.removeItem(atPath: started)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // Half the trials rewrite a file every 0.5 ms until add ends (add can only give up),
            // half rewrite 8 files 10 ms apart (a retry can succeed).
            process.arguments = ["python3", writer, list, started] + (trial % 2 == 0 ? ["0.0005", "-1"] : ["0.01", "8"])
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while !FileManager.default.fileExists(atPath: started) && Date() < deadline { usleep(5_000) }
            try #require(FileManager.default.fileExists(atPath: started), "the writer did not start")
            let add = try MLXBinary.run(["add", "-q", "data/set"], in: repo.path)
            // SIGKILL: children of the test process inherit a signal mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            var status: Int32 = 0
            waitpid(process.processIdentifier, &status, 0)
            if add.status == 0 {
                succeeded += 1
            } else {
                refused += 1
                #expect(add.status == 1)
                #expect(add.stderr.contains("mlx: error: data/set/") && add.stderr.contains("while it was being added"), "\(add.stderr)")
            }
            try verifyObjectsMatchTheirNames(repo)
            try verifyPointerIsComplete(repo, "data/set.mlx")
            #expect(try repo.names(in: ".mlx/cache/staging") == [], "temporaries left behind")
        }
        print("writer rewriting files during add: 20 trials, \(succeeded) added, \(refused) refused naming the file, 0 bad objects")
    }

    /// With `cache.type=hardlink`, adding again and `checkout --relink` keep one link in the
    /// workspace and one in the cache: no temporary link is left per file.
    @Test func hardlinksStayTwoAfterReAddAndRelink() throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try expectSuccess(try MLXBinary.run(["config", "cache.type", "hardlink"], in: repo.path))
        try repo.write("data/one.bin", "one\n")
        for index in 0..<5 { try repo.write("data/set/\(index).txt", "file \(index)\n") }
        for command in [["add", "-q", "data/one.bin", "data/set"], ["add", "-q", "data/one.bin", "data/set"],
                        ["checkout", "-q", "--relink"], ["checkout", "-q", "--relink"]] {
            try expectSuccess(try MLXBinary.run(command, in: repo.path))
            let counts = try Shell.check("find data -type f -not -name '*.mlx' -not -name .gitignore -exec stat -c '%h %n' {} + | sort", in: repo.path)
            #expect(counts == "2 data/one.bin\n" + (0..<5).map { "2 data/set/\($0).txt\n" }.joined(), "after \(command): \(counts)")
            let strays = try Shell.check("find . -name '.mlx-tmp-*' -not -path './.git/*'", in: repo.path)
            #expect(strays.isEmpty, "after \(command): \(strays)")
        }
    }

    /// The `.gitignore` line cannot be written (its path is a folder): the pointer written just
    /// before is taken back, the old one restored, and add fails naming the `.gitignore`.
    @Test func failureToIgnoreTheDataRestoresThePreviousPointer() throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try repo.write("data/new.bin", "new\n")
        try repo.write("data/old.bin", "version 1\n")
        try expectSuccess(try MLXBinary.run(["add", "-q", "data/old.bin"], in: repo.path))
        let pointer = try repo.read("data/old.bin.mlx")
        try FileManager.default.removeItem(atPath: repo.appending("data/.gitignore"))
        try FileManager.default.createDirectory(atPath: repo.appending("data/.gitignore/x"), withIntermediateDirectories: true)
        try repo.write("data/old.bin", "version 2\n")

        for target in ["data/old.bin", "data/new.bin"] {
            let add = try MLXBinary.run(["add", target], in: repo.path)
            #expect(add.status == 1)
            #expect(add.stderr.hasPrefix("mlx: error: \(repo.path)/data/.gitignore: "), "\(add.stderr)")
        }
        #expect(try repo.read("data/old.bin.mlx") == pointer)
        #expect(!repo.exists("data/new.bin.mlx"))
        #expect(try repo.names(in: "data").sorted() == [".gitignore", "new.bin", "old.bin", "old.bin.mlx"])
    }

    /// Saving the hash index fails after the data is cached, pointed to and ignored: the add is
    /// complete, so it says so and exits 0, with a warning.
    @Test func failureToSaveTheIndexAfterACompleteAddIsAWarning() throws {
        let repo = try TemporaryDirectory.gitRepository()
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try FileManager.default.createDirectory(atPath: repo.appending(".mlx/tmp/hashindex/x"), withIntermediateDirectories: true)
        try repo.write("data.bin", "data\n")
        let add = try MLXBinary.run(["add", "data.bin"], in: repo.path)
        try expectSuccess(add)
        #expect(add.stdout.hasPrefix("added data.bin"))
        #expect(add.stderr.hasPrefix("mlx: warning: could not save the hash index ("), "\(add.stderr)")
        #expect(repo.exists("data.bin.mlx"))
        #expect(try repo.read(".gitignore").contains("/data.bin\n"))
    }

    /// `.mlx/cache` or `.mlx/cache/files` is a symbolic link to another file system (a shared
    /// cache in `/dev/shm`): objects are staged there, so add, fsck, checkout and gc work.
    @Test(arguments: [".mlx/cache", ".mlx/cache/files"])
    func cacheOnAnotherFileSystemThroughASymlinkWorks(link: String) throws {
        let shared = "/dev/shm/mlx-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let repo = try TemporaryDirectory.gitRepository()
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let devices = try Shell.check("stat -c %d '\(shared)' '\(repo.path)'").split(separator: "\n")
        guard devices.count == 2, devices[0] != devices[1] else {
            print("skipped: /dev/shm is not another file system here")
            return
        }
        try expectSuccess(try MLXBinary.run(["init", "-q"], in: repo.path))
        try FileManager.default.createDirectory(atPath: repo.appending(".mlx/cache"), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: repo.appending(link))
        try FileManager.default.createSymbolicLink(atPath: repo.appending(link), withDestinationPath: shared)
        try repo.write("data/set/a.txt", "a\n")
        try repo.write("data/set/b.txt", "b\n")
        try repo.write("model.bin", [UInt8](repeating: 7, count: 3 << 20))
        try expectSuccess(try MLXBinary.run(["add", "-q", "data/set", "model.bin"], in: repo.path))
        let objects = try Shell.check("find '\(shared)' -path '*blake3/??/*' -type f | wc -l")
        #expect(objects.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
        let fsck = try MLXBinary.run(["fsck"], in: repo.path)
        try expectSuccess(fsck)
        #expect(fsck.stdout.contains("all intact"), "\(fsck.stdout)")
        try FileTree.removeAll(repo.appending("data/set"))
        try FileManager.default.removeItem(atPath: repo.appending("model.bin"))
        try expectSuccess(try MLXBinary.run(["checkout", "-q"], in: repo.path))
        #expect(try repo.read("data/set/b.txt") == "b\n")
        try expectSuccess(try MLXBinary.run(["status", "--exit-code"], in: repo.path))
        try expectSuccess(try MLXBinary.run(["gc", "-q", "-w", "-f"], in: repo.path))
        let strays = try Shell.check("find '\(shared)' '\(repo.path)' -name '.mlx-tmp-*'")
        #expect(strays.isEmpty, "\(strays)")
    }

    /// Every object in the cache hashes (with b3sum, not mlx) to its name.
    func verifyObjectsMatchTheirNames(_ repo: TemporaryDirectory) throws {
        let listing = try Shell.check("cd .mlx/cache/files/blake3 && find . -type f | xargs -r b3sum", in: repo.path)
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            let name = parts[1].trimmingCharacters(in: .whitespaces).dropFirst(2)
                .replacingOccurrences(of: "/", with: "").replacingOccurrences(of: ".dir", with: "")
            #expect(String(parts[0]) == name, "object \(parts[1]) holds \(parts[0])")
        }
    }

    /// The directory pointer at `pointer`, if any, names a manifest in the cache whose files
    /// are all in the cache.
    func verifyPointerIsComplete(_ repo: TemporaryDirectory, _ pointer: String) throws {
        guard repo.exists(pointer) else { return }
        let text = try repo.read(pointer)
        let oid = try #require(text.split(separator: "\n").first { $0.contains("oid: ") }?.split(separator: " ").last)
        let manifest = try repo.read(".mlx/cache/files/blake3/\(oid.prefix(2))/\(oid.dropFirst(2))")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [[String: Any]])
        for entry in entries {
            let file = try #require(entry["oid"] as? String)
            #expect(repo.exists(".mlx/cache/files/blake3/\(file.prefix(2))/\(file.dropFirst(2))"), "\(entry) is missing")
        }
    }
}

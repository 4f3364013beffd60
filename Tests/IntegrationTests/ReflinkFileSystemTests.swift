import Foundation
import MLXTestSupport
import Testing

/// `add` on a file system with reflinks (XFS with `reflink=1` on a loop device, as
/// `scripts/bench.sh reflink` makes it): each object is a clone of its workspace file, so the two
/// already share their extents and the file is left as it is; a file whose content was already
/// cached by another is linked to that object.
@Suite struct ReflinkFileSystemTests {
    @Test func addLeavesFilesItClonedAndLinksDuplicates() throws {
        guard getuid() == 0 else {
            print("skipped: mounting an XFS image needs root (uid \(getuid()))")
            return
        }
        guard try Shell.run("command -v mkfs.xfs").status == 0 else {
            print("skipped: mkfs.xfs is not installed (apt-get install xfsprogs)")
            return
        }
        let directory = TemporaryDirectory("mlx-reflink")
        let image = directory.file("xfs.img")
        let mountPoint = directory.file("mnt")
        try directory.createFolder("mnt")
        let made = try Shell.run("truncate -s 320M '\(image)' && mkfs.xfs -q -m reflink=1 '\(image)' && mount -o loop '\(image)' '\(mountPoint)'")
        guard made.status == 0 else {
            print("skipped: cannot make and mount an XFS image: \(made.stderr)")
            return
        }
        // The folder (and its removal) must outlive the mount, or removing it would reach into it.
        defer {
            _ = try? Shell.run("umount -l '\(mountPoint)'")
            withExtendedLifetime(directory) {}
        }

        let root = mountPoint + "/project"
        let setUp = try Shell.run("""
            mkdir -p \(root)/data && cd \(root) && git init -q && git config user.email t@example.com && git config user.name t \
            && for i in 1 2 3 4 5; do head -c 20000 /dev/urandom > data/f$i.bin; done && cp data/f1.bin data/same-as-f1.bin
            """)
        #expect(setUp.status == 0, "\(setUp.stderr)")
        #expect(try MLXBinary.run(["init", "-q"], in: root).status == 0)
        let doctor = try MLXBinary.run(["doctor"], in: root).stdout
        #expect(doctor.split(separator: "\n").contains { $0.hasPrefix("link reflink:") && $0.hasSuffix(" works") }, "\(doctor)")
        func inodes() throws -> [String: String] {
            let listing = try Shell.run("stat -c '%n %i' data/*.bin", in: root).stdout
            return Dictionary(uniqueKeysWithValues: listing.split(separator: "\n").map {
                let parts = $0.split(separator: " ")
                return (String(parts[0]), String(parts[1]))
            })
        }
        let before = try inodes()

        let add = try MLXBinary.run(["add", "data"], in: root)
        #expect(add.status == 0, "\(add.stderr)")
        let after = try inodes()
        // The object of f1 was cloned from f1 or from its twin; exactly one of them is relinked.
        let twins = ["data/f1.bin", "data/same-as-f1.bin"].filter { before[$0] != after[$0] }
        #expect(twins.count == 1, "\(before) \(after)")
        for name in ["data/f2.bin", "data/f3.bin", "data/f4.bin", "data/f5.bin"] {
            #expect(before[name] == after[name], "\(name) was replaced although its object is a clone of it")
        }
        let status = try MLXBinary.run(["status"], in: root)
        #expect(status.status == 0)
        #expect(status.stdout.contains("up to date"), "\(status.stdout)")
        let fsck = try MLXBinary.run(["fsck"], in: root)
        #expect(fsck.status == 0, "\(fsck.stdout)\(fsck.stderr)")
    }
}

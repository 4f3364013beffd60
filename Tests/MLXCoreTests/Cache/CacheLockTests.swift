import Foundation
import MLXTestSupport
import Testing
@testable import MLXCore

@Suite struct CacheLockTests {
    @Test func writersShareTheLockAndGCWaitsForThemAll() throws {
        let cache = TemporaryDirectory("mlx-cache-lock")
        let first = CacheLock(cacheRoot: cache.path, sharing: .owner)
        let second = CacheLock(cacheRoot: cache.path, sharing: .owner)
        try first.acquire(exclusive: false, wait: 0, command: "mlx add a")
        try second.acquire(exclusive: false, wait: 0, command: "mlx add b")

        let gc = CacheLock(cacheRoot: cache.path, sharing: .owner)
        let busy = #expect(throws: LockError.self) { try gc.acquire(exclusive: true, wait: 0.1, command: "mlx gc") }
        #expect(busy?.message == "the cache at \(cache.path) is in use by another mlx command (of this or another project) after waiting 0.1 s")
        first.release()
        second.release()
        try gc.acquire(exclusive: true, wait: 0, command: "mlx gc")

        let writer = CacheLock(cacheRoot: cache.path, sharing: .owner)
        let blocked = #expect(throws: LockError.self) { try writer.acquire(exclusive: false, wait: 0, command: "mlx push") }
        #expect(blocked?.message == "the cache at \(cache.path) is locked by pid \(getpid()) (`mlx gc`)")
        gc.release()
        try writer.acquire(exclusive: false, wait: 0, command: "mlx push")
    }

    @Test func aGroupCachesLockIsGroupWritableWhateverTheUmask() throws {
        let cache = TemporaryDirectory("mlx-cache-lock")
        let lock = CacheLock(cacheRoot: cache.path, sharing: .group)
        try Syscall.withFileCreationMask(0o077) { _ in try lock.acquire(exclusive: false, wait: 0, command: "mlx add") }
        #expect(try FileStat(path: lock.path).mode & 0o777 == 0o664)
    }
}

@Suite struct CacheSharingTests {
    @Test func groupFoldersAreGroupWritableAndSetgidUpToTheCacheRoot() throws {
        let directory = TemporaryDirectory("mlx-cache-sharing")
        let root = directory.appending("cache")
        try Syscall.withFileCreationMask(0o022) { _ in
            try CacheSharing.group.makeFolders(root + "/files/blake3/ab", within: root)
            try CacheSharing.owner.makeFolders(root + "/runs/cd", within: root)
        }
        for folder in [root, root + "/files", root + "/files/blake3", root + "/files/blake3/ab"] {
            #expect(try FileStat.following(folder).mode & 0o7777 == 0o2775, "\(folder)")
        }
        #expect(try FileStat.following(root + "/runs/cd").mode & 0o777 == 0o755, "an owner cache leaves the umask alone")
        #expect(try FileStat.following(directory.path).mode & 0o2070 != 0o2070, "folders above the cache are left alone")
    }

    @Test func aGroupStoreWritesObjectsReadOnlyInGroupFolders() throws {
        let directory = TemporaryDirectory("mlx-cache-sharing")
        let store = try ObjectStore(root: directory.appending("cache"), hasher: .blake3(), sharing: .group)
        let source = try directory.write("data", "shared bytes")
        let oid = ObjectID(store.hasher.hash(Array("shared bytes".utf8)))
        try store.insert(fileAt: source, oid: oid.digest)
        #expect(try FileStat(path: store.path(for: oid)).mode & 0o777 == 0o444)
        #expect(try FileStat.following(Syscall.directoryName(of: store.path(for: oid))).mode & 0o2070 == 0o2070)
    }
}

@Suite struct CacheRegistryTests {
    @Test func recordsEachProjectOnceAndForgetsOnRequest() throws {
        let directory = TemporaryDirectory("mlx-cache-registry")
        let registry = CacheRegistry(store: try ObjectStore(root: directory.appending("cache"), hasher: .blake3()))
        #expect(try registry.projects().isEmpty)
        try registry.register(Project(root: "/work/b"))
        try registry.register(Project(root: "/work/a"))
        try registry.register(Project(root: "/work/a"))
        #expect(try registry.projects() == ["/work/a", "/work/b"])
        try registry.forget("/work/a")
        try registry.forget("/work/gone")
        #expect(try registry.projects() == ["/work/b"])
    }

    @Test func aProjectUsesItsOwnCacheUnlessTold() {
        let project = Project(root: "/work/a")
        #expect(project.cacheDirectory == "/work/a/.mlx/cache" && !project.hasExternalCache)
        let shared = project.withCache(directory: "/data/cache/./x/..", sharing: .group)
        #expect(shared.cacheDirectory == "/data/cache" && shared.hasExternalCache && shared.cacheSharing == .group)
        #expect(!project.withCache(directory: "/work/a/.mlx/cache/", sharing: .owner).hasExternalCache)
    }
}

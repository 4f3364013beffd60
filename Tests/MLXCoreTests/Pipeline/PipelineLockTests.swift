import MLXHash
@testable import MLXCore
import Testing

@Suite struct PipelineLockTests {
    static let oid = ObjectID("488de202f73bd976de4e7048f4e1f39a776d86d582b7348ff53bf432b987fca8")!

    @Test func encodesCanonicallyAndDecodesBack() throws {
        let directory = ObjectID(PipelineLockTests.oid.digest, isDirectory: true)
        let lock = PipelineLock(stages: [
            "train": LockedStage(
                commands: ["python train.py"], commandIsList: false,
                deps: [LockedArtifact(path: "z.csv", oid: PipelineLockTests.oid, size: 3),
                       LockedArtifact(path: "data", oid: directory, size: 10, nfiles: 2)],
                params: ["params.yaml": ["train.lr": .float(0.01), "seed": .integer(-5), "name": .string("42"),
                                         "layers": .list([.integer(1), .dict([.init(key: "a", value: .bool(true))])]),
                                         "empty": .dict([]), "none": .null]],
                outs: [LockedArtifact(path: "model.pkl", oid: PipelineLockTests.oid, size: 1048576, isexec: true)]),
            "a-first": LockedStage(commands: ["x", "y"], commandIsList: true, deps: [], params: [:], outs: []),
        ])
        let text = PipelineLockCodec.encode(lock)
        #expect(text == """
            schema: '1.0'
            stages:
              a-first:
                cmd:
                - x
                - y
              train:
                cmd: python train.py
                deps:
                - path: data
                  hash: blake3
                  oid: 488de202f73bd976de4e7048f4e1f39a776d86d582b7348ff53bf432b987fca8.dir
                  size: 10
                  nfiles: 2
                - path: z.csv
                  hash: blake3
                  oid: 488de202f73bd976de4e7048f4e1f39a776d86d582b7348ff53bf432b987fca8
                  size: 3
                params:
                  params.yaml:
                    empty: {}
                    layers:
                    - 1
                    -
                      a: true
                    name: '42'
                    none: null
                    seed: -5
                    train.lr: 0.01
                outs:
                - path: model.pkl
                  hash: blake3
                  oid: 488de202f73bd976de4e7048f4e1f39a776d86d582b7348ff53bf432b987fca8
                  size: 1048576
                  isexec: true

            """)
        let decoded = try PipelineLockCodec.decode(text, file: "mlx.lock")
        #expect(decoded == lock)
        #expect(PipelineLockCodec.encode(decoded) == text)
    }

    @Test func rejectsWhatItDoesNotKnow() {
        func message(_ text: String) -> String? {
            do { _ = try PipelineLockCodec.decode(text, file: "mlx.lock"); return nil } catch { return error.description }
        }
        #expect(message("stages: {}\n") == "mlx.lock:1:1: mlx.lock has no `schema`")
        #expect(message("schema: '2.0'\nstages: {}\n") == "mlx.lock:1:9: unsupported schema `2.0`; this mlx writes '1.0'")
        #expect(message("schema: '1.0'\nstages:\n  a:\n    deps: []\n") == "mlx.lock:3:3: entry of stage `a` has no `cmd`")
        #expect(message("schema: '1.0'\nstages:\n  a:\n    cmd: x\n    outs:\n    - path: m\n      hash: md5\n      oid: x\n      size: 1\n")
                == "mlx.lock:7:13: unsupported hash `md5`; mlx uses blake3")
    }
}

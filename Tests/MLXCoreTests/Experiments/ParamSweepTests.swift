import MLXCore
import Testing

@Suite struct ParamSweepTests {
    private func values(_ argument: String) throws -> [ParamValue] {
        try #require(ParamSweep(arguments: [argument]).axes.first).values
    }

    @Test func aSingleValueIsTypedAsYAMLReadsIt() throws {
        #expect(try values("lr=0.1") == [.float(0.1)])
        #expect(try values("epochs=10") == [.integer(10)])
        #expect(try values("lr=1e-3") == [.float(0.001)])
        #expect(try values("name='0.1'") == [.string("0.1")])
        #expect(try values("flag=true") == [.bool(true)])
        #expect(try values("layers=[1, 2]") == [.list([.integer(1), .integer(2)])])
        #expect(try values("opt={a: 1}") == [.dictionary([.init(key: "a", value: .integer(1))])])
        #expect(try values("text=a: b") == [.string("a: b")])
        #expect(try values("empty=") == [.string("")])
    }

    @Test func fileAndNestedKeyAreSplitAtTheLastColonBeforeTheEquals() throws {
        let sweep = try ParamSweep(arguments: ["conf/train.json:model.layers.0.units=64"])
        #expect(sweep.axes.first?.file == "conf/train.json")
        #expect(sweep.axes.first?.key == "model.layers.0.units")
        #expect(!sweep.isSweep)
    }

    @Test func commaListsChoicesAndRangesSweep() throws {
        #expect(try values("lr=0.1,0.2") == [.float(0.1), .float(0.2)])
        #expect(try values("opt=choice(adam, sgd)") == [.string("adam"), .string("sgd")])
        #expect(try values("n=range(1,7,2)") == [.integer(1), .integer(3), .integer(5)])
        #expect(try values("n=range(3,0,-1)") == [.integer(3), .integer(2), .integer(1)])
        #expect(try values("lr=range(0.1,0.5,0.1)") == [.float(0.1), .float(0.2), .float(0.3), .float(0.4)])
        #expect(try values("q='a,b'") == [.string("a,b")])
        #expect(try values("l=[1,2]") == [.list([.integer(1), .integer(2)])])
    }

    @Test func combinationsAreTheCartesianProductFirstArgumentSlowest() throws {
        let sweep = try ParamSweep(arguments: ["a=1,2", "b=x,y", "c=0"])
        let described = sweep.combinations.map { $0.map(\.description).joined(separator: " ") }

        #expect(sweep.isSweep)
        #expect(described == ["a=1 b=x c=0", "a=1 b=y c=0", "a=2 b=x c=0", "a=2 b=y c=0"])
        #expect(try ParamSweep(arguments: []).combinations == [[]])
    }

    @Test(arguments: ["lr", "=1", "params.yaml:=1", ":lr=1", "a..b=1", "lr=range(1)", "lr=range(1,2,0)",
                      "lr=range(a,b)", "lr=range(5,1)", "lr=choice()", "lr=1,,2", "lr=[1,2", "lr='x"])
    func malformedArgumentsAreRefusedNamingThem(_ argument: String) {
        let error = #expect(throws: ExperimentError.self) { try ParamSweep(arguments: [argument]) }
        #expect(error?.message.contains("'\(argument)'") == true)
    }

    @Test func tooManyCombinationsAreRefused() {
        #expect(throws: ExperimentError.self) { try ParamSweep(arguments: ["a=range(0,200)", "b=range(0,200)"]) }
    }

    @Test func hydraPrefixesAreReadAfterTheFileAndTildeTakesNoValue() throws {
        let sweep = try ParamSweep(arguments: ["conf.yaml:+a.b=1", "++c=2,3", "~d", "p.json:~e=x"])
        let first = try #require(sweep.combinations.first)
        #expect(first.map(\.action) == [.add, .setOrAdd, .remove, .remove])
        #expect(first.map(\.file) == ["conf.yaml", nil, nil, "p.json"])
        #expect(first.map(\.key) == ["a.b", "c", "d", "e"])
        #expect(first[2].value == nil)
        #expect(first[3].value == .string("x"))
        #expect(sweep.combinations.map { $0.map(\.description).joined(separator: " ") }
            == ["conf.yaml:+a.b=1 ++c=2 ~d p.json:~e=x", "conf.yaml:+a.b=1 ++c=3 ~d p.json:~e=x"])
    }

    @Test(arguments: ["+lr", "++lr", "~", "+=1", "~a=1,2"])
    func malformedPrefixedArgumentsAreRefused(_ argument: String) {
        let error = #expect(throws: ExperimentError.self) { try ParamSweep(arguments: [argument]) }
        #expect(error?.message.contains("'\(argument)'") == true)
    }
}

import MLXCore
import Testing

/// How every error a user sees is rendered: the executable prints `mlx: error: <description>`
/// and then `diagnosticDetails(verbose:)`, one line each.
@Suite struct ReportableErrorTests {
    @Test func locatedErrorsNameFileLineAndColumnWhereKnown() {
        #expect(LocatedFileError(file: "mlx.yaml", line: 12, column: 7, message: "unknown key `outz`").description
                == "mlx.yaml:12:7: unknown key `outz`")
        #expect(LocatedFileError(file: "mlx.lock", line: 3, message: "bad entry").description == "mlx.lock:3: bad entry")
        #expect(LocatedFileError(file: "data.mlx", message: "pointer file is empty").description == "data.mlx: pointer file is empty")
    }

    @Test func pointerAndPipelineErrorsAreTheOneLocatedError() {
        let pointer: PointerError = LocatedFileError(file: "a.mlx", line: 1, column: 1, message: "x")
        let pipeline: PipelineError = LocatedFileError(file: "a.mlx", line: 1, column: 1, message: "x")
        #expect(pointer == pipeline)
    }

    @Test func theHintFollowsOnItsOwnLineAndTheCauseOnlyWhenVerbose() {
        let error = DataListingError(revision: "v9", message: "unknown revision 'v9'", hint: "check it", cause: "git_revparse_single failed")
        #expect(error.description == "unknown revision 'v9'")
        #expect(error.diagnosticDetails(verbose: false) == ["hint: check it"])
        #expect(error.diagnosticDetails(verbose: true) == ["hint: check it", "cause: git_revparse_single failed"])
    }

    @Test func anErrorWithoutHintOrCausePrintsOneLine() {
        let error = PathError(path: "../x", message: "escapes the project")
        #expect(error.description == "../x: escapes the project")
        #expect(error.diagnosticDetails(verbose: true).isEmpty)
    }

    @Test func aCauseWithoutHintStandsAloneWhenVerbose() {
        let error = DataListingError(revision: nil, message: "cannot list", cause: "readdir failed")
        #expect(error.diagnosticDetails(verbose: false).isEmpty)
        #expect(error.diagnosticDetails(verbose: true) == ["cause: readdir failed"])
    }

    @Test func passwordsInHintsAndCausesAreMasked() {
        let error = DataListingError(revision: nil, message: "cannot list", hint: "check https://me:secret@host/x",
                                     cause: "GET https://me:secret@host/x failed")
        #expect(error.diagnosticDetails(verbose: true) == ["hint: check https://me:***@host/x", "cause: GET https://me:***@host/x failed"])
    }

    @Test func enumErrorsDescribeThemselvesByTheirMessage() {
        let error = ProjectError.notAProject("/tmp/x")
        #expect(error.description == error.message)
        #expect(error.diagnosticDetails(verbose: false) == ["hint: run 'mlx init' at the root of your git repository"])
    }
}

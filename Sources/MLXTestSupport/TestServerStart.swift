import Foundation

/// Starting a test process's one server of a kind (moto, rclone, sshd), and deciding whether
/// the tests that need it run, the same way for every kind.
enum TestServerStart {
    /// The server `start` makes, or why it could not make one.
    static func attempt<Server>(_ start: () throws -> Server) -> Result<Server, ShellError> {
        do {
            return .success(try start())
        } catch let error as ShellError {
            return .failure(error)
        } catch {
            return .failure(ShellError(message: "\(error)"))
        }
    }

    /// Whether the tests needing `server` run: yes when it started, and also when the
    /// environment variable `requirement` is `1` (as `scripts/test.sh` sets), so that they run
    /// and fail loudly instead of being skipped. Otherwise prints why they are skipped and how
    /// to install what is missing.
    static func testsRun<Server>(_ server: Result<Server, ShellError>, kind: String, requirement: String, install: String) -> Bool {
        switch server {
        case .success:
            return true
        case .failure(let error):
            if ProcessInfo.processInfo.environment[requirement] == "1" { return true }
            FileHandle.standardError.write(Data("note: \(kind) tests skipped: \(error.message) (install with: \(install))\n".utf8))
            return false
        }
    }
}

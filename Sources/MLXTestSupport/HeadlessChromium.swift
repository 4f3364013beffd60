import Foundation

/// Headless Chromium for tests that check a page renders: its DOM after layout, the console
/// messages it logged, and a screenshot.
public struct HeadlessChromium: Sendable {
    /// What loading a page gave.
    public struct Rendering: Sendable {
        /// The document as Chromium serialises it after parsing (`--dump-dom`).
        public let dom: String
        /// The console and page errors Chromium logged to stderr.
        public let consoleErrors: [String]
        /// The screenshot's path (PNG).
        public let screenshot: String
    }

    public let executable: String

    /// The browser on PATH (`chromium`, as apt installs it, or a Chrome), or nil.
    public static let installed: HeadlessChromium? = {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            if let found = try? Shell.run("command -v \(name)"), found.status == 0 {
                return HeadlessChromium(executable: found.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return nil
    }()

    /// Whether browser tests can run. Without Chromium they are skipped with a printed reason,
    /// unless `MLX_TEST_REQUIRE_BROWSER=1` (as `scripts/test.sh` sets) demands them: then they
    /// run and fail.
    public static let isAvailable: Bool = {
        if installed != nil || ProcessInfo.processInfo.environment["MLX_TEST_REQUIRE_BROWSER"] == "1" { return true }
        FileHandle.standardError.write(Data("note: browser tests skipped: no chromium on PATH (install with: apt-get install chromium)\n".utf8))
        return false
    }()

    /// The installed browser, or an error saying to install it.
    public static func require() throws -> HeadlessChromium {
        guard let installed else { throw ShellError(message: "no chromium on PATH: apt-get install chromium") }
        return installed
    }

    /// Loads `file` at `width`×`height`, screenshots it into `directory`, and dumps its DOM.
    public func render(file: String, width: Int = 1280, height: Int = 2400, in directory: String) throws -> Rendering {
        let screenshot = directory + "/screenshot.png"
        // A profile per run: parallel tests must not share Chromium's profile lock. Root (CI
        // containers) needs --no-sandbox.
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                      "--user-data-dir=\(directory)/profile", "--enable-logging=stderr", "--v=0", "--window-size=\(width),\(height)"]
        let url = URL(fileURLWithPath: file).absoluteString
        let shot = try Shell.execute("/usr/bin/timeout", ["120", executable] + common + ["--screenshot=\(screenshot)", url])
        guard shot.status == 0, FileManager.default.fileExists(atPath: screenshot) else {
            throw ShellError(message: "chromium could not screenshot \(url) (status \(shot.status)): \(shot.stderr.suffix(2000))")
        }
        let dump = try Shell.execute("/usr/bin/timeout", ["120", executable] + common + ["--dump-dom", url])
        guard dump.status == 0 else {
            throw ShellError(message: "chromium could not load \(url) (status \(dump.status)): \(dump.stderr.suffix(2000))")
        }
        let errors = (shot.stderr + dump.stderr).split(separator: "\n").map(String.init).filter { line in
            line.contains(":CONSOLE(") || line.contains("Uncaught") || line.contains("Failed to load resource")
        }
        return Rendering(dom: dump.stdout, consoleErrors: errors, screenshot: screenshot)
    }

    /// How many different rows the PNG at `path` stores (one or two for a blank page), read by
    /// `scripts/lib/png_rows.py`.
    public static func distinctRows(ofPNG path: String) throws -> Int {
        let result = try Shell.execute("/usr/bin/env", ["python3", PackageRoot.scriptLibrary("png_rows.py"), path])
        guard result.status == 0, let count = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ShellError(message: "cannot read \(path) as PNG: \(result.stderr)")
        }
        return count
    }
}

import Foundation
import MLXCore
import Testing

@Suite struct InternetTimeTests {
    /// Times around the edges that trip hand-written calendars: epoch, a leap day, the end of a
    /// year, before 1970, and a fraction that rounds up to the next second.
    static let times: [Double] = [0, 951_782_400.5, 1_798_761_599.999, -86_400.25, 1_796_642_196.9996, 1_796_642_196.125]

    @Test(arguments: times)
    func utcTextIsWhatFoundationWritesAndReadsBack(_ seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]

        #expect(InternetTime.string(from: date, fractionalSeconds: true) == reference.string(from: date))
        #expect(InternetTime.string(from: date) == ISO8601DateFormatter().string(from: date))
        let back = try #require(InternetTime.date(from: InternetTime.string(from: date, fractionalSeconds: true)))
        #expect(abs(back.timeIntervalSince1970 - seconds) < 0.0006)
    }

    @Test func anOffsetIsWrittenAndReadAsFoundationDoes() throws {
        let date = Date(timeIntervalSince1970: 1_796_642_196)
        let zone = try #require(TimeZone(secondsFromGMT: -(5 * 3600 + 30 * 60)))
        let reference = ISO8601DateFormatter()
        reference.timeZone = zone
        #expect(InternetTime.string(from: date, timeZone: zone) == reference.string(from: date))
        #expect(InternetTime.date(from: "2026-12-07T04:06:36-05:30") == reference.date(from: "2026-12-07T04:06:36-05:30"))
        #expect(InternetTime.date(from: "2026-12-07T09:36:36Z")?.timeIntervalSince1970 == 1_796_636_196)
    }

    @Test(arguments: ["", "2026-12-07", "2026-12-07T09:36:36", "2026-13-07T09:36:36Z", "2026-12-07T09:36:36.Z",
                      "2026-12-07T09:36:36Zjunk", "2026-12-07T25:00:00Z", "2026-12-07T09:36:36+0100", "x026-12-07T09:36:36Z"])
    func malformedTextIsNoTime(_ text: String) {
        #expect(InternetTime.date(from: text) == nil)
    }
}

import Dispatch
import Synchronization

/// Keeps idle SFTP connections so that each transfer worker reuses one SSH session: as many
/// sessions are open as requests ever ran at once (the transfer queue's `-j`).
///
/// OpenSSH drops new connections at random once more than 10 are still logging in
/// (`MaxStartups 10:30:100`), so at most `maximumLogins` sessions are opened at a time.
final class SFTPConnectionPool: Sendable {
    static let maximumLogins = 6

    private let idle = Mutex<[SFTPConnectionBox]>([])
    private let logins = DispatchSemaphore(value: SFTPConnectionPool.maximumLogins)
    private let configuration: SSHRemoteConfiguration

    init(configuration: SSHRemoteConfiguration) {
        self.configuration = configuration
    }

    /// Runs `request` on an idle session, or on a new one.
    func perform(_ request: SFTPRequest) throws(SFTPFailure) -> SFTPReply {
        let box = idle.withLock { $0.popLast() } ?? SFTPConnectionBox(SFTPConnection(configuration: configuration))
        let isNew = !box.hasLoggedIn
        if isNew { logins.wait() }
        defer { if isNew { logins.signal() } }
        let reply = try box.withConnection { connection throws(SFTPFailure) in try connection.perform(request) }
        box.hasLoggedIn = true
        idle.withLock { $0.append(box) }
        return reply
    }
}

/// Moves a connection between threads. Sound because a box is only ever in the idle list or
/// in the hands of the one request that took it out.
private final class SFTPConnectionBox: @unchecked Sendable {
    private let connection: SFTPConnection
    var hasLoggedIn = false

    init(_ connection: SFTPConnection) {
        self.connection = connection
    }

    func withConnection<R>(_ body: (SFTPConnection) throws(SFTPFailure) -> R) throws(SFTPFailure) -> R {
        try body(connection)
    }
}

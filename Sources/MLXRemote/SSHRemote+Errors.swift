import Foundation
import MLXCore

extension SSHRemote {
    /// The `RemoteError` for a failed SFTP request, saying what to do where the user can act.
    /// Host key and login failures concern the server, not the key being moved.
    func error(for failure: SFTPFailure, key: String?) -> RemoteError {
        let host = configuration.knownHostsName
        let file = configuration.knownHosts
        let keyscan = "ssh-keyscan\(configuration.port == 22 ? "" : " -p \(configuration.port)") \(configuration.host) >> \(file)"
        switch failure.kind {
        case .hostKeyUnknown:
            let key: String? = nil
            let missing = FileManager.default.fileExists(atPath: file) ? "" : " (the file does not exist)"
            return RemoteError(.permanent, remote: displayName, key: key,
                               message: "host \(host) is not in \(file)\(missing): mlx does not trust an unknown host key",
                               hint: "check the server's key and add it with '\(keyscan)', or connect once with 'ssh"
                                   + "\(configuration.port == 22 ? "" : " -p \(configuration.port)") \(configuration.user)@\(configuration.host)'; "
                                   + "known_hosts may name another file")
        case .hostKeyChanged:
            let key: String? = nil
            return RemoteError(.permanent, remote: displayName, key: key,
                               message: "the host key of \(host) differs from the one in \(file): the server's key changed, or something is in between",
                               hint: "only if the server's key really changed: 'ssh-keygen -R \"\(host)\" -f \(file)', then '\(keyscan)'")
        case .authentication:
            let key: String? = nil
            var tried: [String] = []
            if let key = configuration.privateKey { tried.append("key \(key)") }
            if configuration.usesAgent { tried.append("the ssh agent") }
            if configuration.password != nil { tried.append("the password") }
            let name = configuration.name.isEmpty ? "NAME" : configuration.name
            return RemoteError(.permanent, remote: displayName, key: key,
                               message: "authentication as \(configuration.user)@\(host) failed (tried: "
                                   + (tried.isEmpty ? "nothing: no key, agent or password" : tried.joined(separator: ", ")) + ")",
                               hint: "set user or keyfile with 'mlx remote modify \(name) keyfile PATH', or a password with "
                                   + "'mlx remote modify --local \(name) password …'")
        case .notFound:
            return RemoteError(.notFound, remote: displayName, key: key, message: "no such file")
        case .local:
            return RemoteError(.permanent, remote: displayName, key: key, message: failure.message, localErrorCode: failure.localErrorCode)
        case .retryable:
            return RemoteError(.retryable, remote: displayName, key: key, message: failure.message,
                               hint: "check that \(host) is reachable and try again")
        case .command, .permanent:
            return RemoteError(.permanent, remote: displayName, key: key, message: failure.message)
        }
    }
}

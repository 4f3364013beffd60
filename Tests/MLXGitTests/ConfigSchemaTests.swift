import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXGit

/// The schema knows every key mlx reads, what each accepts, and how to name a near miss.
@Suite struct ConfigSchemaTests {
    private func problem(_ name: String, _ value: String) -> String? {
        do {
            try ConfigSchema.check(name, value)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func listsEverySettingAndEveryRemoteOption() {
        let names = ConfigSchema.keys.map(\.name)
        #expect(names == ConfigSetting.allCases.map(\.rawValue) + RemoteOption.allCases.map { "remote.NAME.\($0.rawValue)" })
        #expect(Set(ConfigSchema.keys.filter(\.isSecret).map(\.name))
                == ["remote.NAME.secret-access-key", "remote.NAME.session-token", "remote.NAME.password", "remote.NAME.token"])
        #expect(ConfigSchema.key(named: "remote.My.Store.Path_Style")?.type == .boolean)
        #expect(ConfigSchema.key(named: "remote.My.Store.SSL_Verify")?.type == .booleanOrFile)
        #expect(ConfigSchema.key(named: "Cache.Type")?.name == "cache.type")
        #expect(ConfigSchema.key(named: "core.x.remote") == nil)
        #expect(ConfigSchema.key(named: "remote.url") == nil)
    }

    @Test func everyKeyIsInTheManPageOfTheConfigFiles() throws {
        let page = try String(contentsOfFile: PackageRoot.path + "/man/mlx-config.5", encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
        for key in ConfigSchema.keys {
            #expect(page.contains("\n.B \(key.name)\n"), "man/mlx-config.5 has no entry `.B \(key.name)` in SETTINGS")
        }
    }

    @Test func booleansTakeGitsSpellings() {
        for value in ["true", "Yes", "on", "1", "false", "NO", "off", "0"] {
            #expect(problem("remote.s.ssl-verify", value) == nil, "\(value)")
        }
        #expect(problem("remote.s.path_style", "maybe")
            == "invalid value 'maybe' for remote.s.path_style: expected true or false (also yes/no, on/off, 1/0)")
        #expect(problem("core.no-scm", "") != nil)
    }

    @Test func integersHaveTheirBounds() {
        #expect(problem("remote.s.jobs", "1") == nil && problem("remote.s.jobs", "2k") == nil)
        #expect(problem("remote.s.jobs", "0") == "invalid value '0' for remote.s.jobs: must be at least 1")
        #expect(problem("remote.s.jobs", "many") == "invalid value 'many' for remote.s.jobs: expected an integer of at least 1")
        #expect(problem("remote.s.retries", "0") == nil)
        #expect(problem("remote.s.retries", "-1") == "invalid value '-1' for remote.s.retries: must be at least 0")
    }

    @Test func sizesHaveUnitsAndAMinimum() {
        #expect(problem("remote.s.part-size", "8MiB") == nil && problem("remote.s.part-size", "5242880") == nil)
        #expect(problem("remote.s.part-size", "1MiB") == "invalid value '1MiB' for remote.s.part-size: must be at least 5MiB")
        #expect(problem("remote.s.part-size", "lots")?.hasPrefix("invalid value 'lots' for remote.s.part-size: expected a size") == true)
    }

    @Test func linkTypeListsNameTheAllowedValues() {
        #expect(problem("cache.type", "reflink, hardlink,copy") == nil)
        #expect(problem("cache.type", "hardlnk")
            == "invalid value 'hardlnk' for cache.type: 'hardlnk' is not one of reflink, hardlink, symlink, copy (write a comma-separated list)")
        #expect(problem("cache.type", "reflink,,copy")?.contains("an empty item is not one of") == true)
    }

    @Test func remoteNamesURLsAndEndpointsAreChecked() {
        #expect(problem("core.remote", "storage") == nil)
        #expect(problem("core.remote", "-x")?.contains("expected a remote name") == true)
        for url in ["/mnt/store", "../store", "file:///mnt/store", "s3://bucket/prefix", "S3://bucket", "ssh://me@host:2222/srv", "sftp://host/~/x"] {
            #expect(problem("remote.s.url", url) == nil, "\(url)")
        }
        #expect(problem("remote.s.url", "gs://bucket")
            == "invalid value 'gs://bucket' for remote.s.url: unsupported scheme 'gs://'; mlx supports s3://, file://, http://, https://, webdav://, webdavs://, ssh://, sftp:// and folder paths")
        #expect(problem("remote.s.url", "") != nil)
        for endpoint in ["http://127.0.0.1:9000", "https://s3.example.com", "minio.local:9000"] {
            #expect(problem("remote.s.endpoint", endpoint) == nil, "\(endpoint)")
        }
        #expect(problem("remote.s.endpoint", "ftp://u:pw@host")
            == "invalid value 'ftp://u:***@host' for remote.s.endpoint: unsupported scheme 'ftp://'; expected an http:// or https:// address, or host[:port]")
        #expect(problem("remote.s.region", "anything at all") == nil)
    }

    @Test func anUnknownKeyIsRefusedWithTheNearestKnownOne() {
        let error = try? #require(throws: ConfigError.self) { try ConfigSchema.check("cache.typ", "x") }
        #expect(error?.kind == .unknownKey)
        #expect(error?.message == "unknown config key 'cache.typ'; did you mean cache.type?")
        #expect(problem("core.remot", "x") == "unknown config key 'core.remot'; did you mean core.remote?")
        #expect(problem("remote.Store.regoin", "eu") == "unknown config key 'remote.Store.regoin'; did you mean remote.Store.region?")
        #expect(problem("remote.url", "/x") == "unknown config key 'remote.url'; did you mean remote.NAME.url?")
        #expect(problem("cache.location", "/x") == "unknown config key 'cache.location'")
        #expect(problem("remote.s.colour", "pw") == "unknown config key 'remote.s.colour'")
        #expect(ConfigSchema.editDistance("kitten", "sitting") == 3)
    }

    @Test func aSecretsValueIsNeverShownInAnError() {
        #expect(problem("remote.s.secret-access-key", "hush") == nil)
        let error = ConfigSchema.invalidValue(name: "remote.s.session-token", value: "hush", problem: "x",
                                              key: ConfigKey(RemoteOption.sessionToken))
        #expect(!error.message.contains("hush"))
    }
}

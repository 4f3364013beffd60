import Foundation
import MLXCore
import MLXTestSupport
import Testing
@testable import MLXRemote

/// Where credentials, endpoint and region come from (SPEC §4), with explicit environments and
/// a temporary home so that nothing of the machine running the tests leaks in.
@Suite struct CredentialsTests {
    let home: TemporaryDirectory

    init() throws {
        home = TemporaryDirectory("mlx-home")
        try home.write(".aws/credentials", """
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-SECRET

            # a comment
            [work]
            aws_access_key_id=AKIAWORK
            aws_secret_access_key=work-SECRET
            aws_session_token = work-TOKEN
            """)
        try home.write(".aws/config", """
            [default]
            region = eu-central-1

            [profile work]
            region = ap-south-1
            s3 =
                addressing_style = path
                endpoint_url = https://minio.work.example:9000

            [profile config-only]
            aws_access_key_id = AKIACONFIG
            aws_secret_access_key = config-SECRET
            endpoint_url = http://config-only.example
            """)
    }

    func credentials(
        _ options: [RemoteOption: String] = [:], _ environment: [String: String] = [:]
    ) throws(AWSConfigurationError) -> AWSCredentials? {
        try AWSCredentials.resolve(remoteOptions: options, environment: environment, home: home.path)
    }

    func configuration(
        _ options: [RemoteOption: String] = [:], _ environment: [String: String] = [:], url: String = "s3://bucket/prefix"
    ) throws -> S3RemoteConfiguration {
        try S3RemoteConfiguration.resolve(name: "storage", url: url, options: options, environment: environment, home: home.path)
    }

    let environmentKeys = ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-SECRET", "AWS_SESSION_TOKEN": "env-TOKEN"]

    @Test func remoteConfigComesFirst() throws {
        let found = try credentials([.accessKeyID: "AKIAREMOTE", .secretAccessKey: "remote-SECRET"], environmentKeys)
        #expect(found?.accessKeyID == "AKIAREMOTE")
        #expect(found?.secretAccessKey.revealed == "remote-SECRET")
        #expect(found?.sessionToken == nil)
        #expect(found?.source == "remote config")
    }

    @Test func environmentComesBeforeTheFiles() throws {
        let found = try credentials([:], environmentKeys)
        #expect(found?.accessKeyID == "AKIAENV")
        #expect(found?.sessionToken?.revealed == "env-TOKEN")
        #expect(found?.source == "environment")
    }

    @Test func defaultProfileFromTheCredentialsFile() throws {
        let found = try credentials()
        #expect(found?.accessKeyID == "AKIADEFAULT")
        #expect(found?.source == "profile 'default' in ~/.aws/credentials")
    }

    @Test func awsProfileSelectsAProfile() throws {
        let found = try credentials([:], ["AWS_PROFILE": "work"])
        #expect(found?.accessKeyID == "AKIAWORK")
        #expect(found?.sessionToken?.revealed == "work-TOKEN")
    }

    @Test func aRemoteProfileBeatsTheEnvironmentKeys() throws {
        let found = try credentials([.profile: "work"], environmentKeys)
        #expect(found?.accessKeyID == "AKIAWORK")
    }

    @Test func profilesInTheConfigFileWorkToo() throws {
        let found = try credentials([.profile: "config-only"])
        #expect(found?.accessKeyID == "AKIACONFIG")
        #expect(found?.source == "profile 'config-only' in ~/.aws/config")
    }

    @Test func filesNamedByTheEnvironmentAreUsed() throws {
        let other = try home.write("elsewhere/creds", "[default]\naws_access_key_id = AKIAELSE\naws_secret_access_key = else-SECRET\n")
        let found = try credentials([:], ["AWS_SHARED_CREDENTIALS_FILE": other])
        #expect(found?.accessKeyID == "AKIAELSE")
    }

    @Test func nothingConfiguredIsAnonymous() throws {
        let empty = TemporaryDirectory("mlx-home")
        #expect(try AWSCredentials.resolve(remoteOptions: [:], environment: [:], home: empty.path) == nil)
    }

    @Test func aMissingNamedProfileIsAnError() throws {
        #expect(throws: AWSConfigurationError.self) { try credentials([.profile: "nope"]) }
        do throws(AWSConfigurationError) {
            _ = try credentials([:], ["AWS_PROFILE": "nope"])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("AWS profile 'nope' (from AWS_PROFILE)"))
        }
    }

    @Test func halfAPairIsAnErrorThatShowsNoValue() throws {
        do throws(AWSConfigurationError) {
            _ = try credentials([.secretAccessKey: "half-SECRET"])
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "secret_access_key is set in remote config but access_key_id is not")
            #expect(!"\(error) \(error.hint ?? "")".contains("half-SECRET"))
        }
    }

    @Test func endpointRegionAndAddressingStyleResolveInOrder() throws {
        // Defaults: AWS, us-east-1, virtual-hosted.
        let empty = TemporaryDirectory("mlx-home")
        let plain = try S3RemoteConfiguration.resolve(name: "s", url: "s3://bucket", options: [:], environment: [:], home: empty.path)
        #expect(plain.endpoint == "https://s3.us-east-1.amazonaws.com")
        #expect(plain.region == "us-east-1")
        #expect(!plain.pathStyle)
        #expect(plain.prefix == "")

        // The default profile's region.
        #expect(try configuration().region == "eu-central-1")
        #expect(try configuration().endpoint == "https://s3.eu-central-1.amazonaws.com")
        #expect(try configuration([:], ["AWS_DEFAULT_REGION": "us-west-1"]).region == "us-west-1")
        #expect(try configuration([:], ["AWS_DEFAULT_REGION": "us-west-1", "AWS_REGION": "us-west-2"]).region == "us-west-2")
        #expect(try configuration([.region: "sa-east-1"], ["AWS_REGION": "us-west-2"]).region == "sa-east-1")

        // A profile's nested s3 settings.
        let work = try configuration([.profile: "work"])
        #expect(work.region == "ap-south-1")
        #expect(work.endpoint == "https://minio.work.example:9000")
        #expect(work.pathStyle)

        #expect(try configuration([.profile: "config-only"]).endpoint == "http://config-only.example")
        #expect(try configuration([:], ["AWS_ENDPOINT_URL": "http://generic:1"]).endpoint == "http://generic:1")
        let specific = try configuration([:], ["AWS_ENDPOINT_URL": "http://generic:1", "AWS_ENDPOINT_URL_S3": "http://s3-only:2/"])
        #expect(specific.endpoint == "http://s3-only:2")
        #expect(specific.pathStyle, "a custom endpoint means path-style by default")
        let option = try configuration([.endpoint: "http://127.0.0.1:9000", .pathStyle: "false"], ["AWS_ENDPOINT_URL_S3": "http://x:2"])
        #expect(option.endpoint == "http://127.0.0.1:9000")
        #expect(!option.pathStyle)
    }

    @Test func urlPartSizeAndTLSOptions() throws {
        let configuration = try configuration([.partSize: "16MiB", .sslVerify: "false"], url: "s3://data/team/project/")
        #expect(configuration.bucket == "data")
        #expect(configuration.prefix == "team/project")
        #expect(configuration.url == "s3://data/team/project")
        #expect(configuration.partSize == 16 << 20)
        #expect(!configuration.verifiesTLS)
        #expect(ConfigValueParsing.size("8388608") == 8 << 20)
        #expect(ConfigValueParsing.size("1g") == 1 << 30)
        #expect(throws: AWSConfigurationError.self) { try self.configuration([.partSize: "1MiB"]) }
        #expect(throws: AWSConfigurationError.self) { try self.configuration([.partSize: "lots"]) }
        #expect(throws: AWSConfigurationError.self) { try self.configuration([.sslVerify: "maybe"]) }
        #expect(throws: AWSConfigurationError.self) { try self.configuration(url: "s3://") }
        #expect(throws: AWSConfigurationError.self) { try self.configuration(url: "/mnt/store") }
    }

    @Test func noSecretInAnyRendering() throws {
        let resolved = try configuration([.profile: "work"])
        let remote = S3Remote(configuration: resolved)
        var dumps = ""
        dump(resolved, to: &dumps)
        dump(remote, to: &dumps)
        let texts = [
            "\(resolved)", String(reflecting: resolved), "\(remote)", String(reflecting: remote), remote.displayName, dumps,
            "\(resolved.credentials!)", remote.error(for: HTTPResponse(status: 403, headers: [], body: []), key: "k").hint ?? "",
        ]
        for text in texts {
            #expect(!text.contains("work-SECRET"), "\(text)")
            #expect(!text.contains("work-TOKEN"), "\(text)")
        }
        #expect(remote.error(for: HTTPResponse(status: 403, headers: [], body: []), key: "k").hint?
            .contains("access key AKIAWORK from profile 'work' in ~/.aws/credentials") == true)
    }
}

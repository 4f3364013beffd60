extension MLXConfig {
    /// The string value of `setting`, or `nil` when no file sets it.
    public func string(_ setting: ConfigSetting) throws -> String? {
        try string(setting.rawValue)
    }
}

public enum MLXCoreVersion { public static let string = "0.1.0" }

import ArgumentParser
import MLXCore

/// `--precision N` of `metrics show` and `metrics diff`: digits after the decimal point, as DVC
/// rounds them (default 5), so float noise such as 0.04999999999999993 reads 0.05.
struct PrecisionOption: ParsableArguments {
    @Option(help: ArgumentHelp("Round numbers to this many digits after the decimal point.", valueName: "n"))
    var precision = 5

    func validate() throws {
        if !(0...17).contains(precision) { throw ValidationError("--precision must be between 0 and 17") }
    }

    /// A difference as printed: whole numbers as integers, others rounded, then in their
    /// shortest spelling.
    func format(_ number: Double) -> String {
        guard number.isFinite else { return ParamValue.format(number) }
        let rounded = round(number)
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return rounded.description
    }

    /// A value as printed: floats rounded (`3.0` stays a float), everything else as
    /// `displayText` spells it.
    func format(_ value: ParamValue) -> String {
        if case let .float(number) = value, number.isFinite { return ParamValue.format(round(number)) }
        return value.displayText
    }

    private func round(_ number: Double) -> Double {
        let scale = pow10(precision)
        let rounded = (number * scale).rounded() / scale
        return rounded.isFinite ? rounded : number
    }

    private func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { result, _ in result * 10 }
    }
}

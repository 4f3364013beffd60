/// The `-S` arguments of one `mlx exp run`, each with one value or several, expanded into the
/// experiments they ask for: one per combination (the cartesian product), as DVC's Hydra
/// syntax does.
///
/// A value is one of:
/// - a YAML flow value: `0.1`, `1e-3`, `adam`, `'0.1'` (a string), `[1, 2]`, `{a: 1}`, `null`;
/// - a list of values at the top level: `0.1,0.2,0.3` (commas inside quotes or brackets do not split);
/// - `choice(a, b, …)`: the same as `a,b,…`;
/// - `range(start, stop[, step])`: `start`, `start+step`, … below `stop` (above it for a
///   negative step), integers when all three are integers; `step` defaults to 1.
public struct ParamSweep: Sendable, Equatable {
    /// The most experiments one command may ask for, so a typo in a range cannot queue millions.
    public static let maximumCombinations = 10_000

    /// One `-S` argument: where it points and the values it takes, in order.
    public struct Axis: Sendable, Equatable {
        /// The params file named before `:`, or nil.
        public let file: String?
        /// The dotted key.
        public let key: String
        /// What is done to the key.
        public let action: ParamOverride.Action
        /// One value, or several for a sweep; none for `~KEY`.
        public let values: [ParamValue]
    }

    /// The arguments, in the order given.
    public let axes: [Axis]

    /// Parses `-S` arguments (without the `-S`).
    ///
    /// - Throws: ``ExperimentError`` naming the argument that is malformed, and when the
    ///   combinations would exceed ``maximumCombinations``.
    public init(arguments: [String]) throws(ExperimentError) {
        var axes: [Axis] = []
        var count = 1
        for argument in arguments {
            let (file, action, key, text) = try ParamOverride.split(argument)
            let values = try text.map { (text) throws(ExperimentError) in try Self.values(of: text, argument: argument) } ?? []
            if action == .remove && values.count > 1 {
                throw ExperimentError("malformed -S '\(argument)': ~KEY removes a key and cannot sweep values",
                                      hint: "give at most one value: -S '~KEY' or -S '~KEY=VALUE'")
            }
            count *= max(1, values.count)
            if count > Self.maximumCombinations {
                throw ExperimentError("-S '\(argument)' makes more than \(Self.maximumCombinations) combinations",
                                      hint: "sweep fewer values at once")
            }
            axes.append(Axis(file: file, key: key, action: action, values: values))
        }
        self.axes = axes
    }

    /// Whether the arguments ask for more than one experiment.
    public var isSweep: Bool { axes.contains { $0.values.count > 1 } }

    /// Every combination, the first argument's values varying slowest; one empty combination
    /// when there are no arguments.
    public var combinations: [[ParamOverride]] {
        axes.reduce([[]]) { partial, axis in
            partial.flatMap { prefix in
                let values: [ParamValue?] = axis.values.isEmpty ? [nil] : axis.values
                return values.map { prefix + [ParamOverride(file: axis.file, key: axis.key, value: $0, action: axis.action)] }
            }
        }
    }

    /// The values a value text stands for.
    static func values(of text: String, argument: String) throws(ExperimentError) -> [ParamValue] {
        let trimmed = text.trimming(anyOf: " \t")
        if let inner = call(named: "range", in: trimmed) {
            return try range(inner, argument: argument)
        }
        if let inner = call(named: "choice", in: trimmed) {
            let items = try topLevelItems(inner, argument: argument)
            guard !items.isEmpty, !items.contains(where: { $0.trimming(anyOf: " \t").isEmpty }) else {
                throw ExperimentError("malformed -S '\(argument)': choice() needs values separated by commas",
                                      hint: "e.g. -S 'optimizer=choice(adam,sgd)'")
            }
            return try items.map { (item) throws(ExperimentError) in try value(of: item, argument: argument) }
        }
        let items = try topLevelItems(trimmed, argument: argument)
        if items.count > 1 {
            guard !items.contains(where: { $0.trimming(anyOf: " \t").isEmpty }) else {
                throw ExperimentError("malformed -S '\(argument)': a value of the list is empty",
                                      hint: "quote a value that holds a comma: -S \"key='a,b'\"")
            }
            return try items.map { (item) throws(ExperimentError) in try value(of: item, argument: argument) }
        }
        return [try value(of: trimmed, argument: argument)]
    }

    /// The text between `name(` and the final `)`, or nil when `text` is no such call.
    private static func call(named name: String, in text: String) -> String? {
        guard text.hasPrefix(name + "("), text.hasSuffix(")") else { return nil }
        return String(text.dropFirst(name.count + 1).dropLast())
    }

    /// One value, read as a YAML flow value. A bare text that YAML would read as a mapping
    /// (`a: b`) stays a string: only `{…}` makes a mapping.
    static func value(of text: String, argument: String) throws(ExperimentError) -> ParamValue {
        let trimmed = text.trimming(anyOf: " \t")
        if trimmed.isEmpty { return .string("") }
        let parsed: ParamValue
        do throws(PipelineError) {
            parsed = try SourceNodeReader.parse(trimmed, file: "-S")?.paramValue() ?? .null
        } catch {
            throw ExperimentError("malformed -S '\(argument)': cannot read value `\(trimmed)`: \(error.message)",
                                  hint: "quote a string value: -S \"key='text'\"")
        }
        if case .dict = parsed, !trimmed.hasPrefix("{") { return .string(trimmed) }
        // YAML 1.1 reads `1e-3` as a string; on a command line it means the number, as in Hydra.
        if case let .string(text) = parsed, text == trimmed, text.contains(where: { $0 == "e" || $0 == "E" }),
           let number = Double(text), number.isFinite {
            return .float(number)
        }
        return parsed
    }

    /// `text` split at the commas outside quotes, brackets and parentheses.
    static func topLevelItems(_ text: String, argument: String) throws(ExperimentError) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if "[{(".contains(character) {
                depth += 1
            } else if "]})".contains(character) {
                depth -= 1
            } else if character == ",", depth == 0 {
                items.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        if quote != nil || depth != 0 {
            throw ExperimentError("malformed -S '\(argument)': unbalanced quotes or brackets",
                                  hint: "close every quote and bracket in the value")
        }
        items.append(current)
        return items
    }

    private static func range(_ inner: String, argument: String) throws(ExperimentError) -> [ParamValue] {
        let hint = "write range(START,STOP[,STEP]) with numbers, e.g. -S 'train.lr=range(0.1,0.5,0.1)'"
        let parts = try topLevelItems(inner, argument: argument).map { $0.trimming(anyOf: " \t") }
        guard (2...3).contains(parts.count) else {
            throw ExperimentError("malformed -S '\(argument)': range() takes 2 or 3 numbers", hint: hint)
        }
        let integers = parts.compactMap { Int64($0) }
        if integers.count == parts.count {
            let step = integers.count == 3 ? integers[2] : 1
            guard step != 0 else { throw ExperimentError("malformed -S '\(argument)': range() step cannot be 0", hint: hint) }
            let values = stride(from: integers[0], to: integers[1], by: Int(step)).prefix(maximumCombinations + 1).map { ParamValue.integer($0) }
            return try nonEmpty(values, argument: argument, hint: hint)
        }
        let numbers = parts.compactMap { Double($0) }
        guard numbers.count == parts.count, numbers.allSatisfy(\.isFinite) else {
            throw ExperimentError("malformed -S '\(argument)': range() takes numbers", hint: hint)
        }
        let step = numbers.count == 3 ? numbers[2] : 1
        guard step != 0 else { throw ExperimentError("malformed -S '\(argument)': range() step cannot be 0", hint: hint) }
        // Counting steps instead of adding them up keeps 0.1 + 0.1 + 0.1 from reaching 0.30000000000000004,
        // and the tolerance keeps a stop that is a whole number of steps away out of the range.
        let steps = ((numbers[1] - numbers[0]) / step - 1e-9).rounded(.up)
        let count = steps > 0 ? Int(min(steps, Double(maximumCombinations + 1))) : 0
        let values = (0..<count).map { index in
            ParamValue.float(((numbers[0] + Double(index) * step) * 1e12).rounded() / 1e12)
        }
        return try nonEmpty(values, argument: argument, hint: hint)
    }

    private static func nonEmpty(_ values: [ParamValue], argument: String, hint: String) throws(ExperimentError) -> [ParamValue] {
        guard !values.isEmpty else {
            throw ExperimentError("malformed -S '\(argument)': range() gives no values", hint: hint)
        }
        return values
    }
}

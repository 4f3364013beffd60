import ArgumentParser

/// `[A [B]] [--all] [--json]` of `params diff` and `metrics diff`.
struct RevisionPairOptions: ParsableArguments {
    @Flag(help: "Show unchanged values too.")
    var all = false

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Argument(help: "Old revision (default: HEAD).")
    var old: String?

    @Argument(help: "New revision (default: the workspace).")
    var new: String?
}

import Diagnostics
import LabLang

/// Every builtin by name, with its documentation. Built once, on first use
/// (`metalab eval '1'` never builds it). A family of builtins is one file
/// with one registration function, listed in `families`.
public struct Registry: Sendable {
    public private(set) var builtins: [String: Builtin] = [:]
    /// Names in registration order (families in order), for `apropos` and the doc test.
    public private(set) var names: [String] = []
    /// The family each builtin belongs to.
    public private(set) var family: [String: String] = [:]
    /// The one-argument elementwise builtins, for the dot call's whole-tensor path.
    private(set) var unaryElementwise: [String: UnaryElementwise] = [:]
    var currentFamily = ""

    /// The registry with every family.
    public static let shared: Registry = {
        var r = Registry()
        for (name, register) in families {
            r.currentFamily = name
            register(&r)
        }
        return r
    }()

    /// The families, in the order of LANGUAGE.md.
    static let families: [(String, @Sendable (inout Registry) -> Void)] = [
        ("Construction", registerConstruction),
        ("Shape", registerShape),
        ("Elementwise", registerElementwise),
        ("Reductions", registerReductions),
        ("Linear algebra", registerLinearAlgebra),
        ("Differentiation", registerDifferentiation),
        ("Learning", registerLearning),
        ("Tasks and data", registerTaskData),
        ("Multi-task learning", registerMultiTask),
        ("Meta-learning", registerMetaLearning),
        ("Collections and files", registerCollections),
        ("Plots", registerPlots),
        ("Output and help", registerOutput),
    ]

    /// Adds a builtin. `keywords` lists the keyword names it accepts (Greek
    /// spellings also accept their ASCII names and the reverse).
    ///
    /// Entries look alike on purpose (documentation, `expect`, decode, call), and the
    /// duplicate scan pairs them by shape: each names itself in its errors and reads its
    /// own keywords; what they really share is a helper (`Arguments.keyword(_:_:)`,
    /// `variable`, `tensorOp`, …). See docs/DESIGN.md, "Kept on purpose".
    mutating func define(
        _ name: String, keywords: [String] = [], signature: String, summary: String, formula: String = "",
        example: String, _ body: @escaping Builtin.Body
    ) {
        precondition(builtins[name] == nil, "builtin \(name) defined twice")
        let doc = BuiltinDoc(signature: signature, summary: summary, formula: formula, example: example)
        builtins[name] = Builtin(name: name, keywords: keywords, doc: doc) { a, interp in
            try checkGraphLimit()
            return try body(a, interp)
        }
        names.append(name)
        family[name] = currentFamily
    }
}

extension Registry {
    /// Records that the builtin `name` (defined next) is elementwise as `rule` says.
    mutating func defineUnaryElementwise(_ name: String, _ rule: UnaryElementwise) {
        unaryElementwise[name] = rule
    }

    /// The elementwise rule of `function` when it is one of the one-argument elementwise builtins.
    func unaryElementwise(of function: Value) -> UnaryElementwise? {
        guard case let .function(.builtin(b)) = function, builtins[b.name] === b else { return nil }
        return unaryElementwise[b.name]
    }
}

extension Interpreter {
    /// The LabLibrary host of this interpreter.
    var lab: LabHost { host as! LabHost }
}

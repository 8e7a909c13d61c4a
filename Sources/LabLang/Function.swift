import Diagnostics
import Terminal

/// The documentation of a builtin, as data: `help` prints it, `apropos`
/// searches it, and a test runs every example.
public struct BuiltinDoc: Sendable {
    public var signature: String
    public var summary: String
    /// The formula the builtin computes, in LaTeX ("" when none applies).
    public var formula: String
    /// Lab source that runs without error.
    public var example: String

    public init(signature: String, summary: String, formula: String = "", example: String) {
        self.signature = signature
        self.summary = summary
        self.formula = formula
        self.example = example
    }
}

/// The arguments of a call: positional values and keyword values (keyword
/// names already mapped to the spelling the callee declares).
public struct Arguments: Sendable {
    public var positional: [Value]
    public var keywords: [(name: String, value: Value)]
    /// The callee's name, for messages.
    public var callee: String

    public init(_ positional: [Value], keywords: [(name: String, value: Value)] = [], callee: String = "") {
        self.positional = positional
        self.keywords = keywords
        self.callee = callee
    }

    public var count: Int { positional.count }

    public subscript(_ i: Int) -> Value { positional[i] }

    /// The keyword value named `name`, if given.
    public func keyword(_ name: String) -> Value? {
        keywords.last(where: { $0.name == name })?.value
    }

    /// Checks the number of positional arguments.
    public func expect(_ counts: ClosedRange<Int>) throws(Diagnostic) {
        guard counts.contains(positional.count) else {
            let low = "\(counts.lowerBound)"
            let want: LocalizedText.Argument =
                counts.lowerBound == counts.upperBound
                ? .verbatim(low)
                : counts.upperBound == Int.max
                    ? .localized(Message.atLeast.localized(low))
                    : .localized(Message.fromTo.localized(low, "\(counts.upperBound)"))
            let key: Message = want == .verbatim("1") ? .expectsArgument : .expectsArguments
            throw .lab(
                .type, LocalizedText(key, [.verbatim(callee), want, .verbatim("\(positional.count)")]))
        }
    }

    public func expect(_ count: Int) throws(Diagnostic) { try expect(count...count) }
}

/// "unknown keyword k for f; valid keywords: a, b" (or "it takes no keywords").
func unknownKeyword(_ keyword: String, for function: String, valid: [String]) -> LocalizedText {
    let list =
        valid.isEmpty
        ? Message.takesNoKeywords.localized() : Message.validKeywords.localized(valid.joined(separator: ", "))
    return LocalizedText(.unknownKeyword, [.verbatim(keyword), .verbatim(function), .localized(list)])
}

/// Greek keyword spellings and their ASCII names, both directions.
public let keywordAliases: [String: String] = {
    let pairs = [
        ("α", "alpha"), ("β", "beta"), ("γ", "gamma"), ("δ", "delta"), ("ε", "epsilon"),
        ("λ", "lambda"), ("σ", "sigma"), ("η", "eta"), ("θ", "theta"), ("μ", "mu"),
        ("β1", "beta1"), ("β2", "beta2"), ("β₁", "beta1"), ("β₂", "beta2"), ("τ", "tau"),
    ]
    var map: [String: String] = [:]
    for (g, a) in pairs {
        map[g] = a
        if map[a] == nil { map[a] = g }
    }
    map["beta1"] = "β1"
    map["beta2"] = "β2"
    return map
}()

/// A function implemented in Swift: a builtin or a function made by one
/// (the result of `grad(f)`).
public final class Builtin: @unchecked Sendable {
    public typealias Body = (Arguments, Interpreter) throws -> Value
    public let name: String
    /// Accepted keyword names (canonical spelling; aliases map onto them).
    /// `nil` accepts any keyword (the body checks).
    public let keywords: [String]?
    public let doc: BuiltinDoc?
    public let body: Body
    /// Changes the first argument in place, given the others, when the call rebinds a name
    /// (`push!(xs, x)`) and the builtin can: true when done, false to run `body` instead.
    /// The value is in place only when nothing else holds it (InPlaceCalls.swift).
    public typealias InPlace = (inout Value, [Value], Interpreter) throws -> Bool
    /// Set once, when the builtin is registered.
    public var inPlace: InPlace?

    public init(name: String, keywords: [String]? = [], doc: BuiltinDoc? = nil, body: @escaping Body) {
        self.name = name
        self.keywords = keywords
        self.doc = doc
        self.body = body
    }

    /// Maps given keyword names onto declared ones and rejects unknown keywords.
    func normalize(_ given: [(name: String, value: Value)]) throws(Diagnostic) -> [(
        name: String, value: Value
    )] {
        guard let declared = keywords else { return given }
        var out: [(name: String, value: Value)] = []
        for (k, v) in given {
            if declared.contains(k) {
                out.append((k, v))
            } else if let alias = keywordAliases[k], declared.contains(alias) {
                out.append((alias, v))
            } else {
                throw .lab(.name, unknownKeyword(k, for: name, valid: declared))
            }
        }
        return out
    }
}

/// A function written in Lab: its compiled body and the frame it closes over.
public final class UserFunction: @unchecked Sendable {
    public let name: String
    let parameters: [String]
    let keywordNames: [String]
    let keywordDefaults: [Code]
    let keywordSlots: [Int]
    let slotCount: Int
    let body: StmtCode
    let captured: Frame?
    let range: SourceRange

    init(
        name: String, parameters: [String], keywordNames: [String], keywordDefaults: [Code],
        keywordSlots: [Int],
        slotCount: Int, body: @escaping StmtCode, captured: Frame?, range: SourceRange
    ) {
        self.name = name
        self.parameters = parameters
        self.keywordNames = keywordNames
        self.keywordDefaults = keywordDefaults
        self.keywordSlots = keywordSlots
        self.slotCount = slotCount
        self.body = body
        self.captured = captured
        self.range = range
    }
}

/// A callable value.
public enum Function: @unchecked Sendable {
    case builtin(Builtin)
    case user(UserFunction)

    public var name: String {
        switch self {
        case let .builtin(b): return b.name
        case let .user(u): return u.name
        }
    }
}

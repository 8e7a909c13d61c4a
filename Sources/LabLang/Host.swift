import Diagnostics

/// One subscript after evaluation: a whole dimension (`:`) or a value.
public enum IndexValue: Sendable {
    case all
    case value(Value)
}

/// Everything numeric the language delegates to the math library
/// (LabLibrary implements it). The interpreter handles plain Double
/// arithmetic, Bools, Strings, Lists and Records itself; every operation
/// that meets another value (a tensor, a range used as a vector, a traced
/// variable, a model…) comes here. Errors are thrown without a range; the
/// interpreter locates them at the expression.
public protocol Host: AnyObject {
    /// `a op b` where at least one side is not a plain number.
    func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value
    /// `-a`, `!a`, `√a` on a non-number.
    func unary(_ op: UnaryOperator, _ a: Value) throws -> Value
    /// `a'`.
    func transpose(_ a: Value) throws -> Value
    /// `[a, b, c]`.
    func vector(_ items: [Value]) throws -> Value
    /// `[a b; c d]` (rows of space-separated items; `[A B]`, `[A; B]` concatenate).
    func matrix(_ rows: [[Value]]) throws -> Value
    /// The value of `end` in subscript `dimension` (0-based) of `count` subscripts.
    func lastIndex(_ base: Value, dimension: Int, count: Int) throws -> Int
    /// `base[indices]` for ranges and objects.
    func index(_ base: Value, _ indices: [IndexValue]) throws -> Value
    /// `base[indices] = newValue`, returning the new whole value.
    func assignIndex(_ base: Value, _ indices: [IndexValue], _ newValue: Value) throws -> Value
    /// The value of a comprehension whose results (row-major) fill `shape`: a tensor when
    /// every result is a number, else a List (a List of row Lists for two dimensions).
    func comprehension(_ results: [Value], shape: [Int]) throws -> Value
    /// The elements a `for` loop visits in an object (rows of a matrix…).
    func elements(_ value: Value) throws -> [Value]
    /// `object.name`.
    func member(_ base: Value, _ name: String) throws -> Value
    /// `object(args…)` (a model, a task).
    func call(_ object: any LabObject, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value
    /// `f.(args…)`, where some argument is not a number.
    func elementwise(_ function: Value, _ arguments: [Value], _ interpreter: Interpreter) throws -> Value
    /// The single number in a one-element object (for ranges, conditions, indices), else nil.
    func scalar(_ value: Value) -> Double?
    /// `a == b` for objects.
    func equal(_ a: Value, _ b: Value) -> Bool
    /// The full display of an object.
    func display(_ object: any LabObject, options: DisplayOptions) -> String
    /// A one-line form of an object (inside a record or list).
    func inline(_ object: any LabObject) -> String
    /// The builtin named `name`, if any (the registry; built lazily).
    func builtin(named name: String) -> Value?
    /// Every builtin's name (for "did you mean" after an undefined name).
    var builtinNames: [String] { get }
    /// State the host keeps outside the bindings (the random generator), saved
    /// with every `Interpreter.snapshot()` so a rolled-back cell leaves no trace.
    var savedState: (any Sendable)? { get }
    /// Puts back what `savedState` returned.
    func restoreState(_ state: (any Sendable)?)
    /// Runs one evaluation (`body`) on the thread that evaluates it, with what
    /// the host needs around it: LabLibrary installs the numeric kernels' stop
    /// poll (`StopCheck`) reading `interpreter`'s own stop flags.
    func evaluating(_ interpreter: Interpreter, _ body: () -> Void)
}

extension Host {
    public var builtinNames: [String] { [] }
    public func evaluating(_ interpreter: Interpreter, _ body: () -> Void) { body() }
    public var savedState: (any Sendable)? { nil }
    public func restoreState(_ state: (any Sendable)?) {}
}

import Diagnostics
import Synchronization
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

typealias Code = (Frame) throws -> Value
typealias StmtCode = (Frame) throws -> Flow

enum Flow {
    case normal, breakLoop, continueLoop, returned
}

/// The locals of one call of a user function (or of the top level, which
/// has none: globals live in the interpreter). `parent` is the frame the
/// function closed over.
final class Frame {
    /// Not checked for overlapping access (see `Interpreter.globalValues`): every access
    /// is one read or one whole-element write, complete before any other code runs.
    @exclusivity(unchecked) var slots: [Value?]
    let parent: Frame?
    var returnValue: Value = .nothing

    init(count: Int, parent: Frame?) {
        slots = [Value?](repeating: nil, count: count)
        self.parent = parent
    }

    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var f = self
        for _ in 0..<depth { f = f.parent! }
        return f
    }
}

/// A copy of the global bindings (values are immutable, so this is cheap).
public struct Snapshot: @unchecked Sendable {
    let values: [Value?]
    /// The host's own state (the random generator), so a rollback also rewinds it.
    let hostState: (any Sendable)?
}

/// What evaluating a piece of source produced.
public struct Evaluation: Sendable {
    /// Everything printed and displayed, in order (each display ends in a newline).
    public var output: String
    /// Syntax errors (all of them) or the one runtime error; empty on success.
    public var diagnostics: [Diagnostic]
    /// The source, for rendering the diagnostics with their caret lines.
    public var source: SourceText
    public var succeeded: Bool { diagnostics.isEmpty }
}

/// Runs Lab programs against persistent global bindings.
///
/// Source is lexed, parsed, resolved (each name to a local slot, a
/// closed-over slot or a global slot) and compiled to Swift closures, then
/// run. Plain Double arithmetic never leaves the closures; everything else
/// goes to the `Host`.
/// Use from one thread at a time; only `requestInterrupt()` may be called from another.
public final class Interpreter: @unchecked Sendable {
    public let host: Host
    public var options: DisplayOptions
    /// Receives output as it is produced (besides `Evaluation.output`).
    public var echo: ((String) -> Void)?
    /// Deepest nesting of user-function calls before `stack overflow`.
    public var maximumDepth = 10_000

    var globalSlots: [String: Int] = [:]
    var globalNames: [String] = []
    /// With `slots` of `Frame`, the one place where Swift's run-time exclusivity check is
    /// off: every read and store of a variable goes through one of them. With the check,
    /// W5 took 0.62 s of CPU instead of 0.37 s (+66 %; `metalab-bench interpreter --iters 5`,
    /// 8 interleaved runs, AMD EPYC Zen 4, 2026-12-07; DESIGN.md, "Safety and speed").
    /// Every access is one read or one whole-element write of an evaluated value (`x[i] = v`
    /// builds the new value first), so none overlaps another; the LabLang and LabLibrary
    /// suites passed in debug with the check on for these too.
    @exclusivity(unchecked) var globalValues: [Value?] = []
    var builtinCache: [Value?] = []
    var callDepth = 0
    var endStack: [Int] = []
    var buffer = ""
    let topFrame = Frame(count: 0, parent: nil)
    /// This interpreter's own stop request (`requestInterrupt`); nothing else reads or clears it.
    let stopRequest = Atomic<Bool>(false)

    public init(host: Host, options: DisplayOptions = DisplayOptions()) {
        self.host = host
        self.options = options
    }

    // MARK: the API the shell uses

    /// Evaluates `source` (several statements allowed), displaying the value
    /// of every top-level expression statement not ending in `;`. Stops at
    /// the first runtime error. Runs on a thread with a large stack so deep
    /// recursion ends in `stack overflow`, never a crash.
    public func evaluate(_ source: String, name: String = "<eval>", firstLine: Int = 1) -> Evaluation {
        let text = SourceText(name: name, text: source, firstLine: firstLine)
        buffer = ""
        var diagnostics: [Diagnostic] = []
        runOnLargeStack {
            host.evaluating(self) {
                let (statements, errors) = Parser.parse(source, firstLine: firstLine)
                if !errors.isEmpty {
                    diagnostics = errors
                    return
                }
                do {
                    var compiler = Compiler(interpreter: self)
                    let program = try compiler.compileProgram(statements)
                    callDepth = 0
                    endStack = []
                    for (k, statement) in program.enumerated() {
                        // A stop a trainer honoured (it returned what it learned) still ends the command here.
                        // Located at the statement it stopped, as a stop inside a loop is.
                        if k > 0 {
                            do throws(Diagnostic) {
                                try checkInterrupt()
                            } catch {
                                throw error.located(statements[k - 1].range)
                            }
                        }
                        _ = try statement(topFrame)
                    }
                } catch let d as Diagnostic {
                    diagnostics = [d]
                } catch {
                    diagnostics = [.lab(.type, "\(error)")]
                }
            }
        }
        // The command is over: a stop it honoured without an error (a trainer's) is spent.
        if interruptRequested { clearInterrupt() }
        for i in diagnostics.indices where diagnostics[i].sourceName == nil {
            diagnostics[i].sourceName = name
        }
        return Evaluation(output: buffer, diagnostics: diagnostics, source: text)
    }

    /// The outcome of one top-level statement in `evaluateEach`.
    public struct StatementResult: Sendable {
        public var range: SourceRange
        public var output: String
        public var diagnostic: Diagnostic?
    }

    /// Evaluates the top-level statements one at a time, as a REPL would,
    /// going on after a runtime error. With a syntax error nothing runs and
    /// every syntax error is returned. (Script tests use this.)
    public func evaluateEach(_ source: String, name: String = "<script>") -> (
        syntaxErrors: [Diagnostic], results: [StatementResult]
    ) {
        var syntaxErrors: [Diagnostic] = []
        var results: [StatementResult] = []
        runOnLargeStack {
            host.evaluating(self) {
                let (statements, errors) = Parser.parse(source)
                if !errors.isEmpty {
                    syntaxErrors = errors
                    return
                }
                for statement in statements {
                    buffer = ""
                    var diagnostic: Diagnostic?
                    do {
                        var compiler = Compiler(interpreter: self)
                        let code = try compiler.compileProgram([statement])
                        callDepth = 0
                        endStack = []
                        _ = try code[0](topFrame)
                    } catch let d as Diagnostic {
                        diagnostic = d
                    } catch {
                        diagnostic = .lab(.type, "\(error)")
                    }
                    results.append(
                        StatementResult(range: statement.range, output: buffer, diagnostic: diagnostic))
                    if interruptRequested { clearInterrupt() }
                }
            }
        }
        return (syntaxErrors, results)
    }

    /// A copy of every global binding.
    public func snapshot() -> Snapshot { Snapshot(values: globalValues, hostState: host.savedState) }

    /// Puts the global bindings back as they were at `snapshot` (names
    /// defined since are forgotten).
    public func restore(_ snapshot: Snapshot) {
        var values = snapshot.values
        if values.count < globalValues.count {
            values += [Value?](repeating: nil, count: globalValues.count - values.count)
        }
        globalValues = values
        host.restoreState(snapshot.hostState)
    }

    /// The global bound to `name`, if any.
    public func global(_ name: String) -> Value? {
        globalSlots[name].flatMap { globalValues[$0] }
    }

    /// Binds a global (the shell and lessons may pre-set values).
    public func setGlobal(_ name: String, _ value: Value) {
        globalValues[globalSlot(name)] = value
    }

    /// Names of every global that has a value.
    public var globalBindings: [String] {
        globalNames.enumerated().filter { globalValues[$0.offset] != nil }.map(\.element)
    }

    /// Writes text to the output (what `print` uses).
    public func write(_ text: String) {
        buffer += text
        echo?(text)
    }

    // MARK: globals

    func globalSlot(_ name: String) -> Int {
        if let s = globalSlots[name] { return s }
        let s = globalValues.count
        globalSlots[name] = s
        globalNames.append(name)
        globalValues.append(nil)
        builtinCache.append(nil)
        return s
    }

    static let constants: [String: Double] = ["pi": Double.pi, "π": Double.pi, "Inf": .infinity, "NaN": .nan]

    /// The value of a global that has no binding of its own: a constant or a builtin, else
    /// a `name` error suggesting the nearest defined names (and `locals`, the names in scope).
    func readGlobal(_ slot: Int, locals: () -> [String] = { [] }) throws -> Value {
        if let v = globalValues[slot] { return v }
        if let b = builtinCache[slot] { return b }
        let name = globalNames[slot]
        if let c = Interpreter.constants[name] { return .number(c) }
        if let b = host.builtin(named: name) {
            builtinCache[slot] = b
            return b
        }
        throw Diagnostic.lab(.name, Suggestions.undefinedName(name, candidates: definedNames + locals()))
    }

    /// Every name that has a value: globals, builtins and constants (for "did you mean").
    public var definedNames: [String] {
        globalBindings + host.builtinNames + Array(Interpreter.constants.keys)
    }

    // MARK: calls

    /// Calls any callable value. Builtins (like `grad` or `map`) use this to call user functions.
    public func call(_ callee: Value, _ arguments: Arguments) throws -> Value {
        switch callee {
        case let .function(.builtin(b)):
            var args = arguments
            args.callee = b.name
            args.keywords = try b.normalize(arguments.keywords)
            try checkInterrupt()
            return try b.body(args, self).checkedNesting()
        case let .function(.user(u)):
            return try callUser(u, arguments)
        case let .object(o):
            return try host.call(o, arguments, self)
        default:
            throw Diagnostic.lab(.type, Message.cannotCall.localized(callee.typeName))
        }
    }

    /// Calls `callee` with positional arguments.
    public func call(_ callee: Value, _ positional: Value...) throws -> Value {
        try call(callee, Arguments(positional))
    }

    func callUser(_ u: UserFunction, _ arguments: Arguments) throws -> Value {
        guard arguments.positional.count == u.parameters.count else {
            let n = u.parameters.count
            let key: Message = n == 1 ? .expectsArgumentNamed : .expectsArgumentsNamed
            throw Diagnostic.lab(
                .type,
                key.localized(
                    u.name, "\(n)", u.parameters.joined(separator: ", "), "\(arguments.positional.count)"))
        }
        callDepth += 1
        defer {
            callDepth -= 1
            assert(callDepth >= 0, "calls and returns pair up")
        }
        if callDepth > maximumDepth {
            throw Diagnostic.lab(
                .limit, "stack overflow: more than \(maximumDepth) nested calls (unbounded recursion?)")
        }
        try checkInterrupt()
        assert(
            u.parameters.count <= u.slotCount && u.keywordSlots.allSatisfy { $0 < u.slotCount },
            "every parameter of \(u.name) has a slot in its frame")
        let frame = Frame(count: u.slotCount, parent: u.captured)
        for (i, v) in arguments.positional.enumerated() { frame.slots[i] = v }
        var given = [Bool](repeating: false, count: u.keywordNames.count)
        for (k, v) in arguments.keywords {
            var index = u.keywordNames.firstIndex(of: k)
            if index == nil, let alias = keywordAliases[k] { index = u.keywordNames.firstIndex(of: alias) }
            guard let i = index else {
                throw Diagnostic.lab(.name, unknownKeyword(k, for: u.name, valid: u.keywordNames))
            }
            frame.slots[u.keywordSlots[i]] = v
            given[i] = true
        }
        for i in u.keywordNames.indices where !given[i] {
            frame.slots[u.keywordSlots[i]] = try u.keywordDefaults[i](frame)
        }
        _ = try u.body(frame)
        return frame.returnValue
    }

    // MARK: operators

    @inline(__always)
    static func numberOp(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Value {
        numberOperation(op)(a, b)
    }

    /// What `op` does to two numbers: the one table of the operators' arithmetic.
    /// The compiler picks the closure once per operator site and calls it per evaluation.
    static func numberOperation(_ op: BinaryOperator) -> @Sendable (Double, Double) -> Value {
        switch op {
        case .add, .dotAdd: return { .number($0 + $1) }
        case .subtract, .dotSubtract: return { .number($0 - $1) }
        case .multiply, .dotMultiply: return { .number($0 * $1) }
        case .divide, .dotDivide: return { .number($0 / $1) }
        case .leftDivide, .dotLeftDivide: return { .number($1 / $0) }
        case .power, .dotPower: return { .number(pow($0, $1)) }
        case .equal, .dotEqual: return { .bool($0 == $1) }
        case .notEqual, .dotNotEqual: return { .bool($0 != $1) }
        case .less, .dotLess: return { .bool($0 < $1) }
        case .lessEqual, .dotLessEqual: return { .bool($0 <= $1) }
        case .greater, .dotGreater: return { .bool($0 > $1) }
        case .greaterEqual, .dotGreaterEqual: return { .bool($0 >= $1) }
        case .approx: return { .bool(approximatelyEqual($0, $1)) }
        case .remainder: return { .number($0.truncatingRemainder(dividingBy: $1)) }
        }
    }

    /// `a op b` for any values (the slow path: the closures handle two numbers inline).
    public func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case let (.number(x), .number(y)):
            return Interpreter.numberOp(op, x, y)
        case let (.string(x), .string(y)) where op == .multiply:
            guard x.utf8.count + y.utf8.count <= Value.maximumStringBytes else {
                throw Diagnostic.lab(
                    .limit,
                    "a String would have \(x.utf8.count + y.utf8.count) bytes; "
                        + "the limit is \(Value.maximumStringBytes)")
            }
            return .string(x + y)
        case (.list, _), (_, .list), (.record, _), (_, .record):
            if op == .approx { return .bool(try structuresApproximatelyEqual(a, b)) }
            if op == .equal { return .bool(valuesEqual(a, b)) }
            if op == .notEqual { return .bool(!valuesEqual(a, b)) }
            return try leafwise(op, a, b, path: "")
        case (.object, _), (_, .object), (.range, _), (_, .range):
            if op == .equal || op == .notEqual, case .object = a, case .object = b {
            } else if op == .equal || op == .notEqual, !isNumeric(a) || !isNumeric(b) {
                let eq = valuesEqual(a, b)
                return .bool(op == .equal ? eq : !eq)
            }
            return try host.binary(op, a, b)
        default:
            if op == .equal { return .bool(valuesEqual(a, b)) }
            if op == .notEqual { return .bool(!valuesEqual(a, b)) }
            throw Diagnostic.lab(.type, Message.cannotApply.localized(op.rawValue, a.typeName, b.typeName))
        }
    }

    /// `≈` leaf by leaf: Lists and Records of the same structure whose leaves are all `≈`.
    private func structuresApproximatelyEqual(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case let (.list(x), .list(y)):
            guard x.count == y.count else { return false }
            for i in x.indices where !(try structuresApproximatelyEqual(x[i], y[i])) { return false }
            return true
        case let (.record(x), .record(y)):
            guard x.keys == y.keys else { return false }
            for i in x.values.indices where !(try structuresApproximatelyEqual(x.values[i], y.values[i])) {
                return false
            }
            return true
        case (.list, _), (_, .list), (.record, _), (_, .record):
            return false
        default:
            if case .bool(let r) = try binary(.approx, a, b) { return r }
            return false
        }
    }

    private func isNumeric(_ v: Value) -> Bool {
        switch v {
        case .number, .range, .object: return true
        default: return false
        }
    }

    /// Structural equality (objects compare through the host).
    public func valuesEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case (.nothing, .nothing): return true
        case let (.list(x), .list(y)):
            return x.count == y.count && zip(x, y).allSatisfy { valuesEqual($0, $1) }
        case let (.record(x), .record(y)):
            return x.keys == y.keys && zip(x.values, y.values).allSatisfy { valuesEqual($0, $1) }
        case let (.range(x), .range(y)) where x == y: return true
        case let (.function(.builtin(x)), .function(.builtin(y))): return x === y
        case let (.function(.user(x)), .function(.user(y))): return x === y
        case (.object, _), (_, .object), (.range, _), (_, .range): return host.equal(a, b)
        default: return false
        }
    }

    /// `+ -` on equal structures and `* /` by a number, leaf by leaf.
    func leafwise(_ op: BinaryOperator, _ a: Value, _ b: Value, path: String) throws -> Value {
        let structural: Set<BinaryOperator> = [
            .add, .subtract, .dotAdd, .dotSubtract, .dotMultiply, .dotDivide,
        ]
        let scaling: Set<BinaryOperator> = [
            .multiply, .divide, .dotMultiply, .dotDivide, .add, .subtract, .dotAdd, .dotSubtract,
        ]
        func isStructure(_ v: Value) -> Bool {
            if case .list = v { return true }
            if case .record = v { return true }
            return false
        }
        let where_ = path.isEmpty ? "" : " at \(path)"
        switch (a, b) {
        case let (.list(x), .list(y)):
            guard structural.contains(op) else {
                throw Diagnostic.lab(
                    .type, "cannot apply \(op.rawValue) to two Lists\(where_): use + or - (or .* ./)")
            }
            guard x.count == y.count else {
                throw Diagnostic.lab(
                    .shape, "structures differ\(where_): a List of \(x.count) and a List of \(y.count)")
            }
            return .list(try x.indices.map { try leafwise(op, x[$0], y[$0], path: path + "[\($0 + 1)]") })
        case let (.record(x), .record(y)):
            guard structural.contains(op) else {
                throw Diagnostic.lab(
                    .type, "cannot apply \(op.rawValue) to two Records\(where_): use + or - (or .* ./)")
            }
            guard x.keys == y.keys else {
                let k =
                    zip(x.keys, y.keys).first(where: { $0 != $1 }).map { "fields \($0.0) and \($0.1)" }
                    ?? "\(x.keys.count) and \(y.keys.count) fields"
                throw Diagnostic.lab(.shape, "structures differ\(where_): \(k)")
            }
            var out = x
            for i in x.values.indices {
                out.values[i] = try leafwise(op, x.values[i], y.values[i], path: path + "." + x.keys[i])
            }
            return .record(out)
        case let (.list(x), _) where !isStructure(b) && scaling.contains(op):
            return .list(try x.indices.map { try leafwise(op, x[$0], b, path: path + "[\($0 + 1)]") })
        case let (_, .list(y))
        where !isStructure(a) && (op == .multiply || op == .dotMultiply || op == .add || op == .dotAdd):
            return .list(try y.indices.map { try leafwise(op, a, y[$0], path: path + "[\($0 + 1)]") })
        case let (.record(x), _) where !isStructure(b) && scaling.contains(op):
            var out = x
            for i in x.values.indices {
                out.values[i] = try leafwise(op, x.values[i], b, path: path + "." + x.keys[i])
            }
            return .record(out)
        case let (_, .record(y))
        where !isStructure(a) && (op == .multiply || op == .dotMultiply || op == .add || op == .dotAdd):
            var out = y
            for i in y.values.indices {
                out.values[i] = try leafwise(op, a, y.values[i], path: path + "." + y.keys[i])
            }
            return .record(out)
        case (.list, _), (.record, _), (_, .list), (_, .record):
            throw Diagnostic.lab(.shape, "structures differ\(where_): a \(a.typeName) and a \(b.typeName)")
        default:
            return try binary(op, a, b)
        }
    }

    public func unary(_ op: UnaryOperator, _ a: Value) throws -> Value {
        switch (op, a) {
        case let (.negate, .number(x)): return .number(-x)
        case let (.plus, .number(x)): return .number(x)
        case let (.not, .bool(b)): return .bool(!b)
        case let (.sqrt, .number(x)):
            if x < 0 {
                throw Diagnostic.lab(
                    .domain, "√ of a negative number (\(formatNumber(x))): the result is not real")
            }
            return .number(x.squareRoot())
        case (.negate, .list), (.negate, .record):
            return try leafwise(.multiply, a, .number(-1), path: "")
        case (_, .object), (_, .range):
            return try host.unary(op, a)
        default:
            throw Diagnostic.lab(.type, "cannot apply \(op.rawValue) to a \(a.typeName)")
        }
    }

    /// A Bool from a condition value.
    @inline(__always)
    func truth(_ v: Value, _ what: String) throws -> Bool {
        if case let .bool(b) = v { return b }
        throw Diagnostic.lab(.type, "expected a Bool \(what), found a \(v.typeName)")
    }

    /// A number from a number or a one-element object.
    public func number(_ v: Value) -> Double? {
        switch v {
        case let .number(x): return x
        case .object: return host.scalar(v)
        default: return nil
        }
    }

    // MARK: indexing

    func lastIndex(_ base: Value, _ dimension: Int, _ count: Int) throws -> Int {
        switch base {
        case let .list(items): return items.count
        case let .string(s): return s.count
        case .range, .object: return try host.lastIndex(base, dimension: dimension, count: count)
        default: throw Diagnostic.lab(.type, "cannot index a \(base.typeName)")
        }
    }

    func position(_ v: Value, size: Int) throws -> Int {
        guard let x = number(v), x == x.rounded(), Swift.abs(x) < 1e15 else {
            throw Diagnostic.lab(.type, Message.expectedIntegerIndex.localized(inline(v)))
        }
        let i = Int(x)
        guard i >= 1 && i <= size else {
            throw Diagnostic.lab(
                .index,
                (size == 1 ? Message.indexOutOfRangeListOne : .indexOutOfRangeList).localized(
                    "\(i)", "\(size)"))
        }
        return i - 1
    }

    public func index(_ base: Value, _ indices: [IndexValue]) throws -> Value {
        switch base {
        case let .list(items):
            guard indices.count == 1 else {
                throw Diagnostic.lab(.index, Message.listTakesOneIndex.localized("\(indices.count)"))
            }
            switch indices[0] {
            case .all: return base
            case let .value(.range(r)):
                return .list(try r.elements.map { items[try position(.number($0), size: items.count)] })
            case let .value(v):
                return items[try position(v, size: items.count)]
            }
        case .range, .object:
            return try host.index(base, indices)
        default:
            throw Diagnostic.lab(.type, Message.cannotIndexA.localized(base.typeName))
        }
    }

    func assignIndex(_ base: Value, _ indices: [IndexValue], _ newValue: Value) throws -> Value {
        switch base {
        case var .list(items):
            guard indices.count == 1, case let .value(v) = indices[0] else {
                throw Diagnostic.lab(.index, "a List takes one integer index")
            }
            if case let .range(r) = v {
                // `xs[2:3] = list(a, b)`: one new value per position.
                let positions = try r.elements.map { try position(.number($0), size: items.count) }
                let values = try elements(newValue)
                guard values.count == positions.count else {
                    let plural = values.count == 1 ? "" : "s"
                    throw Diagnostic.lab(
                        .shape,
                        "cannot assign \(values.count) value\(plural) to \(positions.count) positions "
                            + "of a List")
                }
                for (p, value) in zip(positions, values) { items[p] = value }
                return .list(items)
            }
            items[try position(v, size: items.count)] = newValue
            return try Value.list(items).checkedNesting()
        case .range, .object:
            return try host.assignIndex(base, indices, newValue)
        default:
            // `x .= v` and `x .+= v` are `x[:] = …`: say what they are for, since no index was typed.
            if indices.count == 1, case .all = indices[0] {
                throw Diagnostic.lab(
                    .type, LocalizedText(.broadcastIntoNonArray, [.verbatim(base.typeName)]))
            }
            throw Diagnostic.lab(.type, "cannot assign into a \(base.typeName) by index")
        }
    }

    func member(_ base: Value, _ name: String) throws -> Value {
        switch base {
        case let .record(r):
            if let v = r[name] { return v }
            throw Diagnostic.lab(
                .name, Message.recordHasNoField.localized(name, r.keys.joined(separator: ", ")))
        case .object:
            return try host.member(base, name)
        default:
            let text =
                Suggestions.member(name).map {
                    Message.cannotTakeFieldWrite.localized(name, base.typeName, $0)
                } ?? Message.cannotTakeField.localized(name, base.typeName)
            throw Diagnostic.lab(.type, text)
        }
    }

    func elements(_ v: Value) throws -> [Value] {
        switch v {
        case let .list(items): return items
        case let .range(r): return r.elements.map { .number($0) }
        case .number, .bool: return [v]
        case let .string(s): return s.map { .string(String($0)) }
        case let .record(r): return r.values
        case .object: return try host.elements(v)
        default: throw Diagnostic.lab(.type, "cannot iterate over a \(v.typeName)")
        }
    }

    /// The elements a comprehension's `for` visits: those of a `for` loop.
    func comprehensionItems(_ v: Value) throws -> [Value] {
        if case let .range(r) = v {
            if r.count > ComprehensionPlan.maximumCount {
                throw Diagnostic.lab(
                    .limit,
                    "a comprehension over \(r.count) elements; "
                        + "the limit is \(ComprehensionPlan.maximumCount)")
            }
            return r.elements.map { .number($0) }
        }
        return try elements(v)
    }

    // MARK: display

    /// The full display of a value (what the shell prints for an expression).
    public func display(_ v: Value) -> String {
        switch v {
        case .nothing: return ""
        case let .list(items):
            if let tuple = tupleForm(items) { return tuple }
            var lines = ["\(items.count)-element List" + (items.isEmpty ? "" : ":")]
            let shown = items.count > 10 ? Array(items.prefix(9)) : items
            lines += shown.flatMap { wrappedAtEntries(" " + inline($0), width: options.width, indent: 3) }
            if items.count > 10 { lines.append(" ⋮ (\(items.count - 9) more)") }
            return lines.joined(separator: "\n")
        case let .record(r):
            // Wider than the window: one field per line, each wrapped between entries.
            let one = inline(v)
            if one.count <= options.width || r.keys.isEmpty { return one }
            var lines: [String] = []
            for (i, (key, value)) in zip(r.keys, r.values).enumerated() {
                let open = i == 0 ? "(" : " ", close = i == r.keys.count - 1 ? ")" : ","
                let field = open + "\(key) = \(inline(value))" + close
                lines += wrappedAtEntries(field, width: options.width, indent: 3)
            }
            return lines.joined(separator: "\n")
        case let .object(o): return host.display(o, options: options)
        default: return inline(v)
        }
    }

    /// A short List of scalars reads best on one line, the way it is typed: `size(A)` shows
    /// `(10, 1)`, a 1-element List `(3,)`. Nil for anything longer, nested or wider than 72
    /// columns, which keeps the one-element-per-line form.
    func tupleForm(_ items: [Value]) -> String? {
        guard (1...10).contains(items.count) else { return nil }
        var parts: [String] = []
        for item in items {
            switch item {
            case .number, .bool, .string: parts.append(inline(item))
            default: return nil
            }
        }
        let text = "(" + parts.joined(separator: ", ") + (parts.count == 1 ? ",)" : ")")
        return text.count <= 72 ? text : nil
    }

    /// The one-line form of a value.
    public func inline(_ v: Value) -> String {
        switch v {
        case let .number(x): return formatNumber(x)
        case let .bool(b): return b ? "true" : "false"
        case let .string(s): return quoteString(s)
        case .nothing: return "nothing"
        case let .function(.builtin(b)): return "\(b.name) (builtin function)"
        case let .function(.user(u)):
            return u.name == "#λ"
                ? "(\(u.parameters.joined(separator: ", "))) -> … (anonymous function)"
                : "\(u.name) (generic function with 1 method)"
        case let .record(r):
            if r.keys.isEmpty { return "()" }
            return "(" + zip(r.keys, r.values).map { "\($0) = \(inline($1))" }.joined(separator: ", ") + ")"
        case let .list(items):
            if let tuple = tupleForm(items) { return tuple }
            let parts = items.prefix(10).map(inline)
            return "list(" + parts.joined(separator: ", ") + (items.count > 10 ? ", …" : "") + ")"
        case let .range(r):
            return r.step == 1
                ? "\(formatNumber(r.start)):\(formatNumber(r.stop))"
                : "\(formatNumber(r.start)):\(formatNumber(r.step)):\(formatNumber(r.stop))"
        case let .object(o): return host.inline(o)
        }
    }
}

/// Julia's `isapprox` for two numbers: |a − b| ≤ max(atol, rtol·max(|a|, |b|)) with
/// rtol = √ε and atol = 0, so `0.1 + 0.2 ≈ 0.3` but `1e-10 ≈ 0` is false.
@inline(__always)
public func approximatelyEqual(
    _ a: Double, _ b: Double, rtol: Double = Double.ulpOfOne.squareRoot(), atol: Double = 0
) -> Bool {
    if a == b { return true }
    if !a.isFinite || !b.isFinite { return false }
    return Swift.abs(a - b) <= Swift.max(atol, rtol * Swift.max(Swift.abs(a), Swift.abs(b)))
}

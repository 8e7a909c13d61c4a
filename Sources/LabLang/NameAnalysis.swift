import Diagnostics

/// The global names a piece of Lab source defines and the global names it reads,
/// as the resolver sees them: keyword-argument names, record fields, member names,
/// function and lambda parameters and a function's locals are neither. What a
/// notebook builds its cell graph from (a cell depends on the cells that define
/// what it reads).
///
/// A name counts as read when the source reads it before defining it (`x = x + 1`
/// reads `x`; `a = 1; b = a` does not read `a`). A function or lambda reads the free
/// names of its body (read when it is called, so a change to them changes what the
/// function returns: the cell that defines it is downstream of them).
public struct CellNames: Sendable, Equatable {
    /// Globals assigned (`x = …`, `x += …`, `x[i] = …`, `x.f = …`), functions defined, loop variables.
    public var defines: Set<String> = []
    /// Globals read before the source defines them.
    public var reads: Set<String> = []

    public init(defines: Set<String> = [], reads: Set<String> = []) {
        self.defines = defines
        self.reads = reads
    }

    /// The names of `source`; nil when it does not parse.
    public static func of(_ source: String) -> CellNames? {
        // On a large stack: the parse, the walk and freeing the tree recurse as deep as the text nests.
        onLargeStack(for: source) { () -> CellNames? in
            let (statements, errors) = Parser.parse(source)
            guard errors.isEmpty else { return nil }
            var analysis = NameAnalysis()
            analysis.statements(statements)
            return CellNames(defines: analysis.defined, reads: analysis.read)
        }
    }
}

extension CellNames {
    /// The name a `!` call rebinds: `plot!(p, …)` is `p = plot!(p, …)` (values are immutable;
    /// the builtin returns a new value and the name given first is updated). Nil for other calls.
    static func rebound(_ callee: Expr, _ arguments: [Argument]) -> String? {
        guard case let .name(function, _) = callee, function.hasSuffix("!"), let first = arguments.first,
            first.name == nil, case let .name(target, _) = first.value
        else { return nil }
        return target
    }
}

extension Compiler {
    /// `code`, then its value stored by `rebind` when there is one (a `!` call's first name).
    func rebinding(_ rebind: ((Frame, Value) -> Void)?, _ code: @escaping Code) -> Code {
        guard let rebind else { return code }
        return { f in
            let value = try code(f)
            rebind(f, value)
            return value
        }
    }
}

/// One walk over the syntax tree. `locals` is the stack of function scopes (empty at
/// the top level, where every name is a global).
struct NameAnalysis {
    var defined: Set<String> = []
    var read: Set<String> = []
    /// Per enclosing function: its parameters and locals, and the names it declares `global`.
    var locals: [(names: Set<String>, globals: Set<String>)] = []

    mutating func use(_ name: String) {
        for scope in locals.reversed() {
            if scope.globals.contains(name) { break }
            if scope.names.contains(name) { return }
        }
        if !defined.contains(name) { read.insert(name) }
    }

    mutating func define(_ name: String) {
        if let scope = locals.last, !scope.globals.contains(name) { return }
        defined.insert(name)
    }

    mutating func statements(_ body: [Stmt]) {
        for s in body { statement(s) }
    }

    mutating func statement(_ s: Stmt) {
        switch s {
        case let .expression(e, _): expression(e)
        case let .assign(target, op, value, _):
            expression(value)
            switch target {
            case let .name(n, _):
                if op != nil { use(n) }
                define(n)
            case let .index(n, _, indices, _):
                use(n)
                self.indices(indices)
                define(n)
            case let .member(n, _, _, _):
                use(n)
                define(n)
            }
        case let .function(name, parameters, body, _):
            define(name)
            function(parameters, body)
        case let .forLoop(variable, sequence, body, _):
            expression(sequence)
            define(variable)
            statements(body)
        case let .whileLoop(condition, body, _):
            expression(condition)
            statements(body)
        case let .ifStmt(branches, otherwise, _):
            for (condition, body) in branches {
                expression(condition)
                statements(body)
            }
            if let otherwise { statements(otherwise) }
        case let .returnStmt(e, _): if let e { expression(e) }
        case .breakStmt, .continueStmt: break
        case .global: break  // only meaningful inside a function, handled by `function`
        }
    }

    /// A function body or a lambda: its parameters and assigned names are locals.
    mutating func function(_ parameters: Parameters, _ body: [Stmt]) {
        var assigned: [String] = []
        var globals = Set<String>()
        Compiler.assignedNames(body, into: &assigned, globals: &globals)
        let names = Set(parameters.positional + parameters.keywords.map(\.name) + assigned).subtracting(
            globals)
        locals.append((names, globals))
        for keyword in parameters.keywords { expression(keyword.defaultValue) }
        statements(body)
        locals.removeLast()
    }

    mutating func indices(_ list: [IndexExpr]) {
        for index in list {
            switch index {
            case .all: break
            case let .expr(e): expression(e)
            }
        }
    }

    mutating func arguments(_ list: [Argument]) {
        for argument in list { expression(argument.value) }  // a keyword's name is not a read
    }

    mutating func expression(_ e: Expr) {
        switch e {
        case .number, .string, .latex, .bool, .nothing, .end: break
        case let .name(n, _): use(n)
        case let .unary(_, a, _), let .transpose(a, _): expression(a)
        case let .binary(_, a, b, _), let .and(a, b, _), let .or(a, b, _):
            expression(a)
            expression(b)
        case let .ternary(a, b, c, _):
            expression(a)
            expression(b)
            expression(c)
        case let .range(start, step, stop, _):
            expression(start)
            if let step { expression(step) }
            expression(stop)
        case let .call(callee, args, _):
            expression(callee)
            arguments(args)
            if let name = CellNames.rebound(callee, args) { define(name) }
        case let .dotCall(callee, args, _):
            expression(callee)
            arguments(args)
        case let .index(base, list, _):
            expression(base)
            indices(list)
        case let .member(base, _, _): expression(base)  // a field name is not a read
        case let .lambda(parameters, body, _): function(parameters, [.expression(body, display: false)])
        case let .record(fields, _): for (_, value) in fields { expression(value) }
        case let .tuple(items, _), let .vector(items, _): for item in items { expression(item) }
        case let .matrix(rows, _): for row in rows { for item in row { expression(item) } }
        case let .comprehension(c, _):
            // The loop variables are locals of the comprehension (a scope of its own, as
            // for a lambda's parameters); each clause's sequence may read the ones before it.
            locals.append((names: [], globals: []))
            for clause in c.clauses {
                expression(clause.sequence)
                locals[locals.count - 1].names.insert(clause.name)
            }
            if let condition = c.condition { expression(condition) }
            expression(c.body)
            locals.removeLast()
        case let .interpolation(parts, _):
            for case let .expr(e) in parts { expression(e) }
        }
    }
}

extension Interpreter {
    /// The value `name` had at `snapshot` (nil when it was unbound).
    public func global(_ name: String, at snapshot: Snapshot) -> Value? {
        guard let slot = globalSlots[name], slot < snapshot.values.count else { return nil }
        return snapshot.values[slot]
    }

    /// Binds `name` as it was at `snapshot`, or unbinds it when it was unbound there.
    public func copyGlobal(_ name: String, from snapshot: Snapshot) {
        let value = global(name, at: snapshot)
        if value == nil, globalSlots[name] == nil { return }
        globalValues[globalSlot(name)] = value
    }
}

import Diagnostics
import Terminal

/// A compile-time scope: the top level (names are globals) or one function
/// (names are slots of its frame). Scope is per function, as in Python:
/// loops and conditionals do not open scopes.
final class Scope {
    let parent: Scope?
    let isGlobal: Bool
    var slots: [String: Int] = [:]
    var declaredGlobal: Set<String> = []

    init(parent: Scope?, isGlobal: Bool) {
        self.parent = parent
        self.isGlobal = isGlobal
    }

    /// The locals of this scope and the enclosing functions' (for "did you mean").
    var visibleNames: [String] {
        var names: [String] = []
        var s: Scope? = self
        while let current = s, !current.isGlobal {
            names += current.slots.keys
            s = current.parent
        }
        return names
    }

    func add(_ name: String) -> Int {
        if let s = slots[name] { return s }
        let s = slots.count
        slots[name] = s
        return s
    }
}

enum Resolved {
    case local(depth: Int, slot: Int)
    case global(Int)
}

/// Resolves names and turns the syntax tree into Swift closures.
struct Compiler {
    /// Unowned everywhere a closure captures it: the interpreter owns the compiled code
    /// (a function value in its globals holds its body), so a strong capture would be a
    /// cycle. `unowned` (not `unowned(unsafe)`): a function value called after its
    /// interpreter is gone stops with a clear trap, not a use-after-free.
    unowned let interp: Interpreter
    var scope: Scope
    var loopDepth = 0

    init(interpreter: Interpreter) {
        interp = interpreter
        scope = Scope(parent: nil, isGlobal: true)
    }

    // MARK: resolution

    func resolve(_ name: String) -> Resolved {
        var depth = 0
        var s: Scope? = scope
        while let current = s, !current.isGlobal {
            if current.declaredGlobal.contains(name) { break }
            if let slot = current.slots[name] { return .local(depth: depth, slot: slot) }
            depth += 1
            s = current.parent
        }
        return .global(interp.globalSlot(name))
    }

    /// Names a function body assigns (its locals), and the names it declares `global`.
    static func assignedNames(_ body: [Stmt], into names: inout [String], globals: inout Set<String>) {
        for s in body {
            switch s {
            case let .assign(.name(n, _), _, _, _), let .assign(.index(n, _, _, _), _, _, _),
                let .assign(.member(n, _, _, _), _, _, _):
                names.append(n)
            case let .function(n, _, _, _): names.append(n)
            case let .forLoop(n, _, b, _):
                names.append(n)
                assignedNames(b, into: &names, globals: &globals)
            case let .whileLoop(_, b, _): assignedNames(b, into: &names, globals: &globals)
            case let .ifStmt(branches, otherwise, _):
                for (_, b) in branches { assignedNames(b, into: &names, globals: &globals) }
                if let otherwise { assignedNames(otherwise, into: &names, globals: &globals) }
            case let .global(ns, _): globals.formUnion(ns)
            case .expression, .returnStmt, .breakStmt, .continueStmt: break
            }
        }
    }

    func load(_ name: String, _ range: SourceRange) -> Code {
        switch resolve(name) {
        case let .local(0, slot):
            return { f in
                assert(slot < f.slots.count, "a slot the compiler gave lies inside its function's frame")
                if let v = f.slots[slot] { return v }
                throw Diagnostic.lab(.name, Message.undefinedNameAssignedLater.localized(name), at: range)
            }
        case let .local(depth, slot):
            return { f in
                if let v = f.ancestor(depth).slots[slot] { return v }
                throw Diagnostic.lab(.name, Message.undefinedName.localized(name), at: range)
            }
        case let .global(slot):
            unowned let interp = self.interp  // owns the code: see `Compiler.interp`
            let scope = self.scope
            return { [unowned interp] _ in
                if let v = interp.globalValues[slot] { return v }
                do { return try interp.readGlobal(slot, locals: { scope.visibleNames }) } catch let d
                    as Diagnostic
                {
                    throw d.located(range)
                }
            }
        }
    }

    func store(_ name: String) -> (Frame, Value) -> Void {
        switch resolve(name) {
        case let .local(0, slot):
            return { f, v in
                assert(slot < f.slots.count, "a slot the compiler gave lies inside its function's frame")
                f.slots[slot] = v
            }
        case let .local(depth, slot): return { f, v in f.ancestor(depth).slots[slot] = v }
        case let .global(slot):
            unowned let interp = self.interp  // owns the code: see `Compiler.interp`
            return { [unowned interp] _, v in interp.globalValues[slot] = v }
        }
    }

    // MARK: statements

    mutating func compileProgram(_ statements: [Stmt]) throws -> [StmtCode] {
        try statements.map { s throws -> StmtCode in
            if case let .expression(e, true) = s {
                let code = try compile(e)
                unowned let interp = self.interp  // owns the code: see `Compiler.interp`
                return { [unowned interp] f in
                    let v = try code(f)
                    if case .nothing = v { return .normal }
                    interp.write(interp.display(v) + "\n")
                    return .normal
                }
            }
            return try compile(s)
        }
    }

    mutating func compileBlock(_ body: [Stmt]) throws -> StmtCode {
        let codes = try body.map { try compile($0) }
        if codes.count == 1 { return codes[0] }
        return { f in
            for c in codes {
                let flow = try c(f)
                if flow != .normal { return flow }
            }
            return .normal
        }
    }

    mutating func compile(_ s: Stmt) throws -> StmtCode {
        unowned let interp = self.interp  // owns the code: see `Compiler.interp`
        switch s {
        case let .expression(e, _):
            let code = try compile(e)
            return { f in
                _ = try code(f)
                return .normal
            }
        case let .assign(target, op, valueExpr, range):
            return try compileAssign(target, op, valueExpr, range)
        case let .function(name, params, body, range):
            let make = try compileFunction(name: name, params: params, body: body, range: range)
            let set = store(name)
            return { f in
                set(f, .function(.user(try make(f))))
                return .normal
            }
        case let .forLoop(name, sequenceExpr, body, range):
            let sequence = try compile(sequenceExpr)
            let set = store(name)
            loopDepth += 1
            let code = try compileBlock(body)
            loopDepth -= 1
            return { [unowned interp] f in
                let seq = try sequence(f)
                if case let .range(r) = seq {
                    let n = r.count
                    var k = 0
                    while k < n {
                        do { try interp.checkInterrupt() } catch let d as Diagnostic {
                            throw d.located(range)
                        }
                        set(f, .number(r.start + Double(k) * r.step))
                        k += 1
                        let flow = try code(f)
                        if flow == .breakLoop { break }
                        if flow == .returned { return .returned }
                    }
                    return .normal
                }
                let items: [Value]
                do { items = try interp.elements(seq) } catch let d as Diagnostic {
                    throw d.located(sequenceExpr.range)
                }
                for item in items {
                    do { try interp.checkInterrupt() } catch let d as Diagnostic { throw d.located(range) }
                    set(f, item)
                    let flow = try code(f)
                    if flow == .breakLoop { break }
                    if flow == .returned { return .returned }
                }
                return .normal
            }
        case let .whileLoop(conditionExpr, body, range):
            let condition = try compile(conditionExpr)
            loopDepth += 1
            let code = try compileBlock(body)
            loopDepth -= 1
            return { [unowned interp] f in
                while true {
                    do { try interp.checkInterrupt() } catch let d as Diagnostic { throw d.located(range) }
                    let c = try condition(f)
                    let go: Bool
                    if case let .bool(b) = c {
                        go = b
                    } else {
                        do { go = try interp.truth(c, "condition in while") } catch let d as Diagnostic {
                            throw d.located(conditionExpr.range)
                        }
                    }
                    if !go { break }
                    let flow = try code(f)
                    if flow == .breakLoop { break }
                    if flow == .returned { return .returned }
                }
                return .normal
            }
        case let .ifStmt(branches, otherwise, _):
            let compiled = try branches.map { (c, b) throws -> (Code, StmtCode, SourceRange) in
                (try compile(c), try compileBlock(b), c.range)
            }
            let elseCode = try otherwise.map { try compileBlock($0) }
            return { [unowned interp] f in
                for (condition, body, r) in compiled {
                    let c = try condition(f)
                    let go: Bool
                    if case let .bool(b) = c {
                        go = b
                    } else {
                        do { go = try interp.truth(c, "condition in if") } catch let d as Diagnostic {
                            throw d.located(r)
                        }
                    }
                    if go { return try body(f) }
                }
                return try elseCode?(f) ?? .normal
            }
        case let .returnStmt(valueExpr, range):
            if scope.isGlobal { throw Diagnostic.lab(.syntax, "'return' outside a function", at: range) }
            let code = try valueExpr.map { try compile($0) }
            return { f in
                f.returnValue = try code?(f) ?? .nothing
                return .returned
            }
        case let .breakStmt(range):
            if loopDepth == 0 { throw Diagnostic.lab(.syntax, "'break' outside a loop", at: range) }
            return { _ in .breakLoop }
        case let .continueStmt(range):
            if loopDepth == 0 { throw Diagnostic.lab(.syntax, "'continue' outside a loop", at: range) }
            return { _ in .continueLoop }
        case .global:
            return { _ in .normal }
        }
    }

    mutating func compileAssign(
        _ target: Target, _ op: BinaryOperator?, _ valueExpr: Expr, _ range: SourceRange
    ) throws -> StmtCode {
        let value = try compile(valueExpr)
        unowned let interp = self.interp  // owns the code: see `Compiler.interp`
        switch target {
        case let .name(name, nameRange):
            let set = store(name)
            guard let op else {
                return { f in
                    set(f, try value(f))
                    return .normal
                }
            }
            let get = load(name, nameRange)
            if op == .add {
                return { [unowned interp] f in
                    let old = try get(f)
                    let v = try value(f)
                    if case let .number(a) = old, case let .number(b) = v {
                        set(f, .number(a + b))
                    } else {
                        do { set(f, try interp.binary(op, old, v)) } catch let d as Diagnostic {
                            throw d.located(range)
                        }
                    }
                    return .normal
                }
            }
            return { [unowned interp] f in
                let old = try get(f)
                let v = try value(f)
                do { set(f, try interp.binary(op, old, v)) } catch let d as Diagnostic {
                    throw d.located(range)
                }
                return .normal
            }
        case let .index(name, nameRange, indices, indexRange):
            let get = load(name, nameRange)
            let set = store(name)
            let parts = try compileIndices(indices)
            return { [unowned interp] f in
                let base = try get(f)
                do {
                    let idx = try Compiler.evaluateIndices(parts, base, f, interp)
                    var v = try value(f)
                    if let op { v = try interp.binary(op, try interp.index(base, idx), v) }
                    set(f, try interp.assignIndex(base, idx, v))
                } catch let d as Diagnostic { throw d.located(indexRange) }
                return .normal
            }
        case let .member(name, nameRange, field, memberRange):
            let get = load(name, nameRange)
            let set = store(name)
            return { [unowned interp] f in
                let base = try get(f)
                guard case var .record(r) = base else {
                    throw Diagnostic.lab(
                        .type, "cannot set field .\(field) of a \(base.typeName)", at: memberRange)
                }
                var v = try value(f)
                if let op {
                    do { v = try interp.binary(op, try interp.member(base, field), v) } catch let d
                        as Diagnostic
                    {
                        throw d.located(memberRange)
                    }
                }
                r[field] = v
                set(f, try Value.record(r).checkedNesting())
                return .normal
            }
        }
    }

    /// Compiles a function (definition or lambda); the result makes the
    /// closure value at run time from the current frame.
    mutating func compileFunction(name: String, params: Parameters, body: [Stmt], range: SourceRange) throws
        -> (Frame) throws -> UserFunction
    {
        let inner = Scope(parent: scope, isGlobal: false)
        for p in params.positional { _ = inner.add(p) }
        let keywordSlots = params.keywords.map { inner.add($0.name) }
        var assigned: [String] = []
        var globals = Set<String>()
        Compiler.assignedNames(body, into: &assigned, globals: &globals)
        inner.declaredGlobal = globals
        for n in assigned where !globals.contains(n) { _ = inner.add(n) }

        let outer = scope
        let outerLoops = loopDepth
        scope = inner
        loopDepth = 0
        defer {
            scope = outer
            loopDepth = outerLoops
        }
        var statements = body
        if case let .expression(e, _) = statements.last {
            statements[statements.count - 1] = .returnStmt(e, e.range)
        }
        let defaults = try params.keywords.map { try compile($0.defaultValue) }
        let code = try compileBlock(statements)
        let slotCount = inner.slots.count
        let positional = params.positional
        let keywordNames = params.keywords.map(\.name)
        let topLevel = outer.isGlobal
        return { f in
            UserFunction(
                name: name, parameters: positional, keywordNames: keywordNames, keywordDefaults: defaults,
                keywordSlots: keywordSlots, slotCount: slotCount, body: code, captured: topLevel ? nil : f,
                range: range)
        }
    }

    // MARK: expressions

    typealias IndexPart = (code: Code?, usesEnd: Bool)

    mutating func compileIndices(_ indices: [IndexExpr]) throws -> [IndexPart] {
        try indices.map { i throws -> IndexPart in
            switch i {
            case .all: return (nil, false)
            case let .expr(e): return (try compile(e), Compiler.containsEnd(e))
            }
        }
    }

    static func evaluateIndices(_ parts: [IndexPart], _ base: Value, _ f: Frame, _ interp: Interpreter) throws
        -> [IndexValue]
    {
        var values: [IndexValue] = []
        values.reserveCapacity(parts.count)
        let endDepth = interp.endStack.count
        defer { assert(interp.endStack.count == endDepth, "each `end` pushed for an index is popped") }
        for (k, part) in parts.enumerated() {
            guard let code = part.code else {
                values.append(.all)
                continue
            }
            if part.usesEnd {
                interp.endStack.append(try interp.lastIndex(base, k, parts.count))
                defer { interp.endStack.removeLast() }
                values.append(.value(try code(f)))
            } else {
                values.append(.value(try code(f)))
            }
        }
        return values
    }

    static func containsEnd(_ e: Expr) -> Bool {
        switch e {
        case .end: return true
        case .number, .string, .latex, .bool, .nothing, .name, .lambda: return false
        case let .unary(_, a, _), let .member(a, _, _), let .transpose(a, _): return containsEnd(a)
        case let .index(base, _, _): return containsEnd(base)
        case let .binary(_, a, b, _), let .and(a, b, _), let .or(a, b, _):
            return containsEnd(a) || containsEnd(b)
        case let .ternary(a, b, c, _): return containsEnd(a) || containsEnd(b) || containsEnd(c)
        case let .range(a, b, c, _): return containsEnd(a) || (b.map(containsEnd) ?? false) || containsEnd(c)
        case let .call(c, args, _), let .dotCall(c, args, _):
            return containsEnd(c) || args.contains { containsEnd($0.value) }
        case let .record(fields, _): return fields.contains { containsEnd($0.1) }
        case let .tuple(items, _), let .vector(items, _): return items.contains(where: containsEnd)
        case let .matrix(rows, _): return rows.contains { $0.contains(where: containsEnd) }
        case let .comprehension(c, _):
            return containsEnd(c.body) || c.clauses.contains { containsEnd($0.sequence) }
                || (c.condition.map(containsEnd) ?? false)
        case let .interpolation(parts, _):
            return parts.contains { if case let .expr(e) = $0 { containsEnd(e) } else { false } }
        }
    }

    mutating func compile(_ e: Expr) throws -> Code {
        unowned let interp = self.interp  // owns the code: see `Compiler.interp`
        switch e {
        case let .number(x, _):
            let v = Value.number(x)
            return { _ in v }
        case let .string(s, _):
            let v = Value.string(s)
            return { _ in v }
        case let .bool(b, _):
            let v = Value.bool(b)
            return { _ in v }
        case .nothing:
            return { _ in .nothing }
        case let .latex(s, range):
            // The host's `tex` builtin itself, not whatever the name `tex` is bound to now:
            // a learner's `tex = 3` must not break L"…" literals.
            let tex = interp.host.builtin(named: "tex")
            return { [unowned interp] _ in
                guard let tex else {
                    throw Diagnostic.lab(.name, "L\"…\" literals need the host's tex builtin", at: range)
                }
                do { return try interp.call(tex, .string(s)) } catch let d as Diagnostic {
                    throw d.located(range)
                }
            }
        case let .name(n, range):
            return load(n, range)
        case let .end(range):
            return { [unowned interp] _ in
                guard let e = interp.endStack.last else {
                    throw Diagnostic.lab(.syntax, "'end' outside an index", at: range)
                }
                return .number(Double(e))
            }
        case let .unary(op, a, range):
            let code = try compile(a)
            return { [unowned interp] f in
                let v = try code(f)
                if op == .negate, case let .number(x) = v { return .number(-x) }
                do { return try interp.unary(op, v) } catch let d as Diagnostic { throw d.located(range) }
            }
        case let .binary(op, a, b, range):
            return try compileBinary(op, a, b, range)
        case let .and(a, b, _):
            return try compileShortCircuit(a, b, operator: "&&", decidedBy: false)
        case let .or(a, b, _):
            return try compileShortCircuit(a, b, operator: "||", decidedBy: true)
        case let .ternary(c, a, b, _):
            let condition = try compile(c)
            let then = try compile(a)
            let otherwise = try compile(b)
            return { [unowned interp] f in
                let v = try condition(f)
                let go: Bool
                do { go = try interp.truth(v, "condition in ? :") } catch let d as Diagnostic {
                    throw d.located(c.range)
                }
                return go ? try then(f) : try otherwise(f)
            }
        case let .range(a, step, b, range):
            let start = try compile(a)
            let stepCode = try step.map { try compile($0) }
            let stop = try compile(b)
            return { [unowned interp] f in
                let x = try start(f)
                let s = try stepCode?(f) ?? .number(1)
                let y = try stop(f)
                guard let p = interp.number(x), let q = interp.number(s), let r = interp.number(y) else {
                    let bad = interp.number(x) == nil ? x : interp.number(s) == nil ? s : y
                    throw Diagnostic.lab(.type, "a range needs numbers, found a \(bad.typeName)", at: range)
                }
                if q == 0 { throw Diagnostic.lab(.domain, "range step cannot be zero", at: range) }
                return .range(LabRange(start: p, step: q, stop: r))
            }
        case let .call(calleeExpr, args, range):
            if let code = try inPlaceCall(calleeExpr, args, range) { return code }  // push!(xs, x)
            let rebind = CellNames.rebound(calleeExpr, args).map { store($0) }  // `plot!(p, …)` updates p
            let callee = try compile(calleeExpr)
            let (positional, keywords) = try compileArguments(args)
            let name: String
            if case let .name(n, _) = calleeExpr { name = n } else { name = "function" }
            if keywords.isEmpty && positional.count == 1 {
                let only = positional[0]
                return rebinding(rebind) { [unowned interp] f in
                    let c = try callee(f)
                    let v = try only(f)
                    do { return try interp.call(c, Arguments([v], callee: name)) } catch let d as Diagnostic {
                        throw d.located(range)
                    }
                }
            }
            return rebinding(rebind) { [unowned interp] f in
                let c = try callee(f)
                var values: [Value] = []
                values.reserveCapacity(positional.count)
                for p in positional { values.append(try p(f)) }
                var kw: [(name: String, value: Value)] = []
                for (k, code) in keywords { kw.append((k, try code(f))) }
                do { return try interp.call(c, Arguments(values, keywords: kw, callee: name)) } catch let d
                    as Diagnostic
                {
                    throw d.located(range)
                }
            }
        case let .dotCall(calleeExpr, args, range):
            let callee = try compile(calleeExpr)
            let (positional, keywords) = try compileArguments(args)
            return { [unowned interp] f in
                var c = try callee(f)
                let values = try positional.map { try $0(f) }
                if !keywords.isEmpty {
                    // Keyword arguments go to every call unchanged.
                    let kw = try keywords.map { (name: $0.0, value: try $0.1(f)) }
                    let inner = c
                    c = .function(
                        .builtin(
                            Builtin(name: inner.typeName, keywords: nil) { args, interp in
                                try interp.call(inner, Arguments(args.positional, keywords: kw))
                            }))
                }
                do {
                    if values.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
                        return try interp.call(c, Arguments(values))
                    }
                    return try interp.host.elementwise(c, values, interp)
                } catch let d as Diagnostic { throw d.located(range) }
            }
        case let .index(baseExpr, indices, range):
            let base = try compile(baseExpr)
            let parts = try compileIndices(indices)
            return { [unowned interp] f in
                let b = try base(f)
                do {
                    let idx = try Compiler.evaluateIndices(parts, b, f, interp)
                    return try interp.index(b, idx)
                } catch let d as Diagnostic { throw d.located(range) }
            }
        case let .member(baseExpr, name, range):
            var base = try compile(baseExpr)
            if case let .name(module, moduleRange) = baseExpr, Suggestions.foreignModules.contains(module) {
                // `np.zeros(3)`: when np is not defined, say what Lab writes.
                let load = base
                base = { f in
                    do { return try load(f) } catch let d as Diagnostic
                        where d.kind == .name
                    {
                        throw Diagnostic.lab(.name, Suggestions.moduleMember(module, name), at: moduleRange)
                    }
                }
            }
            return { [unowned interp] f in
                let b = try base(f)
                do { return try interp.member(b, name) } catch let d as Diagnostic { throw d.located(range) }
            }
        case let .transpose(a, range):
            let code = try compile(a)
            return { [unowned interp] f in
                let v = try code(f)
                if case .number = v { return v }
                do { return try interp.host.transpose(v) } catch let d as Diagnostic {
                    throw d.located(range)
                }
            }
        case let .lambda(params, body, range):
            let make = try compileFunction(
                name: "#λ", params: params, body: [.returnStmt(body, body.range)], range: range)
            return { f in .function(.user(try make(f))) }
        case let .record(fields, _):
            let keys = fields.map(\.0)
            let codes = try fields.map { try compile($0.1) }
            return { f in
                try Value.record(Record(keys: keys, values: try codes.map { try $0(f) })).checkedNesting()
            }
        case let .tuple(items, _):
            let codes = try items.map { try compile($0) }
            return { f in try Value.list(try codes.map { try $0(f) }).checkedNesting() }
        case let .vector(items, range):
            let codes = try items.map { try compile($0) }
            return { [unowned interp] f in
                let values = try codes.map { try $0(f) }
                do { return try interp.host.vector(values) } catch let d as Diagnostic {
                    throw d.located(range)
                }
            }
        case let .matrix(rows, range):
            let codes = try rows.map { try $0.map { try compile($0) } }
            return { [unowned interp] f in
                let values = try codes.map { try $0.map { try $0(f) } }
                do { return try interp.host.matrix(values) } catch let d as Diagnostic {
                    throw d.located(range)
                }
            }
        case let .comprehension(c, range):
            return try compileComprehension(c, range)
        case let .interpolation(parts, _):
            let pieces: [Code] = try parts.map { part throws -> Code in
                switch part {
                case let .text(s):
                    let v = Value.string(s)
                    return { _ in v }
                case let .expr(e): return try compile(e)
                }
            }
            return { [unowned interp] f in
                var text = ""
                for piece in pieces {
                    let v = try piece(f)
                    if case let .string(s) = v { text += s } else { text += interp.inline(v) }
                }
                return .string(text)
            }
        }
    }

    /// A comprehension or generator. Its loop variables are slots of a scope of its own (as
    /// a lambda's parameters are), in a fresh frame per element, so a lambda in the body
    /// captures that element's values. The first clause's sequence and those after a comma
    /// are evaluated outside, before the loops (Julia); a nested `for`'s sees the variables
    /// before it. Without a filter or nested `for`, k clauses give a result of k dimensions.
    mutating func compileComprehension(_ c: Comprehension, _ range: SourceRange) throws -> Code {
        let outside = try c.clauses.map { clause throws -> Code? in
            clause.nested ? nil : try compile(clause.sequence)
        }
        let inner = Scope(parent: scope, isGlobal: false)
        let outer = scope
        scope = inner
        defer { scope = outer }
        var slots: [Int] = []
        var nestedCodes: [Code?] = []
        for clause in c.clauses {
            nestedCodes.append(clause.nested ? try compile(clause.sequence) : nil)
            slots.append(inner.add(clause.name))
        }
        let body = try compile(c.body)
        let condition = try c.condition.map { try compile($0) }
        let conditionRange = c.condition?.range
        let flat = condition != nil || c.clauses.contains(where: \.nested)
        if !flat && c.clauses.count > 2 {
            throw Diagnostic.lab(
                .syntax,
                "a comprehension makes at most a Matrix: use two clauses after 'for' "
                    + "(or nest with 'for … for …')",
                at: range)
        }
        let slotCount = inner.slots.count
        let clauses = c.clauses
        let interp = self.interp
        return { [unowned interp] f in
            var before: [[Value]?] = []
            for (k, code) in outside.enumerated() {
                guard let code else {
                    before.append(nil)
                    continue
                }
                let sequence = try code(f)
                do { before.append(try interp.comprehensionItems(sequence)) } catch let d as Diagnostic {
                    throw d.located(clauses[k].sequence.range)
                }
            }
            let plan = ComprehensionPlan(
                clauses: clauses, slots: slots, slotCount: slotCount, known: before, nested: nestedCodes,
                body: body, condition: condition, conditionRange: conditionRange, range: range)
            var results: [Value] = []
            try plan.loop(0, Frame(count: slotCount, parent: f), outer: f, interp, into: &results)
            let shape = flat ? [results.count] : before.map { $0!.count }
            do { return try interp.host.comprehension(results, shape: shape) } catch let d as Diagnostic {
                throw d.located(range)
            }
        }
    }

    mutating func compileArguments(_ args: [Argument]) throws -> ([Code], [(String, Code)]) {
        var positional: [Code] = []
        var keywords: [(String, Code)] = []
        for a in args {
            if let n = a.name {
                if keywords.contains(where: { $0.0 == n }) {
                    throw Diagnostic.lab(
                        .syntax, "keyword \(n) given twice", at: a.nameRange ?? a.value.range)
                }
                keywords.append((n, try compile(a.value)))
            } else {
                positional.append(try compile(a.value))
            }
        }
        return (positional, keywords)
    }

    /// `a && b` (`decidedBy` false) and `a || b` (true): `a` alone decides when it is
    /// `decidedBy`, otherwise the answer is `b`'s truth; each operand must be a Bool, and an
    /// error is located at the operand that is not.
    mutating func compileShortCircuit(_ a: Expr, _ b: Expr, operator name: String, decidedBy decisive: Bool)
        throws -> Code
    {
        let l = try compile(a)
        let r = try compile(b)
        let what = "operand of \(name)"
        return { [unowned interp] f in
            let x = try l(f)
            let bx: Bool
            do { bx = try interp.truth(x, what) } catch let d as Diagnostic { throw d.located(a.range) }
            if bx == decisive { return .bool(decisive) }
            let y = try r(f)
            do { return .bool(try interp.truth(y, what)) } catch let d as Diagnostic {
                throw d.located(b.range)
            }
        }
    }

    /// `a op b`. Two numbers take the operator's closure from `Interpreter.numberOperation`,
    /// chosen here once (W5, the interpreter loop, lives on this path); any other pair of
    /// values takes `Interpreter.binary`.
    mutating func compileBinary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, _ range: SourceRange) throws
        -> Code
    {
        let l = try compile(a)
        let r = try compile(b)
        unowned let interp = self.interp  // owns the code: see `Compiler.interp`
        let number = Interpreter.numberOperation(op)
        return { f in
            let x = try l(f)
            let y = try r(f)
            if case let .number(p) = x, case let .number(q) = y { return number(p, q) }
            do { return try interp.binary(op, x, y) } catch let d as Diagnostic { throw d.located(range) }
        }
    }
}

/// What a comprehension's loops need at run time (see `Compiler.compileComprehension`).
struct ComprehensionPlan {
    /// The most elements a comprehension may make (the tensor element limit).
    static let maximumCount = Value.maximumElements
    let clauses: [ComprehensionClause]
    let slots: [Int]
    let slotCount: Int
    /// The items of the clauses evaluated before the loops (nil for a nested clause).
    let known: [[Value]?]
    let nested: [Code?]
    let body: Code
    let condition: Code?
    let conditionRange: SourceRange?
    let range: SourceRange

    /// Runs clause `k` and the ones after it in `frame`, appending every result.
    func loop(
        _ k: Int, _ frame: Frame, outer: Frame, _ interp: Interpreter, into results: inout [Value]
    ) throws {
        assert(frame.slots.count == slotCount, "every frame of a comprehension has its slots")
        if k == clauses.count {
            if try keeps(frame, interp) { results.append(try body(frame)) }
            if results.count > ComprehensionPlan.maximumCount {
                throw Diagnostic.lab(
                    .limit, "a comprehension of more than \(ComprehensionPlan.maximumCount) elements",
                    at: range)
            }
            return
        }
        let items = try self.items(k, frame, interp)
        for item in items {
            try interrupted(interp)
            let next = Frame(count: slotCount, parent: outer)
            next.slots = frame.slots
            next.slots[slots[k]] = item
            try loop(k + 1, next, outer: outer, interp, into: &results)
        }
    }

    private func keeps(_ frame: Frame, _ interp: Interpreter) throws -> Bool {
        guard let condition else { return true }
        let v = try condition(frame)
        if case let .bool(b) = v { return b }
        throw Diagnostic.lab(
            .type, "expected a Bool filter after 'if', found a \(v.typeName)", at: conditionRange)
    }

    private func items(_ k: Int, _ frame: Frame, _ interp: Interpreter) throws -> [Value] {
        if let given = known[k] { return given }
        let sequence = try nested[k]!(frame)
        do { return try interp.comprehensionItems(sequence) } catch let d as Diagnostic {
            throw d.located(clauses[k].sequence.range)
        }
    }

    private func interrupted(_ interp: Interpreter) throws {
        do { try interp.checkInterrupt() } catch let d as Diagnostic { throw d.located(range) }
    }
}

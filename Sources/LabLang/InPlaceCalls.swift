import Diagnostics

/// `!` calls whose builtin can change its first argument in place (`push!`, `append!`).
///
/// `push!(xs, x)` is `xs = push!(xs, x)`: a new value, bound to xs. Built naively, each call
/// copies xs, and a loop of n pushes costs O(n²). Values are immutable, but a value nobody
/// else holds can be changed without anyone seeing it: so the call takes xs's value out of
/// its slot (the name lets go of it) and hands it to the builtin's `inPlace` form, which
/// appends to it where it stands when it is the only holder (Swift's copy-on-write checks
/// that) and copies it otherwise (`ys = xs` earlier: ys keeps the old value). Amortised O(1).
extension Compiler {
    /// The code of `callee(name, args…)` when it is a `!` call rebinding `name` (nil otherwise):
    /// the in-place form when the callee, at run time, is a builtin that has one; else the call.
    mutating func inPlaceCall(_ calleeExpr: Expr, _ args: [Argument], _ range: SourceRange) throws -> Code? {
        guard let name = CellNames.rebound(calleeExpr, args), case let .name(_, nameRange) = args[0].value,
            case let .name(calleeName, _) = calleeExpr
        else { return nil }
        let (positional, keywords) = try compileArguments(args)
        guard keywords.isEmpty else { return nil }
        let callee = try compile(calleeExpr)
        let get = load(name, nameRange)
        let set = store(name)
        let rest = Array(positional.dropFirst())
        let interp = self.interp
        return { [unowned interp] f in
            let c = try callee(f)
            var first = try get(f)
            var values: [Value] = []
            values.reserveCapacity(rest.count)
            for p in rest { values.append(try p(f)) }
            if case let .function(.builtin(b)) = c, let inPlace = b.inPlace {
                set(f, .nothing)  // the name lets go: `first` may now be the value's only holder
                let done: Bool
                do { done = try inPlace(&first, values, interp) } catch let d as Diagnostic {
                    set(f, first)
                    throw d.located(range)
                }
                set(f, first)
                if done { return first }
            }
            let result: Value
            do { result = try interp.call(c, Arguments([first] + values, callee: calleeName)) } catch let d
                as Diagnostic
            {
                throw d.located(range)
            }
            set(f, result)
            return result
        }
    }
}

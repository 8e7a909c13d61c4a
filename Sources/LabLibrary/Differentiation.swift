import Autodiff
import Diagnostics
import LabLang
import NeuralNets
import Tensors

/// Replaces every numeric leaf of a value (a number, tensor, List, Record
/// or Model) with a Variable that gradients can be taken with respect to.
/// A leaf that is already traced (inside an outer `grad`) is used as it is,
/// so nested derivatives compose: `grad(grad(f))`, MAML through its inner step.
func trace(_ v: Value, _ leaves: inout [Variable]) throws(Diagnostic) -> Value {
    switch v {
    case .number, .range:
        let x = Variable(try tensor(v))
        leaves.append(x)
        return .object(TensorObject(x))
    case let .object(o):
        if let t = o as? TensorObject {
            let x = t.variable.requiresGrad ? t.variable : Variable(t.variable.value)
            leaves.append(x)
            return .object(TensorObject(x))
        }
        if let m = o as? ModelObject {
            var layers: [LayerVariables] = []
            for l in m.layers {
                let w = l.weight.requiresGrad ? l.weight : Variable(l.weight.value)
                let b = l.bias.requiresGrad ? l.bias : Variable(l.bias.value)
                leaves.append(w)
                leaves.append(b)
                layers.append(LayerVariables(weight: w, bias: b))
            }
            return .object(ModelObject(layers: layers, activation: m.activation))
        }
    case let .list(items):
        var out: [Value] = []
        for i in items { out.append(try trace(i, &leaves)) }
        return .list(out)
    case let .record(r):
        var out = r
        for i in r.values.indices { out.values[i] = try trace(r.values[i], &leaves) }
        return .record(out)
    default: break
    }
    throw .lab(.type, "cannot differentiate with respect to a \(v.typeName)")
}

/// The structure of `template` with its leaves replaced, in order, by `grads`.
func rebuild(_ template: Value, _ grads: inout IndexingIterator<[Variable]>) -> Value {
    switch template {
    case .number, .range: return wrap(grads.next()!)
    case let .object(o):
        if o is TensorObject { return wrap(grads.next()!) }
        if let m = o as? ModelObject {
            let layers = m.layers.map { _ in LayerVariables(weight: grads.next()!, bias: grads.next()!) }
            return .object(ModelObject(layers: layers, activation: m.activation))
        }
        return template
    case let .list(items): return .list(items.map { rebuild($0, &grads) })
    case let .record(r):
        var out = r
        for i in r.values.indices { out.values[i] = rebuild(r.values[i], &grads) }
        return .record(out)
    default: return template
    }
}

/// The scalar Variable a differentiated function returned.
func scalarOutput(_ v: Value, _ what: String) throws(Diagnostic) -> Variable {
    let y = try variable(v, "the result of the function")
    guard y.count == 1 else {
        throw .lab(
            .shape,
            "\(what) needs a function returning a number, but it returned a \(describeShape(y.shape)) value",
            notes: ["help: use jacobian for vector-valued functions, or sum(...) the result"])
    }
    return y.rank == 0 ? y : try tensorOp { () throws(TensorError) in try y.reshaped([]) }
}

extension LabHost {
    /// f(args…) and the gradient with respect to argument `wrt`, recorded on
    /// a graph when an outer derivative is being taken.
    func valueAndGradient(_ f: Value, _ args: [Value], wrt: Int, _ interp: Interpreter, _ what: String) throws
        -> (Value, Value)
    {
        guard wrt >= 1 && wrt <= args.count else {
            throw Diagnostic.lab(
                .index,
                "wrt = \(wrt) but the function was given \(args.count) argument\(args.count == 1 ? "" : "s")")
        }
        var leaves: [Variable] = []
        var traced = args
        traced[wrt - 1] = try trace(args[wrt - 1], &leaves)
        let nested = args.contains { $0.isTraced } || differentiationDepth > 0
        differentiationDepth += 1
        defer { differentiationDepth -= 1 }
        let result = try interp.call(f, Arguments(traced))
        let y = try scalarOutput(result, what)
        let grads = try tensorOp { () throws(TensorError) in
            try gradients(of: y, wrt: leaves, createGraph: nested)
        }
        var iterator = grads.makeIterator()
        return (nested ? wrap(y) : .number(y.value.scalars[0]), rebuild(traced[wrt - 1], &iterator))
    }

    /// Runs `body` with the differentiation depth raised (so inner gradients keep their graph).
    func differentiating<T>(_ body: () throws -> T) rethrows -> T {
        differentiationDepth += 1
        defer { differentiationDepth -= 1 }
        return try body()
    }
}

func registerDifferentiation(_ r: inout Registry) {
    r.define(
        "grad", keywords: ["wrt"], signature: "grad(f; wrt = 1) or grad(f, x…)",
        summary:
            "The gradient function of a scalar-valued f (exact, reverse mode, any order); grad(f, x) evaluates it at x.",
        formula: "\\nabla f(x) = \\left(\\frac{\\partial f}{\\partial x_i}\\right)_i",
        example: "grad(x -> x^2)(3)"
    ) { a, interp in
        try a.expect(1...Int.max)
        let f = a[0]
        let wrt = try a.keyword("wrt", integer) ?? 1
        let name = "∇" + functionName(f)
        let gradient = Builtin(name: name, keywords: []) { b, interp in
            try interp.lab.valueAndGradient(f, b.positional, wrt: wrt, interp, "grad").1
        }
        if a.count == 1 { return .function(.builtin(gradient)) }
        return try interp.call(.function(.builtin(gradient)), Arguments(Array(a.positional.dropFirst())))
    }
    r.define(
        "value_and_grad", keywords: ["wrt"], signature: "value_and_grad(f, x…; wrt = 1)",
        summary: "f(x) and ∇f(x) together, as (value = …, grad = …).",
        formula: "\\left(f(x), \\nabla f(x)\\right)",
        example: "value_and_grad(x -> sum(x .^ 2), [1, 2])"
    ) { a, interp in
        try a.expect(2...Int.max)
        let wrt = try a.keyword("wrt", integer) ?? 1
        let (value, gradient) = try interp.lab.valueAndGradient(
            a[0], Array(a.positional.dropFirst()), wrt: wrt, interp, "value_and_grad")
        return .record(Record([("value", value), ("grad", gradient)]))
    }
    r.define(
        "hessian", signature: "hessian(f, x)",
        summary: "The exact Hessian matrix of a scalar-valued f at x (a number for a number x).",
        formula: "H_{ij} = \\frac{\\partial^2 f}{\\partial x_i \\partial x_j}",
        example: "hessian(x -> x[1]^2 * x[2], [1, 2])"
    ) { a, interp in
        try a.expect(2)
        let (x, fx, nested) = try interp.lab.derivativePoint(a[0], at: try variable(a[1], "x"), interp)
        let y = try scalarOutput(fx, "hessian")
        // The Hessian is the Jacobian of the gradient.
        let g = try tensorOp { () throws(TensorError) in
            try gradients(of: y, wrt: [x], createGraph: true)[0].flattened()
        }
        let h = try jacobianRows(of: g, wrt: x, createGraph: nested, interp)
        return wrap(x.rank == 0 ? try tensorOp { () throws(TensorError) in try h.reshaped([]) } : h)
    }
    r.define(
        "jacobian", signature: "jacobian(f, x)",
        summary: "The exact Jacobian of a vector-valued f at x: row i is the gradient of output i.",
        formula: "J_{ij} = \\frac{\\partial f_i}{\\partial x_j}",
        example: "jacobian(x -> [x[1] * x[2], sin(x[1])], [1, 2])"
    ) { a, interp in
        try a.expect(2)
        let (x, fx, nested) = try interp.lab.derivativePoint(a[0], at: try variable(a[1], "x"), interp)
        let y = try variable(fx, "the result of the function").flattened()
        return wrap(try jacobianRows(of: y, wrt: x, createGraph: nested, interp))
    }
    r.define(
        "hvp", signature: "hvp(f, x, v)",
        summary: "The Hessian–vector product H(x) v, exact, without forming H.",
        formula: "H(x)\\,v = \\nabla_x \\langle \\nabla f(x), v \\rangle",
        example: "hvp(x -> sum(x .^ 3), [1, 2], [1, 0])"
    ) { a, interp in
        try a.expect(3)
        let x0 = try variable(a[1], "x")
        let v = try variable(a[2], "v")
        guard v.shape == x0.shape else {
            throw Diagnostic.lab(
                .shape,
                "hvp needs v shaped like x: \(describeShape(x0.shape)), found \(describeShape(v.shape))")
        }
        let (x, fx, nested) = try interp.lab.derivativePoint(a[0], at: x0, interp)
        let y = try scalarOutput(fx, "hvp")
        let result = try tensorOp { () throws(TensorError) in
            let g = try gradients(of: y, wrt: [x], createGraph: true)[0]
            let directional = try (g * v).sum()
            return try gradients(of: directional, wrt: [x], createGraph: nested)[0]
        }
        return wrap(result)
    }
    r.define(
        "numgrad", keywords: ["h"], signature: "numgrad(f, x; h = 1e-6)",
        summary: "The gradient by central finite differences (to check exact gradients against).",
        formula: "\\frac{f(x + h e_i) - f(x - h e_i)}{2h}", example: "numgrad(x -> sum(x .^ 2), [1, 2])"
    ) { a, interp in
        try a.expect(2)
        let h = try a.keyword("h", double) ?? 1e-6
        let x = try tensor(a[1], "x")
        var g = Tensor.zeros(x.shape)
        func at(_ t: Tensor) throws -> Double {
            let y = try interp.call(a[0], Arguments([wrap(t)]))
            return try scalarOutput(y, "numgrad").value.scalars[0]
        }
        for i in 0..<x.count {
            try interp.checkInterrupt()
            var plus = x
            var minus = x
            plus.scalars[i] += h
            minus.scalars[i] -= h
            g.scalars[i] = (try at(plus) - (try at(minus))) / (2 * h)
        }
        return wrap(g)
    }
}

/// A readable name for a function value (for `∇f`).
func functionName(_ f: Value) -> String {
    if case let .function(fn) = f { return fn.name == "#λ" ? "λ" : fn.name }
    return f.typeName
}

/// The Jacobian of a flat `y` with respect to `x`, one reverse pass per output: row i is
/// ∇ₓ yᵢ (flattened), so the result is `y.count` × `x.count` (0 × x.count for an empty y).
/// `hessian` uses it on the gradient. Polls Ctrl-C between rows.
/// - Complexity: `y.count` backward passes.
func jacobianRows(of y: Variable, wrt x: Variable, createGraph: Bool, _ interp: Interpreter) throws
    -> Variable
{
    var rows: [Variable] = []
    for i in 0..<y.count {
        try interp.checkInterrupt()
        let yi = try tensorOp { () throws(TensorError) in try y.gathered([i], alongAxis: 0).sum() }
        rows.append(
            try tensorOp { () throws(TensorError) in
                try gradients(of: yi, wrt: [x], createGraph: createGraph)[0].flattened()
            })
    }
    if rows.isEmpty { return Variable(constant: Tensor.zeros([0, x.count])) }
    return try tensorOp { () throws(TensorError) in try Variable.stack(rows, alongAxis: 0) }
}

extension LabHost {
    /// f evaluated for a derivative builtin at x: x as a leaf to differentiate at (an
    /// already traced x is used as it is, so derivatives nest), f(x) traced, and whether
    /// the result must keep its graph (x is traced, or an outer `grad` is running).
    func derivativePoint(_ f: Value, at x0: Variable, _ interp: Interpreter) throws -> (
        x: Variable, fx: Value, nested: Bool
    ) {
        let x = x0.requiresGrad ? x0 : Variable(x0.value)
        let nested = x0.requiresGrad || differentiationDepth > 0
        let fx = try differentiating { try interp.call(f, Arguments([.object(TensorObject(x))])) }
        return (x, fx, nested)
    }
}

import Autodiff
import Diagnostics
import LabLang
import Tensors

/// Sizes from `f(2, 3)` or `f(size(A))` (a List of sizes); checked against the element limit.
func shapeArguments(_ a: Arguments, from start: Int = 0) throws(Diagnostic) -> [Int] {
    var dims: [Int] = []
    for v in a.positional.dropFirst(start) {
        if case let .list(items) = v {
            for i in items { dims.append(try size(i, "a size")) }
        } else {
            dims.append(try size(v, "a size"))
        }
    }
    try checkLimit(dims)
    return dims
}

func registerConstruction(_ r: inout Registry) {
    r.define(
        "zeros", signature: "zeros(dims…)",
        summary: "A tensor of zeros (zeros(3) is a Vector, zeros(2, 3) a Matrix).",
        example: "zeros(2, 3)"
    ) { a, _ in wrap(Tensor.zeros(try shapeArguments(a))) }
    r.define("ones", signature: "ones(dims…)", summary: "A tensor of ones.", example: "ones(3)") { a, _ in
        wrap(Tensor.ones(try shapeArguments(a)))
    }
    r.define(
        "fill", signature: "fill(x, dims…)", summary: "A tensor with every element equal to x.",
        example: "fill(7, 2, 2)"
    ) { a, _ in
        try a.expect(1...Int.max)
        return wrap(
            Tensor(shape: try shapeArguments(a, from: 1), repeating: try double(a[0], "the fill value")))
    }
    r.define(
        "eye", signature: "eye(n)", summary: "The n×n identity matrix.", formula: "I_{ij} = \\delta_{ij}",
        example: "eye(3)"
    ) { a, _ in
        try a.expect(1)
        let n = try size(a[0])
        try checkLimit([n, n])
        return wrap(Tensor.eye(n))
    }
    r.define(
        "rand", signature: "rand(dims…)",
        summary: "Uniform random numbers in [0, 1) from the seeded generator (rand() is one number).",
        formula: "x \\sim U[0, 1)", example: "seed(1); rand(2, 2)"
    ) { a, interp in
        let shape = try shapeArguments(a)
        return wrap(Tensor.uniform(shape, using: &interp.lab.generator))
    }
    r.define(
        "randn", signature: "randn(dims…)",
        summary: "Standard normal random numbers (Marsaglia's polar method on xoshiro256**).",
        formula: "x \\sim \\mathcal{N}(0, 1)", example: "seed(1); randn(3)"
    ) { a, interp in
        let shape = try shapeArguments(a)
        return wrap(Tensor.normal(shape, using: &interp.lab.generator))
    }
    r.define(
        "randint", signature: "randint(lo, hi, dims…)",
        summary: "Uniform random integers in lo…hi (both included).",
        example: "seed(1); randint(1, 6, 5)"
    ) { a, interp in
        try a.expect(2...Int.max)
        let lo = try integer(a[0], "lo")
        let hi = try integer(a[1], "hi")
        guard hi >= lo else { throw Diagnostic.lab(.domain, "randint needs lo ≤ hi, found \(lo) > \(hi)") }
        let shape = try shapeArguments(a, from: 2)
        var values: [Double] = []
        for _ in 0..<Tensor.elementCount(shape) {
            values.append(Double(interp.lab.generator.integer(in: lo..<(hi + 1))))
        }
        return wrap(Tensor(shape: shape, scalars: values))
    }
    r.define(
        "linspace", signature: "linspace(a, b, n)",
        summary: "n evenly spaced numbers from a to b (both included).",
        formula: "x_i = a + (i-1)\\frac{b-a}{n-1}", example: "linspace(0, 1, 5)"
    ) { a, _ in
        try a.expect(3)
        let lo = try double(a[0], "a")
        let hi = try double(a[1], "b")
        let n = try size(a[2], "n")
        try checkLimit([n])
        if n == 1 { return wrap([lo]) }
        return wrap((0..<n).map { i in i == n - 1 ? hi : lo + Double(i) * (hi - lo) / Double(n - 1) })
    }
    r.define(
        "range", keywords: ["length", "step"], signature: "range(a, b; length = n) or range(a, b; step = s)",
        summary: "The Range from a to b with n elements or step s.", example: "range(0, 1; length = 5)"
    ) { a, _ in
        try a.expect(2)
        let lo = try double(a[0], "a")
        let hi = try double(a[1], "b")
        if let n = a.keyword("length") {
            let count = try size(n, "length")
            if count <= 1 { return .range(LabRange(start: lo, step: 1, stop: count == 1 ? lo : lo - 1)) }
            return .range(LabRange(start: lo, step: (hi - lo) / Double(count - 1), stop: hi))
        }
        let step = try a.keyword("step", double) ?? 1
        if step == 0 { throw Diagnostic.lab(.domain, "range step cannot be zero") }
        return .range(LabRange(start: lo, step: step, stop: hi))
    }
    r.define(
        "collect", signature: "collect(r)",
        summary: "The elements of a Range (or a List of numbers) as a Vector.",
        example: "collect(1:4)"
    ) { a, _ in
        try a.expect(1)
        return wrap(try variable(a[0], "collect"))
    }
    r.define(
        "seed", signature: "seed(n)",
        summary:
            "Resets the random generator (xoshiro256** seeded by SplitMix64; normals by Marsaglia's polar method): the same on every machine.",
        example: "seed(42)"
    ) { a, interp in
        try a.expect(1)
        let n = try integer(a[0], "the seed")
        interp.lab.seed(n)
        return .nothing
    }
    r.define(
        "copy", signature: "copy(x)",
        summary: "A copy of x (values are already copied on assignment; kept for Julia habits).",
        example: "v = [1, 2]; w = copy(v)"
    ) { a, _ in
        try a.expect(1)
        return a[0]
    }
}

import Autodiff
import Diagnostics
import LabLang
import Tensors

func registerReductions(_ r: inout Registry) {
    /// A reduction over all elements or over `dims` (kept with size 1, as in Julia).
    func reduction(
        _ name: String, _ summary: String, _ formula: String, _ example: String,
        _ op: @escaping (Variable, [Int]?) throws(TensorError) -> Variable
    ) {
        r.define(
            name, keywords: ["dims"], signature: "\(name)(x; dims)", summary: summary, formula: formula,
            example: example
        ) { a, interp in
            try a.expect(1)
            if case let .list(items) = a[0],
                !items.allSatisfy({ if case .number = $0 { true } else { false } })
            {
                // `sum(v for v in vectors)`: the elements added with +, as Julia's sum of a collection.
                guard name == "sum", a.keywords.isEmpty, let first = items.first else {
                    let kind = items.first?.typeName ?? "nothing"
                    throw Diagnostic.lab(
                        .type, "\(name) needs a tensor or a List of numbers, found a List of \(kind)")
                }
                return try items.dropFirst().reduce(first) { try interp.binary(.add, $0, $1) }
            }
            let x = try variable(a[0], name)
            let dims = try a.dims(rank: x.rank)
            if x.count == 0 && dims == nil
                && (name == "maximum" || name == "minimum" || name == "argmax" || name == "argmin")
            {
                throw Diagnostic.lab(.shape, "\(name) of an empty collection")
            }
            return wrap(try tensorOp { () throws(TensorError) in try op(x, dims) })
        }
    }
    reduction("sum", "Sum of the elements.", "\\sum_i x_i", "sum([1 2; 3 4]; dims = 1)") {
        x, d throws(TensorError) in
        d == nil ? x.sum() : try x.sum(axes: d!, keepingDimensions: true)
    }
    reduction("mean", "Arithmetic mean.", "\\frac{1}{n}\\sum_i x_i", "mean([1, 2, 3, 4])") {
        x, d throws(TensorError) in
        d == nil ? x.mean() : try x.mean(axes: d!, keepingDimensions: true)
    }
    func variance(_ x: Variable, _ d: [Int]?) throws(TensorError) -> Variable {
        let axes = d ?? Array(0..<x.rank)
        let n = axes.reduce(1) { $0 * x.shape[$1] }
        let mu = try x.mean(axes: axes, keepingDimensions: true)
        let dev = try x - mu
        let s = try (dev * dev).sum(axes: axes, keepingDimensions: d != nil)
        return s / Double(n - 1)
    }
    reduction(
        "var", "Sample variance (divides by n − 1, as Julia and R do).",
        "\\frac{1}{n-1}\\sum_i (x_i - \\bar{x})^2", "var([1, 2, 3, 4])", variance)
    reduction(
        "std", "Sample standard deviation (n − 1).", "\\sqrt{\\frac{1}{n-1}\\sum_i (x_i - \\bar{x})^2}",
        "std([1, 2, 3, 4])"
    ) { x, d throws(TensorError) in
        sqrt(try variance(x, d))
    }
    reduction("prod", "Product of the elements (not differentiable).", "\\prod_i x_i", "prod([1, 2, 3, 4])") {
        x, d throws(TensorError) in
        Variable(constant: try x.value.product(axes: d, keepingDimensions: d != nil))
    }
    reduction("maximum", "Largest element.", "\\max_i x_i", "maximum([3, 7, 2])") {
        x, d throws(TensorError) in
        try x.max(axes: d, keepingDimensions: d != nil)
    }
    reduction("minimum", "Smallest element.", "\\min_i x_i", "minimum([3, 7, 2])") {
        x, d throws(TensorError) in
        try x.min(axes: d, keepingDimensions: d != nil)
    }
    func argExtreme(_ x: Variable, _ d: [Int]?, _ isMax: Bool) throws(TensorError) -> Variable {
        guard let d else {
            let i = isMax ? try x.value.argmax() : try x.value.argmin()
            return Variable(constant: i + 1)
        }
        guard d.count == 1 else {
            throw .domain(operation: isMax ? "argmax" : "argmin", reason: "dims must be one dimension")
        }
        var i = isMax ? try x.value.argmax(axis: d[0]) : try x.value.argmin(axis: d[0])
        i = i + 1
        var shape = x.shape
        shape[d[0]] = 1
        return Variable(constant: try i.reshaped(shape))
    }
    reduction(
        "argmax", "The 1-based index of the largest element (the first of equals).", "\\arg\\max_i x_i",
        "argmax([3, 7, 2])"
    ) { x, d throws(TensorError) in
        try argExtreme(x, d, true)
    }
    reduction("argmin", "The 1-based index of the smallest element.", "\\arg\\min_i x_i", "argmin([3, 7, 2])")
    { x, d throws(TensorError) in
        try argExtreme(x, d, false)
    }
    func findExtreme(_ name: String, _ isMax: Bool) {
        r.define(
            name, signature: "\(name)(x)",
            summary: "The \(isMax ? "largest" : "smallest") element and its 1-based (linear, row-major) "
                + "index, "
                + "as (value, index).",
            formula: "(\\\(isMax ? "max" : "min")_i x_i, \\arg\\\(isMax ? "max" : "min")_i x_i)",
            example: "\(name)([3, 7, 2])"
        ) { a, _ in
            try a.expect(1)
            // The value stays on the autodiff tape (its gradient is 1 at the index, as for maximum).
            let x = try variable(a[0], name)
            guard x.count > 0 else { throw Diagnostic.lab(.shape, "\(name) of an empty collection") }
            let i = try tensorOp { () throws(TensorError) in
                isMax ? try x.value.argmax() : try x.value.argmin()
            }
            let k = Int(i.scalars[0])
            let value = try tensorOp { () throws(TensorError) in
                try x.flattened().gathered([k], alongAxis: 0).sum()
            }
            return .list([wrap(value), .number(Double(k + 1))])
        }
    }
    findExtreme("findmax", true)
    findExtreme("findmin", false)
    func quantifier(_ name: String, _ isAny: Bool) {
        r.define(
            name, signature: "\(name)(xs)",
            summary: "Whether \(isAny ? "any" : "every") element is true: a List of Bools (a generator), "
                + "a Bool, "
                + "or a mask (nonzero is true).",
            formula: isAny ? "\\exists i: x_i" : "\\forall i: x_i", example: "\(name)(x > 2 for x in 1:3)"
        ) { a, _ in
            try a.expect(1)
            var truths: [Bool] = []
            switch a[0] {
            case let .bool(b): truths = [b]
            case let .list(items):
                for item in items {
                    guard case let .bool(b) = item else {
                        throw Diagnostic.lab(
                            .type, "\(name) needs Bools, found a \(item.typeName) in the List")
                    }
                    truths.append(b)
                }
            default: truths = try tensor(a[0], name).scalars.map { $0 != 0 }
            }
            return .bool(isAny ? truths.contains(true) : !truths.contains(false))
        }
    }
    quantifier("any", true)
    quantifier("all", false)
    r.define(
        "norm", keywords: ["dims"], signature: "norm(x, p = 2; dims)",
        summary: "The entrywise p-norm (Euclidean by default; Frobenius for a matrix).",
        formula: "\\|x\\|_p = \\left(\\sum_i |x_i|^p\\right)^{1/p}", example: "norm([3, 4])"
    ) { a, _ in
        try a.expect(1...2)
        let x = try variable(a[0], "norm")
        let p = a.count == 2 ? try double(a[1], "p") : 2
        let dims = try a.dims(rank: x.rank)
        if p == 2 && dims == nil { return wrap(x.norm()) }
        if p == 2, let dims {
            return wrap(
                try tensorOp { () throws(TensorError) in
                    sqrt(try (x * x).sum(axes: dims, keepingDimensions: true))
                })
        }
        if p == 1 && dims == nil { return wrap(abs(x).sum()) }
        return wrap(
            try tensorOp { () throws(TensorError) in
                try x.value.norm(p, axes: dims, keepingDimensions: dims != nil)
            })
    }
    reduction("logsumexp", "log Σ exp, computed stably.", "\\log\\sum_i e^{x_i}", "logsumexp([1, 2, 3])") {
        x, d throws(TensorError) in
        try x.logSumExp(axes: d, keepingDimensions: d != nil)
    }
    r.define(
        "softmax", keywords: ["dims"], signature: "softmax(x; dims)",
        summary: "exp(x) normalised to sum to 1 (over all elements, or along dims).",
        formula: "\\frac{e^{x_i}}{\\sum_j e^{x_j}}", example: "softmax([1, 2, 3])"
    ) { a, _ in
        try a.expect(1)
        let x = try variable(a[0], "softmax")
        let dims = try a.dims(rank: x.rank)
        return wrap(
            try tensorOp { () throws(TensorError) in
                if let dims {
                    guard dims.count == 1 else {
                        throw .domain(operation: "softmax", reason: "dims must be one dimension")
                    }
                    return try x.softmax(axis: dims[0])
                }
                let flat = try x.flattened().softmax(axis: 0)
                return try flat.reshaped(x.shape)
            })
    }
    r.define(
        "sort", keywords: ["rev"], signature: "sort(v; rev = false)",
        summary: "The elements of a Vector in ascending order (descending with rev = true); NaN last.",
        formula: "x_{(1)} \\le x_{(2)} \\le \\dots \\le x_{(n)}", example: "sort([3, 1, 2])"
    ) { a, _ in
        try a.expect(1)
        let x = try tensor(a[0], "sort")
        guard x.rank <= 1 || x.shape.filter({ $0 != 1 }).count <= 1 else {
            throw Diagnostic.lab(
                .shape,
                "sort needs a Vector, found \(describeShape(x.shape)); use vec(x) to sort every element")
        }
        let descending = try a.keyword("rev", bool) ?? false
        let sorted = x.scalars.sorted { p, q in
            if p.isNaN { return false }
            if q.isNaN { return true }
            return descending ? p > q : p < q
        }
        return wrap(Tensor(sorted))
    }
    r.define(
        "cumsum", keywords: ["dims"], signature: "cumsum(x; dims)",
        summary: "Running sums (along dims; a Vector needs none).",
        formula: "y_i = \\sum_{j \\le i} x_j", example: "cumsum([1, 2, 3, 4])"
    ) { a, _ in
        try a.expect(1)
        let x = try variable(a[0], "cumsum")
        let dims = try a.dims(rank: x.rank)
        guard let axis = dims?.first ?? (x.rank <= 1 ? 0 : nil) else {
            throw Diagnostic.lab(.shape, "cumsum of a \(describeShape(x.shape)) needs dims = 1 or dims = 2")
        }
        if x.rank == 0 { return wrap(x) }
        return wrap(try tensorOp { () throws(TensorError) in try x.value.cumulativeSum(axis: axis) })
    }
}

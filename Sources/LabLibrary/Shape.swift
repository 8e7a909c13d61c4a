import Autodiff
import Diagnostics
import LabLang
import Tensors

func registerShape(_ r: inout Registry) {
    r.define(
        "size", signature: "size(A) or size(A, d)",
        summary: "The sizes of A as a List, or the size of dimension d.",
        example: "size(zeros(2, 3))"
    ) { a, _ in
        try a.expect(1...2)
        let x = try variable(a[0], "size")
        if a.count == 2 {
            let d = try integer(a[1], "the dimension")
            guard d >= 1 else { throw Diagnostic.lab(.shape, "dimension \(d) must be at least 1") }
            return .number(Double(d <= x.rank ? x.shape[d - 1] : 1))
        }
        return .list(x.shape.map { .number(Double($0)) })
    }
    r.define(
        "length", signature: "length(x)", summary: "The number of elements of a tensor, List or String.",
        example: "length(1:5)"
    ) { a, _ in
        try a.expect(1)
        switch a[0] {
        case let .list(items): return .number(Double(items.count))
        case let .string(s): return .number(Double(s.count))
        case let .record(rec): return .number(Double(rec.keys.count))
        case let .range(rg): return .number(Double(rg.count))
        default: return .number(Double(try variable(a[0], "length").count))
        }
    }
    r.define(
        "ndims", signature: "ndims(A)", summary: "The number of dimensions (0 for a number).",
        example: "ndims(eye(2))"
    ) { a, _ in
        try a.expect(1)
        return .number(Double(try variable(a[0], "ndims").rank))
    }
    r.define(
        "reshape", signature: "reshape(A, dims…)",
        summary: "The same elements in a new shape, row-major (NumPy's C order); one size may be -1.",
        example: "reshape(1:6, 2, 3)"
    ) { a, _ in
        try a.expect(2...Int.max)
        let x = try variable(a[0], "reshape")
        var dims: [Int] = []
        for v in a.positional.dropFirst() {
            if case let .list(items) = v {
                for i in items { dims.append(try integer(i, "a size")) }
            } else {
                dims.append(try integer(v, "a size"))
            }
        }
        try checkReshapeSizes(dims)
        return wrap(try tensorOp { () throws(TensorError) in try x.reshaped(dims) })
    }
    r.define(
        "vec", signature: "vec(A)", summary: "The elements of A as a Vector, row-major.",
        example: "vec([1 2; 3 4])"
    ) { a, _ in
        try a.expect(1)
        return wrap(try variable(a[0], "vec").flattened())
    }
    r.define(
        "hcat", signature: "hcat(A, B, …)", summary: "Concatenates side by side (vectors are columns).",
        example: "hcat([1, 2], [3, 4])"
    ) { a, interp in
        try a.expect(1...Int.max)
        return try interp.lab.matrix([a.positional])
    }
    r.define(
        "vcat", signature: "vcat(A, B, …)", summary: "Concatenates top to bottom.",
        example: "vcat([1 2], [3 4])"
    ) { a, interp in
        try a.expect(1...Int.max)
        if a.count == 1 { return try interp.lab.matrix([[a[0]]]) }
        return try interp.lab.matrix(a.positional.map { [$0] })
    }
    r.define(
        "transpose", signature: "transpose(A)", summary: "The transpose A' (a Vector becomes a 1×n Matrix).",
        formula: "(A^\\top)_{ij} = A_{ji}", example: "transpose([1 2; 3 4])"
    ) { a, interp in
        try a.expect(1)
        return try interp.lab.transpose(a[0])
    }
    r.define(
        "permutedims", signature: "permutedims(A, perm)",
        summary: "Reorders the dimensions: dimension k of the result is dimension perm[k] of A.",
        example: "size(permutedims(zeros(2, 3, 4), [3, 1, 2]))"
    ) { a, _ in
        try a.expect(1...2)
        let x = try variable(a[0], "permutedims")
        var perm = Array((0..<x.rank).reversed())
        if a.count == 2 {
            perm = try tensor(a[1], "the permutation").scalars.map { Int($0) - 1 }
        }
        return wrap(try tensorOp { () throws(TensorError) in try x.permuted(perm) })
    }
    r.define(
        "repeat", signature: "repeat(A, counts…)", summary: "Tiles A: counts[k] copies along dimension k.",
        example: "repeat([1 2], 2, 2)"
    ) { a, _ in
        try a.expect(2...Int.max)
        var x = try variable(a[0], "repeat")
        let counts = try a.positional.dropFirst().map { v throws(Diagnostic) in try size(v, "a repeat count")
        }
        if counts.count > x.rank {
            x = try tensorOp { () throws(TensorError) in
                try x.reshaped(x.shape + Array(repeating: 1, count: counts.count - x.rank))
            }
        }
        // Sizes checked in Double first: 10^7 elements repeated 10^14 times overflows Int.
        let grown = x.shape.enumerated().map { k, d in Double(d) * Double(k < counts.count ? counts[k] : 1) }
        if let big = grown.first(where: { $0 > Double(elementLimit) }) {
            throw Diagnostic.lab(
                .limit,
                "repeat would make a size of \(formatNumber(big)) elements; the limit is \(elementLimit)")
        }
        var shape = x.shape
        for (k, c) in counts.enumerated() { shape[k] *= c }
        try checkLimit(shape)
        var y = x
        for (k, c) in counts.enumerated() where c != 1 {
            let current = y
            y = try tensorOp { () throws(TensorError) in
                c == 0
                    ? Variable(
                        constant: try current.value.tiled(counts.enumerated().map { $0.offset == k ? 0 : 1 }))
                    : try Variable.concatenate(Array(repeating: current, count: c), alongAxis: k)
            }
        }
        return wrap(y)
    }
}

/// Sizes for `reshape`: each whole and at least 0, or one -1 standing for the rest,
/// within the element limit (checked here, before Tensors multiplies them).
func checkReshapeSizes(_ dims: [Int]) throws(Diagnostic) {
    if let bad = dims.first(where: { $0 < -1 }) {
        throw .lab(.domain, "reshape sizes must be at least 0 (or one -1 for the rest), found \(bad)")
    }
    if dims.filter({ $0 == -1 }).count > 1 {
        let holes = dims.filter { $0 == -1 }.count
        throw .lab(.domain, "reshape takes at most one -1 size (the rest), found \(holes)")
    }
    try checkLimit(dims.map { $0 == -1 ? 1 : $0 })
}

import Autodiff
import Diagnostics
import LabLang
import TaskData
import Tensors

func registerCollections(_ r: inout Registry) {
    r.define(
        "list", signature: "list(a, b, …)", summary: "A List of any values.",
        example: "list(1, \"a\", [1, 2])"
    ) { a, _ in
        .list(a.positional)
    }
    r.define(
        "map", signature: "map(f, xs)",
        summary:
            "f applied to every element of a List, Range or Vector (rows of a Matrix): a Vector when every result is a number, else a List.",
        example: "map(x -> x^2, list(1, 2, 3))"
    ) { a, interp in
        try a.expect(2)
        let items = try collectionItems(a[1], interp)
        if items.isEmpty {
            if case .list = a[1] { return .list([]) }
            return wrap(Tensor([Double]()))
        }
        var out: [Value] = []
        for x in items {
            try interp.checkInterrupt()
            out.append(try interp.call(a[0], Arguments([x])))
        }
        return try numbersAsVector(out) ?? .list(out)
    }
    r.define(
        "push!", signature: "push!(xs, x…)",
        summary: "xs with x… appended (a List, or a Vector of numbers). Like every ! builtin it rebinds "
            + "the name passed first: push!(xs, x) is xs = push!(xs, x).",
        example: "push!(list(1, 2), 3)"
    ) { a, interp in
        try a.expect(2...Int.max)
        return try appended(a[0], Array(a.positional.dropFirst()), "push!", interp)
    }
    r.define(
        "append!", signature: "append!(xs, ys)",
        summary:
            "xs with the elements of ys appended (Lists, or Vectors). It rebinds xs, like every ! builtin.",
        example: "append!([1, 2], [3, 4])"
    ) { a, interp in
        try a.expect(2)
        return try appended(a[0], try collectionItems(a[1], interp), "append!", interp)
    }
    r.builtins["push!"]!.inPlace = { xs, items, interp in appendInPlace(&xs, items, interp) }
    r.builtins["append!"]!.inPlace = { xs, ys, interp in
        guard ys.count == 1, case let .list(items) = ys[0] else { return false }
        return appendInPlace(&xs, items, interp)
    }
    r.define(
        "typeof", signature: "typeof(x)",
        summary: "The kind of x as a String: Number, Bool, String, Vector, Matrix, List, Record, Function…",
        example: "typeof([1, 2])"
    ) { a, _ in
        try a.expect(1)
        return .string(a[0].typeName)
    }
    r.define(
        "keys", signature: "keys(record)", summary: "The field names of a Record, as a List of Strings.",
        example: "keys((a = 1, b = 2))"
    ) { a, _ in
        try a.expect(1)
        guard case let .record(rec) = a[0] else {
            throw Diagnostic.lab(.type, "keys needs a Record, found a \(a[0].typeName)")
        }
        return .list(rec.keys.map { .string($0) })
    }
    r.define(
        "string", signature: "string(x…)", summary: "The values written one after another as a String.",
        example: "string(\"n = \", 3)"
    ) { a, interp in
        .string(
            a.positional.map { v -> String in
                if case let .string(s) = v { return s } else { return interp.inline(v) }
            }.joined())
    }
    r.define(
        "readjson", signature: "readjson(path)",
        summary:
            "Reads a JSON file: objects → Records, number arrays → Vectors, equal-length nested arrays → Matrices, other arrays → Lists.",
        example: "length(readjson(\"Tests/LabLibraryTests/Fixtures/maml_relu_1step.json\").inputs.params)"
    ) { a, interp in
        try a.expect(1)
        let path = try string(a[0], "the path")
        var reader = JSONReader(try interp.lab.readFile(path), path: path)
        return try reader.document()
    }
    r.define(
        "readcsv", signature: "readcsv(path)",
        summary:
            "Reads a CSV file with a header line: the numeric columns as a Matrix `data`, their names as `header`.",
        example: "size(readcsv(\"Datasets/iris.csv\").data)"
    ) { a, interp in
        try a.expect(1)
        let path = try string(a[0], "the path")
        let text = try interp.lab.readFile(path)
        let table = try dataError { () throws(DataError) in try parseCSV(text, file: path) }
        let header = table.header
        let rows = table.rows.indices.map { r in header.indices.map { table.field(r, $0) } }
        let numeric = header.indices.filter { j in
            rows.allSatisfy { Double($0[j]) != nil || $0[j].isEmpty || $0[j] == "NA" }
        }
        try checkLimit([rows.count, numeric.count])
        var scalars: [Double] = []
        for row in rows { for j in numeric { scalars.append(Double(row[j]) ?? .nan) } }
        return .record(
            Record([
                (
                    "data",
                    .object(
                        TensorObject(
                            .init(constant: Tensor(shape: [rows.count, numeric.count], scalars: scalars))))
                ),
                ("header", .list(numeric.map { .string(header[$0]) })),
            ]))
    }
}

/// The results as one Vector when every one is a number (a Number, or a traced
/// scalar inside `grad`, which stays traced); `nil` otherwise.
func numbersAsVector(_ results: [Value]) throws(Diagnostic) -> Value? {
    var scalars: [Double] = []
    scalars.reserveCapacity(results.count)
    var traced = false
    for r in results {
        if case let .number(x) = r {
            scalars.append(x)
        } else if let t = r.tensorObject, t.variable.rank == 0, t.variable.requiresGrad {
            traced = true
        } else {
            return nil
        }
    }
    if !traced { return wrap(Tensor(scalars)) }
    let parts = try results.map { r throws(Diagnostic) in
        let v = try variable(r)
        return try tensorOp { () throws(TensorError) in try v.reshaped([1]) }
    }
    return wrap(try tensorOp { () throws(TensorError) in try Variable.concatenate(parts, alongAxis: 0) })
}

/// The items of a List, the numbers of a Range (its size checked before it is built) or the
/// elements of a tensor (rows of a Matrix): what `map` walks and `append!` appends.
func collectionItems(_ value: Value, _ interp: Interpreter) throws -> [Value] {
    switch value {
    case let .list(xs): return xs
    case let .range(rg):
        try checkLimit([rg.count])
        return rg.elements.map { .number($0) }
    default: return try interp.lab.elements(value)
    }
}

/// `xs` with `items` appended: a List stays a List; a Vector (or Range) takes numbers.
/// `push!`/`append!` on a List, in place: amortised O(1) per item when the List is held
/// only here (the name being rebound let go of it), a copy otherwise, as Swift's arrays do.
/// A Vector is not changed in place (false: the builtin's body copies it).
func appendInPlace(_ xs: inout Value, _ items: [Value], _ interp: Interpreter) -> Bool {
    guard case .list(var list) = xs else { return false }
    xs = .nothing  // now `list` is the only holder unless someone else kept the List
    let before = list.withUnsafeBufferPointer { $0.baseAddress }
    list.append(contentsOf: items)
    if list.withUnsafeBufferPointer({ $0.baseAddress }) != before { interp.lab.listBuffersMade += 1 }
    xs = .list(list)
    return true
}

func appended(
    _ xs: Value, _ items: [Value], _ name: String, _ interp: Interpreter
) throws(Diagnostic) -> Value {
    if case let .list(list) = xs { return .list(list + items) }
    let v = try variable(xs, "the collection of \(name)")
    guard v.rank == 1 else {
        throw .lab(.type, "\(name) needs a List or a Vector, found a \(xs.typeName)")
    }
    var scalars = v.value.scalars
    for item in items {
        guard case let .number(x) = item else {
            throw .lab(
                .type,
                "\(name) appends numbers to a Vector, found a \(item.typeName); use a List for other values")
        }
        scalars.append(x)
    }
    return wrap(Tensor(scalars))
}

import Autodiff
import Diagnostics
import LabLang
import NeuralNets
import Tensors
import Terminal

/// The numeric semantics of Lab: operators on tensors, matrix literals,
/// indexing, iteration, display, and the builtin registry.
public final class LabHost: Host {
    /// The generator every random builtin draws from (`seed(n)` resets it).
    public var generator = SeededGenerator(seed: 42)

    /// How many new buffers `push!`/`append!` on a List made (each a copy, or a growth
    /// step); a debug counter the tests read: O(log n) for n appends made in place, n when
    /// every append copies.
    public internal(set) var listBuffersMade = 0

    /// Restarts the generator from `n` (what Lab's `seed(n)` does).
    public func seed(_ n: Int) { generator = SeededGenerator(seed: UInt64(bitPattern: Int64(n))) }

    /// The random generator travels with every snapshot: a cell that is rolled
    /// back and run again draws the same numbers.
    public var savedState: (any Sendable)? { generator }
    public func restoreState(_ state: (any Sendable)?) {
        if let saved = state as? SeededGenerator { generator = saved }
    }

    /// Heavy kernels (svd, inv, solve, products…) poll this interpreter's stop
    /// flags once per block while it evaluates, and give up with `interrupted`.
    public func evaluating(_ interpreter: Interpreter, _ body: () -> Void) {
        let stopRequested = interpreter.stopPoll
        StopCheck.polling(stopRequested, body)
    }
    /// Folders readcsv, readjson and dataset may read from; nil (scripts, `metalab eval`) allows any path.
    /// The lesson runner sets the lesson's folder and Datasets/: lesson files are untrusted.
    public var allowedReadRoots: [String]? = nil
    /// Where `dataset(name)` finds its files (the process's places unless a host says otherwise).
    public var datasetPlaces = DatasetPlaces.current()
    /// Whether the caller shows what a training builtin stopped by Ctrl-C says (the lesson
    /// session, which shows it only when the command keeps the result: never inside a
    /// what-if or a line that is undone). False (scripts, `metalab eval`): said at once.
    public var holdsStopNotes = false
    /// What the training builtins stopped by Ctrl-C during this evaluation said, held for
    /// the caller (`holdsStopNotes`), who says it in its own language; the caller clears it
    /// before each evaluation.
    public var stopNotes: [LocalizedText] = []
    /// The language of a note said at once (`holdsStopNotes` false): `metalab run --lang`.
    public var language: Language = .en

    /// A training builtin stopped by Ctrl-C returns what it learned so far: `note` says so
    /// ("maml stopped at iteration 12 of 4000; the result keeps what it learned"). Returns
    /// the note to print now, or nil when the caller holds it (and decides whether it is true).
    public func trainingStopped(_ note: LocalizedText) -> String? {
        guard holdsStopNotes else { return note.text(language) }
        stopNotes.append(note)
        return nil
    }

    /// `trainingStopped`, with a note said at once written to standard error on a line of its
    /// own: a terminal echoed the Ctrl-C as `^C` where the cursor stood.
    public func sayTrainingStopped(_ note: LocalizedText) {
        guard let text = trainingStopped(note) else { return }
        let sink = StandardErrorSink()
        sink.write((sink.isTerminal ? "\n" : "") + text + "\n")
    }

    /// How many `grad`-like evaluations are running (inside one, gradients keep their graph).
    var differentiationDepth = 0

    public init() {}

    // MARK: operators

    public func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        try checkGraphLimit()
        if case .string = a {
            throw Diagnostic.lab(.type, "cannot apply \(op.rawValue) to a String and a \(b.typeName)")
        }
        if case .string = b {
            throw Diagnostic.lab(.type, "cannot apply \(op.rawValue) to a \(a.typeName) and a String")
        }
        if a.model != nil || b.model != nil { return try modelBinary(op, a, b) }
        let x = try variable(a, "the left side of \(op.rawValue)")
        let y = try variable(b, "the right side of \(op.rawValue)")
        return try binary(op, x, y)
    }

    /// Models combine leaf by leaf like their `params` Lists: `θ - α * ∇θ`.
    func modelBinary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws(Diagnostic) -> Value {
        func leaf(_ x: Variable, _ y: Variable) throws(Diagnostic) -> Variable {
            try variable(try binary(op, x, y))
        }
        let structural: Set<BinaryOperator> = [
            .add, .subtract, .dotAdd, .dotSubtract, .dotMultiply, .dotDivide,
        ]
        switch (a.model, b.model) {
        case let (m?, n?):
            guard structural.contains(op) else {
                throw .lab(.type, "cannot apply \(op.rawValue) to two Models: use + or -")
            }
            guard m.sizes == n.sizes else {
                throw .lab(.shape, "Models of sizes \(m.sizes) and \(n.sizes) cannot be combined")
            }
            var layers: [LayerVariables] = []
            for (p, q) in zip(m.layers, n.layers) {
                layers.append(
                    LayerVariables(weight: try leaf(p.weight, q.weight), bias: try leaf(p.bias, q.bias)))
            }
            return .object(ModelObject(layers: layers, activation: m.activation))
        case let (m?, nil):
            let y = try variable(b, "the right side of \(op.rawValue)")
            var layers: [LayerVariables] = []
            for p in m.layers {
                layers.append(LayerVariables(weight: try leaf(p.weight, y), bias: try leaf(p.bias, y)))
            }
            return .object(ModelObject(layers: layers, activation: m.activation))
        case let (nil, n?):
            guard op == .multiply || op == .dotMultiply || op == .add || op == .dotAdd else {
                throw .lab(.type, "cannot apply \(op.rawValue) with a Model on the right")
            }
            let x = try variable(a, "the left side of \(op.rawValue)")
            var layers: [LayerVariables] = []
            for q in n.layers {
                layers.append(LayerVariables(weight: try leaf(x, q.weight), bias: try leaf(x, q.bias)))
            }
            return .object(ModelObject(layers: layers, activation: n.activation))
        default:
            throw .lab(.type, "cannot apply \(op.rawValue) to a \(a.typeName) and a \(b.typeName)")
        }
    }

    func broadcastChecked(_ x: Variable, _ y: Variable, _ op: BinaryOperator) throws(Diagnostic) {
        if x.shape == y.shape || x.count == 1 || y.count == 1 { return }
        let shape = try tensorOp { () throws(TensorError) in
            try broadcastShape(x.shape, y.shape, operation: op.rawValue)
        }
        try checkLimit(shape)
    }

    func binary(_ op: BinaryOperator, _ x: Variable, _ y: Variable) throws(Diagnostic) -> Value {
        switch op {
        case .add, .dotAdd, .subtract, .dotSubtract, .dotMultiply, .dotDivide:
            try broadcastChecked(x, y, op)
            return try tensorOp { () throws(TensorError) in
                switch op {
                case .add, .dotAdd: return wrap(try x + y)
                case .subtract, .dotSubtract: return wrap(try x - y)
                case .dotMultiply: return wrap(try x * y)
                default: return wrap(try x / y)
                }
            }
        case .multiply:
            if x.rank == 0 || y.rank == 0 {
                return try tensorOp { () throws(TensorError) in wrap(try x * y) }
            }
            if x.rank == 1 && y.rank == 1 {
                var error = Diagnostic.lab(
                    .shape,
                    Message.cannotMultiplyVectors.localized(describeShape(x.shape), describeShape(y.shape)))
                error.addNote(Message.multiplyVectorsHelp.localized())
                throw error
            }
            return try matrixProduct(x, y)
        case .divide:
            guard y.count == 1 else {
                throw .lab(
                    .shape, "/ divides by a number; found a divisor of size \(describeShape(y.shape))",
                    notes: ["help: use ./ for elementwise division, or A \\ b to solve"])
            }
            return try tensorOp { () throws(TensorError) in wrap(try x / (y.rank == 0 ? y : y.reshaped([]))) }
        case .leftDivide, .dotLeftDivide:
            if x.count == 1 || op == .dotLeftDivide {
                return try binary(.dotDivide, y, x)
            }
            return try solveValue(x, y)
        case .power:
            if x.rank == 0 || x.count == 1 && y.count == 1 {
                return try elementPower(x, y)
            }
            guard x.rank == 2, x.shape[0] == x.shape[1], y.count == 1,
                let p = y.value.scalar, p == p.rounded(), Swift.abs(p) < 1e6
            else {
                throw .lab(
                    .shape,
                    "^ needs a square Matrix and an integer power, found \(describeShape(x.shape)) ^ \(y.count == 1 ? formatNumber(y.value.scalars[0]) : describeShape(y.shape))",
                    notes: ["help: use .^ for the elementwise power"])
            }
            var base = x
            if p < 0 {
                if x.requiresGrad { throw .lab(.type, "a negative matrix power is not differentiable") }
                base = Variable(constant: try tensorOp { () throws(TensorError) in try inverse(x.value) })
            }
            var result = Variable(constant: Tensor.eye(x.shape[0]))
            for _ in 0..<Int(Swift.abs(p)) {
                result = try tensorOp { () throws(TensorError) in try matmul(result, base) }
            }
            return wrap(result)
        case .dotPower:
            try broadcastChecked(x, y, op)
            return try elementPower(x, y)
        case .remainder:
            // x − y·trunc(x/y), elementwise; trunc is piecewise constant, so a constant factor.
            try broadcastChecked(x, y, op)
            return try tensorOp { () throws(TensorError) in
                let quotient = try (x.value / y.value).map { $0.rounded(.towardZero) }
                return wrap(try x - y * Variable(constant: quotient))
            }
        case .approx:
            let a = x.value
            let b = y.value
            guard a.count == b.count, a.shape == b.shape || a.count == 1 else { return .bool(false) }
            if a.count == 1 { return .bool(approximatelyEqual(a.scalars[0], b.scalars[0])) }
            var difference = 0.0, normA = 0.0, normB = 0.0
            for i in 0..<a.count {
                let d = a.scalars[i] - b.scalars[i]
                difference += d * d
                normA += a.scalars[i] * a.scalars[i]
                normB += b.scalars[i] * b.scalars[i]
            }
            if a.scalars.contains(where: { !$0.isFinite }) || b.scalars.contains(where: { !$0.isFinite }) {
                return .bool(a.scalars == b.scalars)
            }
            return .bool(
                difference.squareRoot() <= Double.ulpOfOne.squareRoot() * Swift.max(normA, normB).squareRoot()
            )
        case .equal, .notEqual:
            let same = x.shape == y.shape && x.value.scalars == y.value.scalars
            return .bool(op == .equal ? same : !same)
        case .less, .lessEqual, .greater, .greaterEqual:
            guard x.count == 1 && y.count == 1 else {
                throw .lab(
                    .shape,
                    "\(op.rawValue) compares numbers; found sizes \(describeShape(x.shape)) and \(describeShape(y.shape))",
                    notes: ["help: use .\(op.rawValue) to compare elementwise"])
            }
            let p = x.value.scalars[0]
            let q = y.value.scalars[0]
            switch op {
            case .less: return .bool(p < q)
            case .lessEqual: return .bool(p <= q)
            case .greater: return .bool(p > q)
            default: return .bool(p >= q)
            }
        case .dotEqual, .dotNotEqual, .dotLess, .dotLessEqual, .dotGreater, .dotGreaterEqual:
            try broadcastChecked(x, y, op)
            let c: Comparison
            switch op {
            case .dotEqual: c = .equal
            case .dotNotEqual: c = .notEqual
            case .dotLess: c = .less
            case .dotLessEqual: c = .lessOrEqual
            case .dotGreater: c = .greater
            default: c = .greaterOrEqual
            }
            return try tensorOp { () throws(TensorError) in wrap(try x.value.compare(y.value, c), mask: true)
            }
        }
    }

    func elementPower(_ x: Variable, _ y: Variable) throws(Diagnostic) -> Value {
        try tensorOp { () throws(TensorError) in
            if !y.requiresGrad, y.count == 1 {
                let p = y.value.scalars[0]
                let base = y.rank > x.rank ? try x.reshaped(y.shape) : x
                return wrap(pow(base, p))
            }
            return wrap(try pow(x, y))
        }
    }

    /// `*` between tensors: the matrix product, with a Vector on the left read
    /// as a column (n×1) as in Julia; 1×n times n gives a number.
    func matrixProduct(_ x: Variable, _ y: Variable) throws(Diagnostic) -> Value {
        let left = x.rank == 1 ? try tensorOp { () throws(TensorError) in try x.reshaped([x.count, 1]) } : x
        guard left.rank == 2, y.rank <= 2 else {
            throw .lab(
                .shape,
                "* needs matrices or vectors, found sizes \(describeShape(x.shape)) and \(describeShape(y.shape))"
            )
        }
        let inner = y.shape[0]
        guard left.shape[1] == inner else {
            throw .lab(
                .shape,
                "cannot multiply a \(describeShape(x.shape)) by a \(describeShape(y.shape)): inner sizes \(left.shape[1]) and \(inner) differ"
            )
        }
        try checkLimit([left.shape[0]] + y.shape.dropFirst())
        let product = try tensorOp { () throws(TensorError) in try matmul(left, y) }
        if product.count == 1 && x.rank == 2 && y.rank == 1 {
            return wrap(try tensorOp { () throws(TensorError) in try product.reshaped([]) })
        }
        return wrap(product)
    }

    /// `A \\ b`: LU solve for a square A, least squares (Householder QR) for a tall one.
    /// Inside `grad` the square case differentiates through Autodiff's `solve`, and
    /// the tall case through the normal equations AᵀA x = Aᵀb (same solution for
    /// full column rank).
    func solveValue(_ a: Variable, _ b: Variable) throws(Diagnostic) -> Value {
        guard a.rank == 2, b.rank == 1 || b.rank == 2, b.shape[0] == a.shape[0] else {
            throw .lab(
                .shape,
                "A \\ b needs a Matrix A and b with as many rows (found \(describeShape(a.shape)) and \(describeShape(b.shape)))"
            )
        }
        let square = a.shape[0] == a.shape[1]
        if !a.requiresGrad && !b.requiresGrad {
            return try tensorOp { () throws(TensorError) in
                wrap(square ? try solve(a.value, b.value) : try leastSquares(a.value, b.value))
            }
        }
        return try tensorOp { () throws(TensorError) in
            if square { return wrap(try solve(a, b)) }
            let at = a.transposed
            return wrap(try solve(try matmul(at, a), try matmul(at, b)))
        }
    }

    public func unary(_ op: UnaryOperator, _ a: Value) throws -> Value {
        let x = try variable(a, "the operand of \(op.rawValue)")
        switch op {
        case .negate: return wrap(-x)
        case .plus: return wrap(x)
        case .sqrt: return wrap(sqrt(x))
        case .not:
            guard let t = a.tensorObject, t.isMask else {
                throw Diagnostic.lab(
                    .type, "! needs a Bool or a mask (the result of .== .< …), found a \(a.typeName)")
            }
            return wrap(t.tensor.map { $0 == 0 ? 1 : 0 }, mask: true)
        }
    }

    public func transpose(_ a: Value) throws -> Value {
        let x = try variable(a, "transpose")
        return try tensorOp { () throws(TensorError) in
            switch x.rank {
            case 0: return wrap(x)
            case 1: return wrap(try x.reshaped([1, x.count]))
            case 2: return wrap(x.transposed)
            default:
                throw TensorError.invalidShape(
                    operation: "transpose", shape: x.shape, expected: "a Vector or a Matrix (use permutedims)"
                )
            }
        }
    }

    // MARK: literals

    public func vector(_ items: [Value]) throws -> Value {
        if items.isEmpty { return wrap(Tensor(shape: [0], scalars: [])) }
        // `["a", "b"]` and `[true, false]` (Julia's Vector{String}, Vector{Bool}) are Lists.
        if items.allSatisfy({ if case .string = $0 { true } else { false } })
            || items.allSatisfy({ if case .bool = $0 { true } else { false } })
        {
            return .list(items)
        }
        var parts: [Variable] = []
        var traced = false
        for (i, item) in items.enumerated() {
            switch item {
            case .string, .bool, .list, .record, .nothing, .function:
                let typed = items.map { interpreterInline($0) }.joined(separator: ", ")
                throw Diagnostic.lab(
                    .type, "element \(i + 1) of [a, b, …] is a \(item.typeName): a vector holds numbers",
                    notes: ["help: a List holds any values: list(\(typed)) or (\(typed))"])
            case .number, .range, .object: break
            }
            let v = try variable(item, "element \(i + 1) of the vector")
            guard v.count == 1 && v.rank <= 1 else {
                throw Diagnostic.lab(
                    .shape,
                    "element \(i + 1) of [a, b, …] has size \(describeShape(v.shape)); elements must be numbers",
                    notes: ["help: use [a; b] or vcat(a, b) to concatenate"])
            }
            traced = traced || v.requiresGrad
            parts.append(v)
        }
        if !traced { return wrap(Tensor(parts.map { $0.value.scalars[0] })) }
        return try tensorOp { () throws(TensorError) in
            var columns: [Variable] = []
            for p in parts { columns.append(try p.reshaped([1])) }
            return wrap(try Variable.concatenate(columns, alongAxis: 0))
        }
    }

    public func matrix(_ rows: [[Value]]) throws -> Value {
        var rowValues: [Variable] = []
        for row in rows {
            if row.count == 1 {
                rowValues.append(try variable(row[0], "a matrix element"))
                continue
            }
            // hcat: numbers are 1×1, vectors n×1 columns, matrices as they are.
            var parts: [Variable] = []
            for item in row {
                let v = try variable(item, "a matrix element")
                parts.append(
                    try tensorOp { () throws(TensorError) in
                        switch v.rank {
                        case 0: return try v.reshaped([1, 1])
                        case 1: return try v.reshaped([v.count, 1])
                        default: return v
                        }
                    })
            }
            rowValues.append(try concat(parts, axis: 1, what: "hcat"))
        }
        if rowValues.count == 1 {
            let v = rowValues[0]
            return wrap(v.rank == 0 ? try tensorOp { () throws(TensorError) in try v.reshaped([1]) } : v)
        }
        if rowValues.allSatisfy({ $0.rank <= 1 }) {
            let parts = try rowValues.map { v throws(Diagnostic) in
                try tensorOp { () throws(TensorError) in try v.reshaped([v.count]) }
            }
            return wrap(try concat(parts, axis: 0, what: "vcat"))
        }
        let parts = try rowValues.map { v throws(Diagnostic) -> Variable in
            try tensorOp { () throws(TensorError) in
                v.rank == 0 ? try v.reshaped([1, 1]) : v.rank == 1 ? try v.reshaped([1, v.count]) : v
            }
        }
        return wrap(try concat(parts, axis: 0, what: "vcat"))
    }

    func concat(_ parts: [Variable], axis: Int, what: String) throws(Diagnostic) -> Variable {
        for p in parts.dropFirst()
        where p.rank != parts[0].rank
            || p.shape.enumerated().contains(where: {
                $0.offset != axis && $0.element != parts[0].shape[$0.offset]
            })
        {
            throw .lab(
                .shape,
                "\(what): sizes \(describeShape(parts[0].shape)) and \(describeShape(p.shape)) do not fit together"
            )
        }
        if var shape = parts.first?.shape, axis < shape.count {
            shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
            try checkLimit(shape)
        }
        if parts.allSatisfy({ !$0.requiresGrad }) {
            return Variable(
                constant: try tensorOp { () throws(TensorError) in
                    try Tensor.concatenate(parts.map(\.value), alongAxis: axis)
                })
        }
        return try tensorOp { () throws(TensorError) in try Variable.concatenate(parts, alongAxis: axis) }
    }

    // MARK: indexing

    public func lastIndex(_ base: Value, dimension: Int, count: Int) throws -> Int {
        if case let .range(r) = base, count == 1 || dimension == 0 { return r.count }  // never materialised
        let x = try variable(base, "indexing")
        if count == 1 { return x.count }
        return dimension < x.rank ? x.shape[dimension] : 1
    }

    /// One subscript resolved to 0-based positions; `drops` for a plain integer.
    struct Selection {
        var positions: [Int]
        var drops: Bool
        var isAll: Bool = false
    }

    func selection(_ index: IndexValue, size: Int, dimension: Int, of count: Int, shape: [Int])
        throws(Diagnostic) -> Selection
    {
        func check(_ i: Int) throws(Diagnostic) -> Int {
            guard i >= 1 && i <= size else {
                let kind =
                    shape.count == 1
                    ? "\(shape[0])-element Vector"
                    : "\(describeShape(shape)) \(shape.count == 2 ? "Matrix" : "Tensor")"
                throw .lab(
                    .index,
                    count == 1
                        ? Message.indexOutOfRange.localized("\(i)", "\(size)", kind)
                        : Message.indexOutOfRangeInDimension.localized(
                            "\(i)", "\(dimension + 1)", "\(size)", kind))
            }
            return i - 1
        }
        func int(_ x: Double) throws(Diagnostic) -> Int {
            guard x == x.rounded(), Swift.abs(x) < 1e15 else {
                throw .lab(.index, Message.indexNotAnInteger.localized(formatNumber(x)))
            }
            return Int(x)
        }
        switch index {
        case .all: return Selection(positions: Array(0..<size), drops: false, isAll: true)
        case let .value(.number(x)): return Selection(positions: [try check(try int(x))], drops: true)
        case let .value(.range(r)):
            try checkLimit([r.count])
            var ps: [Int] = []
            for x in r.elements { ps.append(try check(try int(x))) }
            return Selection(positions: ps, drops: false)
        case let .value(.bool(b)):
            throw .lab(.index, "cannot index with \(b); use a mask such as v .> 0")
        case let .value(v):
            guard let t = v.tensorObject else {
                if case let .list(items) = v, !items.isEmpty,
                    items.allSatisfy({ if case .bool = $0 { true } else { false } })
                {
                    // `v[[true, false, true]]`: a List of Bools is a mask, as in Julia.
                    guard items.count == size else {
                        throw .lab(
                            .index,
                            "a mask of \(items.count) elements cannot select from a dimension "
                                + "of size \(size)")
                    }
                    let chosen = items.indices.filter {
                        if case .bool(true) = items[$0] { true } else { false }
                    }
                    return Selection(positions: chosen, drops: false)
                }
                if case let .list(items) = v {
                    var ps: [Int] = []
                    for i in items { ps.append(try check(try integer(i, "index"))) }
                    return Selection(positions: ps, drops: false)
                }
                throw .lab(.type, "cannot index with a \(v.typeName)")
            }
            let values = t.tensor.scalars
            if t.isMask {
                guard values.count == size else {
                    throw .lab(
                        .index,
                        "a mask of \(values.count) elements cannot select from a dimension of size \(size)")
                }
                return Selection(positions: values.indices.filter { values[$0] != 0 }, drops: false)
            }
            if t.tensor.rank == 0 {
                return Selection(positions: [try check(try int(values[0]))], drops: true)
            }
            var ps: [Int] = []
            for x in values { ps.append(try check(try int(x))) }
            return Selection(positions: ps, drops: false)
        }
    }

    /// Resolves subscripts against `shape` (one subscript on a multi-dimensional value indexes linearly, row-major).
    func selections(_ indices: [IndexValue], shape: [Int]) throws(Diagnostic) -> (linear: Bool, [Selection]) {
        if indices.count == 1 && shape.count != 1 {
            let n = Tensor.elementCount(shape)
            return (true, [try selection(indices[0], size: n, dimension: 0, of: 1, shape: shape)])
        }
        guard indices.count >= shape.count || indices.count == 0 else {
            throw .lab(
                .index,
                "a \(describeShape(shape)) value takes \(shape.count) indices (or one linear index), got \(indices.count)"
            )
        }
        var out: [Selection] = []
        for (k, idx) in indices.enumerated() {
            if k >= shape.count {
                // Trailing indices beyond the rank must be 1 (Julia).
                let s = try selection(idx, size: 1, dimension: k, of: indices.count, shape: shape)
                _ = s
                continue
            }
            out.append(try selection(idx, size: shape[k], dimension: k, of: indices.count, shape: shape))
        }
        return (false, out)
    }

    public func index(_ base: Value, _ indices: [IndexValue]) throws -> Value {
        if case .object(let o) = base, !(o is TensorObject) {
            throw Diagnostic.lab(.type, "cannot index a \(o.typeName)")
        }
        // One number into a Range: its element, without building a vector of every element.
        if case let .range(r) = base, indices.count == 1, case let .value(i) = indices[0],
            let k = { if case let .number(x) = i { return x } else { return scalar(i) } }(),
            k == k.rounded(), !(i.tensorObject?.isMask ?? false)
        {
            guard k >= 1, k <= Double(r.count) else {
                throw Diagnostic.lab(
                    .index,
                    Message.indexOutOfRange.localized(
                        formatNumber(k), "\(r.count)", "\(r.count)-element Vector"))
            }
            return .number(r.element(Int(k) - 1))
        }
        let x = try variable(base, "indexing")
        let (linear, sels) = try selections(indices, shape: x.shape)
        var v = linear ? try tensorOp { () throws(TensorError) in try x.reshaped([x.count]) } : x
        let selections: [AxisSelection] = sels.map { s in
            s.isAll ? .all : s.drops ? .index(s.positions[0]) : .indices(s.positions)
        }
        if !v.requiresGrad {
            return wrap(try tensorOp { () throws(TensorError) in try v.value.slice(selections) })
        }
        v = try tensorOp { () throws(TensorError) in try v.slice(selections) }
        return wrap(v)
    }

    public func assignIndex(_ base: Value, _ indices: [IndexValue], _ newValue: Value) throws -> Value {
        let x = try variable(base, "indexed assignment")
        let y = try variable(newValue, "the assigned value")
        if x.requiresGrad || y.requiresGrad {
            throw Diagnostic.lab(
                .type,
                "cannot assign into a tensor inside grad (it is traced); build it with vcat/hcat or a mask instead"
            )
        }
        var t = x.value
        let (linear, sels) = try selections(indices, shape: t.shape)
        let shape = linear ? [t.count] : t.shape
        let selectedShape = sels.filter { !$0.drops }.map { $0.positions.count }
        let source = try tensorOp { () throws(TensorError) in
            y.value.count == Tensor.elementCount(selectedShape)
                ? try y.value.reshaped(selectedShape) : try y.value.broadcast(to: selectedShape)
        }
        let strides = Tensor.strides(of: shape)
        var counter = [Int](repeating: 0, count: sels.count)
        let total = sels.reduce(1) { $0 * $1.positions.count }
        if total == 0 { return base }
        for n in 0..<total {
            var offset = 0
            for k in 0..<sels.count { offset += sels[k].positions[counter[k]] * strides[k] }
            t.scalars[offset] = source.scalars[n]
            var k = sels.count - 1
            while k >= 0 {
                counter[k] += 1
                if counter[k] < sels[k].positions.count { break }
                counter[k] = 0
                k -= 1
            }
        }
        return wrap(t)
    }

    public func comprehension(_ results: [Value], shape: [Int]) throws -> Value {
        guard !results.isEmpty else { return wrap(Tensor(shape: [0], scalars: [])) }
        if let vector = try numbersAsVector(results) {
            if shape.count == 1 { return vector }
            let v = try variable(vector)
            return wrap(try tensorOp { () throws(TensorError) in try v.reshaped(shape) })
        }
        if shape.count == 1 { return .list(results) }
        let width = shape[1]
        let rows = stride(from: 0, to: results.count, by: width).map {
            Value.list(Array(results[$0..<($0 + width)]))
        }
        return .list(rows)
    }

    public func elements(_ value: Value) throws -> [Value] {
        let x = try variable(value, "a for loop")
        if x.rank == 0 { return [wrap(x)] }
        if !x.requiresGrad && x.rank == 1 { return x.value.scalars.map { .number($0) } }
        return try (0..<x.shape[0]).map { i in
            try index(value, [.value(.number(Double(i + 1)))] + Array(repeating: .all, count: x.rank - 1))
        }
    }

    public func member(_ base: Value, _ name: String) throws -> Value {
        if case let .object(o) = base, let m = o as? MemberAccessible { return try m.member(name) }
        let text =
            Suggestions.member(name).map { Message.hasNoFieldWrite.localized(base.typeName, name, $0) }
            ?? Message.hasNoField.localized(base.typeName, name)
        throw Diagnostic.lab(.type, text)
    }

    public func call(_ object: any LabObject, _ arguments: Arguments, _ interpreter: Interpreter) throws
        -> Value
    {
        if let c = object as? CallableObject { return try c.call(arguments, interpreter) }
        throw Diagnostic.lab(
            .type, "cannot call a \(object.typeName)",
            notes: object is TensorObject ? ["help: index with A[i], not A(i)"] : [])
    }

    public func elementwise(_ function: Value, _ arguments: [Value], _ interpreter: Interpreter) throws
        -> Value
    {
        let vars = try arguments.enumerated().map { (i, a) throws(Diagnostic) in
            try variable(a, "argument \(i + 1) of the dot call")
        }
        if vars.count == 1, let rule = Registry.shared.unaryElementwise(of: function) {
            // `relu.(x)`: the builtin on the whole tensor, one graph node under grad rather
            // than one per element. Untraced, its number form per element, so the values and
            // the domain errors (then raised by the per-element path below) stay the same.
            let x = vars[0]
            try checkLimit(x.shape)
            if x.requiresGrad { return wrap(rule.tensor(x)) }
            if rule.domain.map({ outside in !x.value.scalars.contains { outside($0) != nil } }) ?? true {
                return wrap(x.value.map(rule.scalar))
            }
        }
        var shape: [Int] = []
        for v in vars {
            shape = try tensorOp { () throws(TensorError) in
                try broadcastShape(shape, v.shape, operation: "dot call")
            }
        }
        try checkLimit(shape)
        let n = Tensor.elementCount(shape)
        let traced = vars.contains { $0.requiresGrad }
        let expanded = try vars.map { v throws(Diagnostic) in
            try tensorOp { () throws(TensorError) in
                try (v.shape == shape ? v : v.broadcast(to: shape)).reshaped([n])
            }
        }
        var results: [Value] = []
        results.reserveCapacity(n)
        for i in 0..<n {
            try interpreter.checkInterrupt()
            let args: [Value] = try expanded.map { v throws(Diagnostic) in
                if !v.requiresGrad { return .number(v.value.scalars[i]) }
                return wrap(
                    try tensorOp { () throws(TensorError) in try v.gathered([i], alongAxis: 0).reshaped([]) })
            }
            results.append(try interpreter.call(function, Arguments(args)))
        }
        if !traced && results.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
            return wrap(
                Tensor(
                    shape: shape,
                    scalars: results.map { if case let .number(x) = $0 { return x } else { return 0 } }))
        }
        if results.allSatisfy({
            $0.tensorObject?.variable.count == 1
                || { if case .number = $0 { return true } else { return false } }($0)
        }) {
            let parts = try results.map { r throws(Diagnostic) in
                let v = try variable(r)
                return try tensorOp { () throws(TensorError) in try v.reshaped([1]) }
            }
            if parts.count == n {
                return wrap(
                    try tensorOp { () throws(TensorError) in
                        try Variable.concatenate(parts, alongAxis: 0).reshaped(shape)
                    })
            }
        }
        return .list(results)
    }

    public func scalar(_ value: Value) -> Double? {
        if let t = value.tensorObject, t.tensor.count == 1 { return t.tensor.scalars[0] }
        if case let .range(r) = value, r.count == 1 { return r.start }
        return nil
    }

    public func equal(_ a: Value, _ b: Value) -> Bool {
        guard let x = try? variable(a), let y = try? variable(b) else {
            if case let .object(p) = a, case let .object(q) = b { return p === q }
            return false
        }
        return x.shape == y.shape && x.value.scalars == y.value.scalars
    }

    // MARK: display and builtins

    public func display(_ object: any LabObject, options: DisplayOptions) -> String {
        if let t = object as? TensorObject { return TensorFormatter(options: options).display(t.tensor) }
        if let d = object as? DisplayableObject { return d.display(options: options) }
        return object.typeName
    }

    public func inline(_ object: any LabObject) -> String {
        if let t = object as? TensorObject {
            return TensorFormatter(options: DisplayOptions()).inline(t.tensor)
        }
        if let d = object as? DisplayableObject { return d.inline }
        return object.typeName
    }

    public var builtinNames: [String] { Registry.shared.names }

    public func builtin(named name: String) -> Value? {
        Registry.shared.builtins[name].map { .function(.builtin($0)) }
    }
}

/// An object with fields (`task.sample`).
protocol MemberAccessible {
    func member(_ name: String) throws -> Value
}

/// An object that can be called (`model(x)`).
protocol CallableObject {
    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value
}

/// An object that draws itself.
protocol DisplayableObject {
    func display(options: DisplayOptions) -> String
    var inline: String { get }
}

/// A short one-line form for messages (numbers, strings and Bools as typed).
private func interpreterInline(_ v: Value) -> String {
    switch v {
    case let .number(x): return formatNumber(x)
    case let .string(s): return quoteString(s)
    case let .bool(b): return b ? "true" : "false"
    default: return "…"
    }
}

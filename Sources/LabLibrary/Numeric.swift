import Autodiff
import Diagnostics
import LabLang
import Tensors
import Terminal

/// A tensor value in Lab. It always holds an Autodiff `Variable`: a constant
/// outside differentiation, a traced node inside `grad` and friends, so
/// every builtin is written once, in Variable operations, and user code is
/// differentiable to any order.
public final class TensorObject: LabObject {
    public let variable: Variable
    /// Made by an elementwise comparison: indexing with it selects (a mask).
    public let isMask: Bool

    public init(_ variable: Variable, isMask: Bool = false) {
        self.variable = variable
        self.isMask = isMask
    }

    public var tensor: Tensor { variable.value }

    public var typeName: String {
        switch variable.rank {
        case 0: return "Number"
        case 1: return "Vector"
        case 2: return "Matrix"
        default: return "Tensor"
        }
    }
}

/// Most elements a tensor may have (LANGUAGE.md: 50 million); more is a `limit` error.
public let elementLimit = Value.maximumElements

/// Most recorded differentiation nodes alive at once (about 470 bytes each): a
/// loop of millions of traced operations inside `grad` is a `limit` error, not an abort.
public let graphNodeLimit = 2_000_000

/// Throws `limit` when the differentiation graphs alive hold more than `graphNodeLimit` nodes.
@inline(__always)
func checkGraphLimit() throws(Diagnostic) {
    guard Variable.liveGraphNodes > graphNodeLimit else { return }
    throw .lab(
        .limit,
        "the differentiation graph has more than \(graphNodeLimit) operations; "
            + "differentiate a shorter computation (fewer steps inside grad)")
}

/// Throws `limit` when a tensor of `shape` would be too large. An empty tensor's other
/// sizes count too (a 0 counted as 1): `zeros(0, 10^14, 10^14)` holds nothing, but
/// its strides and element count overflow `Int`, and a tensor later grown from it would.
func checkLimit(_ shape: [Int]) throws(Diagnostic) {
    var n = 1.0
    var extent = 1.0
    for d in shape {
        n *= Double(Swift.max(d, 0))
        extent *= Double(Swift.max(d, 1))
    }
    if n > Double(elementLimit) {
        throw .lab(
            .limit,
            "a tensor of size \(describeShape(shape)) would have \(formatNumber(n)) elements; the limit is \(elementLimit)"
        )
    }
    if extent > Double(elementLimit) {
        throw .lab(
            .limit,
            "a tensor of size \(describeShape(shape)) is empty, but its other sizes multiply to "
                + "\(formatNumber(extent)); the limit is \(elementLimit)")
    }
}

/// A Lab value from a Variable: untraced scalars become plain numbers.
func wrap(_ v: Variable, mask: Bool = false) -> Value {
    if v.rank == 0 && !v.requiresGrad { return .number(v.value.scalars[0]) }
    return .object(TensorObject(v, isMask: mask))
}

func wrap(_ t: Tensor, mask: Bool = false) -> Value {
    if t.rank == 0 { return .number(t.scalars[0]) }
    return .object(TensorObject(Variable(constant: t), isMask: mask))
}

func wrap(_ values: [Double]) -> Value { wrap(Tensor(values)) }

/// Converts a TensorError into a located-later Lab error of the right kind.
func labError(_ e: TensorError) -> Diagnostic {
    switch e {
    case let .shapeMismatch(op, l, r):
        return .lab(.shape, Message.shapesDoNotMatch.localized(op, describeShape(l), describeShape(r)))
    case .invalidShape, .reshapeCount, .axisOutOfRange: return .lab(.shape, e.description)
    case let .indexOutOfRange(index, dimension, size):
        return .lab(
            .index, Message.indexOutOfRangeForDimension.localized("\(index)", "\(dimension)", "\(size)"))
    case .singular, .notPositiveDefinite, .noConvergence, .domain: return .lab(.domain, e.description)
    case .stopped: return .lab(.interrupted, Message.interrupted.localized())
    }
}

/// Runs a tensor operation, turning its errors into Lab errors.
@inline(__always)
func tensorOp<T>(_ body: () throws(TensorError) -> T) throws(Diagnostic) -> T {
    do { return try body() } catch { throw labError(error) }
}

extension Value {
    /// The tensor object inside, if any.
    var tensorObject: TensorObject? {
        if case let .object(o) = self { return o as? TensorObject }
        return nil
    }

    var isTraced: Bool { tensorObject?.variable.requiresGrad ?? false }

    var model: ModelObject? {
        if case let .object(o) = self { return o as? ModelObject }
        return nil
    }
}

/// A Variable from a number, range or tensor value.
func variable(_ v: Value, _ what: String = "argument") throws(Diagnostic) -> Variable {
    switch v {
    case let .number(x): return Variable(constant: Tensor(x))
    case let .range(r):
        try checkLimit([r.count])
        return Variable(constant: Tensor(r.elements))
    case let .object(o):
        if let t = o as? TensorObject { return t.variable }
    case let .list(items) where !items.isEmpty:
        // A List of numbers reads as a Vector.
        var xs: [Double] = []
        for i in items {
            guard case let .number(x) = i else { break }
            xs.append(x)
        }
        if xs.count == items.count { return Variable(constant: Tensor(xs)) }
    default: break
    }
    throw .lab(.type, "expected a number or a tensor for \(what), found a \(v.typeName)")
}

/// The Tensor value of a number, range or tensor (traced values give their current value).
func tensor(_ v: Value, _ what: String = "argument") throws(Diagnostic) -> Tensor {
    try variable(v, what).value
}

/// A Double from a number or one-element tensor.
func double(_ v: Value, _ what: String = "argument") throws(Diagnostic) -> Double {
    switch v {
    case let .number(x): return x
    case let .bool(b): return b ? 1 : 0
    default:
        if let t = v.tensorObject, t.tensor.count == 1 { return t.tensor.scalars[0] }
        throw .lab(.type, "expected a number for \(what), found a \(v.typeName)")
    }
}

/// An Int from an integer-valued number.
func integer(_ v: Value, _ what: String = "argument") throws(Diagnostic) -> Int {
    let x = try double(v, what)
    guard x == x.rounded(), Swift.abs(x) < 1e15 else {
        throw .lab(.type, "expected an integer for \(what), found \(formatNumber(x))")
    }
    return Int(x)
}

/// A non-negative size.
func size(_ v: Value, _ what: String = "size") throws(Diagnostic) -> Int {
    let n = try integer(v, what)
    if n < 0 { throw .lab(.domain, "\(what) must not be negative, found \(n)") }
    return n
}

func string(_ v: Value, _ what: String = "argument") throws(Diagnostic) -> String {
    if case let .string(s) = v { return s }
    throw .lab(.type, "expected a String for \(what), found a \(v.typeName)")
}

func bool(_ v: Value, _ what: String = "argument") throws(Diagnostic) -> Bool {
    if case let .bool(b) = v { return b }
    throw .lab(.type, "expected true or false for \(what), found a \(v.typeName)")
}

extension Arguments {
    /// The keyword `name` read by `decode` (`double`, `size`, `string`, …), which names the
    /// keyword in its errors; nil when it was not given. `try a.keyword("lr", double) ?? 0.01`.
    func keyword<T>(_ name: String, _ decode: (Value, String) throws(Diagnostic) -> T) throws(Diagnostic)
        -> T?
    {
        guard let v = keyword(name) else { return nil }
        return try decode(v, name)
    }

    /// The `dims` keyword as 0-based axes (nil when absent).
    func dims(rank: Int) throws(Diagnostic) -> [Int]? {
        guard let d = keyword("dims") else { return nil }
        var axes: [Int] = []
        switch d {
        case .list(let items):
            for i in items { axes.append(try integer(i, "dims")) }
        case .range(let r):
            axes = r.elements.map { Int($0) }
        default:
            if let t = d.tensorObject {
                axes = t.tensor.scalars.map { Int($0) }
            } else {
                axes = [try integer(d, "dims")]
            }
        }
        for a in axes where a < 1 || a > rank {
            throw .lab(
                .shape,
                "dims = \(a) is out of range for a tensor with \(rank) dimension\(rank == 1 ? "" : "s")")
        }
        return axes.map { $0 - 1 }
    }
}

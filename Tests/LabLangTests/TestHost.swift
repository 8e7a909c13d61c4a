import Diagnostics

@testable import LabLang

/// A one-dimensional stand-in for LabLibrary's tensor, so the interpreter's contract with
/// its `Host` can be tested inside LabLang (which knows no math library).
final class TestVector: LabObject {
    let items: [Double]
    /// The shape a comprehension asked for (`[n]` or `[n, m]`).
    let shape: [Int]
    var typeName: String { "Vector" }
    init(_ items: [Double], shape: [Int]? = nil) {
        self.items = items
        self.shape = shape ?? [items.count]
    }
}

/// The smallest `Host`: vectors of numbers (built by `[…]` and comprehensions), elementwise
/// arithmetic with a number or an equal-length vector, indexing, indexed assignment and
/// iteration. Everything else is a `type` error naming the operation.
final class TestHost: Host {
    func unsupported(_ what: String) -> Diagnostic { .lab(.type, "test host: no \(what)") }

    func items(_ v: Value) throws -> [Double] {
        switch v {
        case let .object(o as TestVector): return o.items
        case let .range(r): return r.elements
        case let .number(x): return [x]
        default: throw unsupported("\(v.typeName) operand")
        }
    }

    func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        let (x, y) = (try items(a), try items(b))
        let n = max(x.count, y.count)
        guard x.count == y.count || x.count == 1 || y.count == 1 else {
            throw Diagnostic.lab(.shape, "lengths \(x.count) and \(y.count)")
        }
        let values = (0..<n).map { i -> Double in
            let (left, right) = (x[x.count == 1 ? 0 : i], y[y.count == 1 ? 0 : i])
            guard case let .number(r) = Interpreter.numberOp(op, left, right) else { return .nan }
            return r
        }
        return .object(TestVector(values))
    }
    func unary(_ op: UnaryOperator, _ a: Value) throws -> Value {
        guard op == .negate else { throw unsupported("unary \(op.rawValue)") }
        return .object(TestVector(try items(a).map { -$0 }))
    }
    func transpose(_ a: Value) throws -> Value { throw unsupported("transpose") }
    func vector(_ values: [Value]) throws -> Value { .object(TestVector(try values.flatMap(items))) }
    func matrix(_ rows: [[Value]]) throws -> Value { throw unsupported("matrix") }
    func lastIndex(_ base: Value, dimension: Int, count: Int) throws -> Int { try items(base).count }
    func index(_ base: Value, _ indices: [IndexValue]) throws -> Value {
        let x = try items(base)
        guard indices.count == 1, case let .value(i) = indices[0] else {
            throw unsupported("multiple indices")
        }
        let positions = try items(i).map { Int($0) }
        guard positions.allSatisfy({ (1...x.count).contains($0) }) else {
            throw Diagnostic.lab(.index, "index out of range")
        }
        if case .number = i { return .number(x[positions[0] - 1]) }
        return .object(TestVector(positions.map { x[$0 - 1] }))
    }
    func assignIndex(_ base: Value, _ indices: [IndexValue], _ newValue: Value) throws -> Value {
        var x = try items(base)
        let fill = try items(newValue)
        guard indices.count == 1 else { throw unsupported("multiple indices") }
        let positions: [Int]
        switch indices[0] {
        case .all: positions = Array(1...x.count)
        case let .value(i): positions = try items(i).map { Int($0) }
        }
        for (k, p) in positions.enumerated() { x[p - 1] = fill.count == 1 ? fill[0] : fill[k] }
        return .object(TestVector(x))
    }
    func comprehension(_ results: [Value], shape: [Int]) throws -> Value {
        if results.allSatisfy({ if case .number = $0 { true } else { false } }) {
            return .object(TestVector(try results.flatMap(items), shape: shape))
        }
        return .list(results)
    }
    func elements(_ value: Value) throws -> [Value] { try items(value).map { .number($0) } }
    func member(_ base: Value, _ name: String) throws -> Value { throw unsupported("field \(name)") }
    func call(_ object: any LabObject, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        throw unsupported("call")
    }
    func elementwise(_ function: Value, _ arguments: [Value], _ interpreter: Interpreter) throws -> Value {
        throw unsupported("dot call")
    }
    func scalar(_ value: Value) -> Double? {
        guard let x = try? items(value), x.count == 1 else { return nil }
        return x[0]
    }
    func equal(_ a: Value, _ b: Value) -> Bool { (try? items(a)) == (try? items(b)) }
    func display(_ object: any LabObject, options: DisplayOptions) -> String { inline(object) }
    func inline(_ object: any LabObject) -> String {
        guard let v = object as? TestVector else { return object.typeName }
        return "[" + v.items.map { formatNumber($0) }.joined(separator: ", ") + "]"
    }
    func builtin(named name: String) -> Value? { nil }
}

import Synchronization
import Tensors

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reverse-mode automatic differentiation to any order over `Tensor`.
///
/// ## API summary (for LabLibrary and the learning modules)
///
/// Leaves and constants
///
///     let x = Variable(tensor)                    // a leaf that requires a gradient
///     let c = Variable(constant: tensor)          // a constant: never differentiated
///     let s = Variable(2.5)                       // a scalar leaf
///     x.value, x.shape, x.requiresGrad, x.detached()
///
/// Operations (every one differentiable to any order; shape errors throw `TensorError`)
///
/// - arithmetic with broadcasting: `+ - * /` between Variables (throwing), with a
///   `Double` on either side (non-throwing), prefix `-`, `pow(x, 3)`, `pow(a, b)`,
///   `maximum`, `minimum`, `select(mask, a, b)`; comparisons `compare(a, b, .less)`
///   give constant 0/1 masks.
/// - elementwise math as free functions: `exp log log1p expm1 sqrt sin cos tan tanh
///   abs sigmoid relu leakyRelu softplus square clamp heaviside sign floor ceil round`.
/// - reductions (named as on `Tensor`): `x.sum()`, `x.sum(axes:keepingDimensions:)`,
///   `x.mean()`, `x.mean(axes:…)`, `x.max(axes:…)`, `x.min(axes:…)`, `x.norm(p)`,
///   `x.logSumExp(axes:…)`, `x.softmax(axis:)`, `x.logSoftmax(axis:)`, `x.variance(axes:corrected:…)`,
///   `x.standardDeviation(…)`, `x.cumulativeSum(axis:)`.
/// - products: `matmul(a, b)` (vectors promoted as NumPy does; rank-3 batches, a
///   rank-2 side shared), `dot(u, v)`, `outer(u, v)`.
/// - movement: `reshaped`, `flattened()`, `transposed`, `permuted`, `broadcast(to:)`,
///   `sum(toShape:)`, `slice([AxisSelection])` (as `Tensor.slice`), `sliced(alongAxis:range:)`,
///   `gathered(_:alongAxis:)`, `reversed(alongAxis:)`, `squeezed(axes:)`, `expanded(axis:)`,
///   `tiled(_:)`, `repeated(_:alongAxis:)`, `Variable.concatenate(_:alongAxis:)`, `Variable.stack(_:alongAxis:)`.
/// - linear algebra: `solve(a, b)`, `inverse`, `determinant`, `logDeterminant` (det > 0),
///   `logAbsDeterminant`, `cholesky` (gradient along symmetric perturbations).
///
/// Gradients
///
///     let g = try gradients(of: loss, wrt: [w, b])                     // constants (fast path)
///     let g2 = try gradients(of: loss, wrt: [w, b], createGraph: true) // Variables on a new graph:
///     let h = try gradients(of: g2[0].sum(), wrt: [w])                 //   differentiate again
///     g[0].value                                                       // the Tensor
///     try gradientTensors(of: loss, wrt: [w, b])                       // [Tensor] directly
///
/// Transforms on functions of a Tensor: `valueAndGradient(of:at:)`, `gradient(of:at:)`,
/// `hvp(of:at:direction:)`, `hessian(of:at:)`, `jacobian(of:at:)`, and central differences
/// `numericalGradient(of:at:step:)` for checking.
///
/// ## Design
/// A `Variable` holds its value, its inputs and a backward rule; nodes hold
/// their parents and never their children, so a graph is freed when the last
/// reference to its output goes away. Every backward rule is one line of
/// Variable operations next to its forward operation, so with `createGraph` the
/// backward pass is itself recorded and can be differentiated again. Without it,
/// recording is paused on the thread while the rules run, so nothing is recorded.
///
/// Releasing a graph recurses at most `ReleaseQueue.maximumDepth` nodes deep:
/// past that, a node's inputs are handed to a per-thread queue that the
/// outermost release drains in a loop, so an unbroken chain of millions of
/// operations is freed without exhausting the stack. `liveGraphNodes` counts
/// recorded (non-leaf) nodes alive in the process, for callers that bound memory.
// Unchecked: `origin` is a `var` only so that `deinit` can release it early.
public final class Variable: @unchecked Sendable, CustomStringConvertible {
    /// The value this node computed.
    public let value: Tensor
    /// Whether gradients flow into this node (a leaf created with `requiresGrad`,
    /// or the result of an operation on such a node).
    public let requiresGrad: Bool
    /// The operation that made this node, its operands and its backward rule
    /// (set to `.leaf` only by `deinit`, which releases it without deep recursion).
    private(set) var origin: Origin

    /// Recorded (non-leaf) nodes alive now, over all threads: ~470 bytes each with
    /// their closures, so a runaway loop inside `grad` is visible here before memory runs out.
    public static var liveGraphNodes: Int { liveNodes.load(ordering: .relaxed) }
    static let liveNodes = Atomic<Int>(0)

    /// A leaf holding `value`; with `requiresGrad` (the default) gradients can be taken with respect to it.
    public init(_ value: Tensor, requiresGrad: Bool = true) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.origin = .leaf
    }

    /// A constant: it never requires a gradient and no graph is recorded through it.
    public init(constant value: Tensor) {
        self.value = value
        self.requiresGrad = false
        self.origin = .leaf
    }

    /// A rank-0 leaf holding `value`.
    public convenience init(_ value: Double, requiresGrad: Bool = true) {
        self.init(Tensor(value), requiresGrad: requiresGrad)
    }

    /// The result of an operation.
    init(value: Tensor, origin: Origin) {
        self.value = value
        self.requiresGrad = true
        self.origin = origin
        if case .leaf = origin {} else { Variable.liveNodes.add(1, ordering: .relaxed) }
    }

    deinit {
        if case .leaf = origin { return }
        Variable.liveNodes.subtract(1, ordering: .relaxed)
        let queue = ReleaseQueue.current
        if queue.depth >= ReleaseQueue.maximumDepth {
            // Too deep: the queue keeps the inputs alive, so nothing is freed below this frame.
            switch origin {
            case .leaf: break
            case .unary(let x, _): queue.pending.append(x)
            case .binary(let a, let b, _, _, _): queue.pending.append(a); queue.pending.append(b)
            case .general(let inputs, _): queue.pending.append(contentsOf: inputs)
            }
            return
        }
        queue.depth += 1
        origin = .leaf  // releases the inputs here, at most `maximumDepth` nested deinits deep
        if queue.depth == 1 {
            while !queue.pending.isEmpty { _ = queue.pending.removeLast() }
        }
        queue.depth -= 1
        assert(queue.depth > 0 || queue.pending.isEmpty, "the outermost release leaves nothing pending")
    }

    /// The number of operands of the operation that made this node.
    var inputCount: Int {
        switch origin {
        case .leaf: return 0
        case .unary: return 1
        case .binary: return 2
        case .general(let inputs, _): return inputs.count
        }
    }

    /// Operand `k` of the operation that made this node.
    func input(_ k: Int) -> Variable {
        switch origin {
        case .leaf: preconditionFailure("a leaf has no inputs")
        case .unary(let x, _):
            assert(k == 0, "a unary operation has one input")
            return x
        case .binary(let a, let b, _, _, _):
            assert(k == 0 || k == 1, "a binary operation has two inputs")
            return k == 0 ? a : b
        case .general(let inputs, _): return inputs[k]
        }
    }

    public var shape: [Int] { value.shape }
    public var rank: Int { value.rank }
    public var count: Int { value.count }
    /// The single element of a one-element value.
    public var scalar: Double? { value.scalar }

    /// The same value as a constant, cut from the graph (a stop-gradient).
    public func detached() -> Variable { Variable(constant: value) }

    public var description: String {
        "Variable(\(describeShape(shape))\(requiresGrad ? ", requiresGrad" : ""))"
    }
}

/// The per-thread state of graph release (see `Variable`): how many `deinit`s
/// are nested now, and the nodes whose release was put off to keep that bounded.
final class ReleaseQueue {
    static let maximumDepth = 256
    var depth = 0
    var pending: [Variable] = []

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            #if canImport(Darwin)
                Unmanaged<ReleaseQueue>.fromOpaque(raw).release()
            #else
                if let raw { Unmanaged<ReleaseQueue>.fromOpaque(raw).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed (\(status))")
        return key
    }()

    static var current: ReleaseQueue {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<ReleaseQueue>.fromOpaque(raw).takeUnretainedValue()
        }
        let queue = ReleaseQueue()
        pthread_setspecific(key, Unmanaged.passRetained(queue).toOpaque())
        return queue
    }
}

/// How a node was made. Unary and binary operations (nearly all of them) keep
/// their operands and rules inline, so recording one allocates no arrays and,
/// for a rule that captures nothing, no closure context.
enum Origin: Sendable {
    /// A leaf or a constant.
    case leaf
    /// y = op(x) with ∂x = rule(g, x, y).
    case unary(Variable, UnaryRule)
    /// y = op(a, b) with ∂a = da(g, a, b, y), ∂b = db(g, a, b, y); with
    /// `unbroadcast`, each is summed back to its operand's shape.
    case binary(Variable, Variable, BinaryRule, BinaryRule, unbroadcast: Bool)
    /// Any number of operands with one rule for all of them.
    case general([Variable], BackwardRule)
}

/// A backward rule: `(gradient of the output, inputs, output, which inputs need a gradient)`
/// → one gradient per input, shaped like that input (nil means zero or not needed).
typealias BackwardRule =
    @Sendable (
        _ grad: Variable, _ inputs: [Variable], _ output: Variable, _ needed: [Bool]
    ) throws(TensorError) -> [Variable?]

/// A rule for one input of a unary operation: `(grad, x, y) -> ∂`.
typealias UnaryRule =
    @Sendable (_ grad: Variable, _ x: Variable, _ y: Variable) throws(TensorError) -> Variable
/// A rule for one input of a binary operation: `(grad, a, b, y) -> ∂`.
typealias BinaryRule =
    @Sendable (
        _ grad: Variable, _ a: Variable, _ b: Variable, _ y: Variable
    ) throws(TensorError) -> Variable

/// Records `value = op(x)` with the rule giving ∂L/∂x from ∂L/∂y.
@inline(__always)
func unary(_ value: Tensor, _ x: Variable, _ rule: @escaping UnaryRule) -> Variable {
    guard x.requiresGrad && isRecording else { return Variable(constant: value) }
    return Variable(value: value, origin: .unary(x, rule))
}

/// Records `value = op(x)` for a piecewise-constant op: its gradient is zero, so it is a constant.
@inline(__always)
func constantResult(_ value: Tensor) -> Variable { Variable(constant: value) }

/// Records `value = op(a, b)`. With `unbroadcast`, each gradient is summed back
/// to its input's shape (the adjoint of broadcasting).
@inline(__always)
func binary(
    _ value: Tensor, _ a: Variable, _ b: Variable, unbroadcast: Bool = true,
    _ da: @escaping BinaryRule, _ db: @escaping BinaryRule
) -> Variable {
    guard (a.requiresGrad || b.requiresGrad) && isRecording else { return Variable(constant: value) }
    return Variable(value: value, origin: .binary(a, b, da, db, unbroadcast: unbroadcast))
}

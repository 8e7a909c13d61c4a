import Tensors

/// The gradients of `output` with respect to each of `wrt`, by reverse mode.
///
/// For a scalar `output` this is ∇ₓ output; for a non-scalar one, the
/// vector–Jacobian product with `seed` (default: all ones, i.e. the gradient of
/// the sum). Each gradient has the shape of its variable; a variable the output
/// does not depend on gets zeros.
///
/// - Parameters:
///   - createGraph: when true, the backward pass is recorded: the gradients are
///     Variables on a new graph (they depend on `wrt`) and can be differentiated
///     again, to any order. When false, nothing is recorded and the gradients are
///     constants (the fast path).
///   - seed: ∂L/∂output, shaped like `output`. It may itself require a gradient
///     when `createGraph` is true.
/// - Complexity: one backward rule per node between `output` and `wrt`.
public func gradients(
    of output: Variable, wrt variables: [Variable], createGraph: Bool = false, seed: Variable? = nil
) throws(TensorError) -> [Variable] {
    if let seed, seed.shape != output.shape {
        throw .shapeMismatch(operation: "gradient seed", lhs: seed.shape, rhs: output.shape)
    }
    let graph = RelevantGraph(from: output, targets: variables)
    var grads = [Variable?](repeating: nil, count: graph.nodes.count)
    if let last = graph.nodes.indices.last {  // the output comes last in post-order
        grads[last] = (createGraph ? seed : seed?.detached())
            ?? Variable(constant: Tensor(shape: output.shape, repeating: 1))
    }
    func runBackward() throws(TensorError) {
        for k in graph.nodes.indices.reversed() {  // outputs before their inputs
            let node = graph.nodes[k]
            guard let backward = node.backward, let g = grads[k] else { continue }
            if !graph.isTarget[k] { grads[k] = nil }  // free it as soon as it is used
            let slots = graph.inputSlots[k]
            let inputGrads = try backward(g, node.inputs, node, slots.map { $0 >= 0 })
            for (slot, ig) in zip(slots, inputGrads) where slot >= 0 {
                guard let ig else { continue }
                grads[slot] = try grads[slot].map { existing throws(TensorError) in try existing + ig } ?? ig
            }
        }
    }
    if createGraph {
        try runBackward()
    } else {
        try withoutRecording(runBackward)
    }
    return variables.map { v in
        graph.slot[NodeKey(v)].flatMap { grads[$0] } ?? Variable(constant: .zeros(v.shape))
    }
}

/// The gradients as Tensors (the fast path: nothing is recorded).
public func gradientTensors(of output: Variable, wrt variables: [Variable]) throws(TensorError) -> [Tensor] {
    try gradients(of: output, wrt: variables, createGraph: false).map(\.value)
}

/// The nodes on some path from an output down to one of the targets, in
/// post-order (every node after all of its relevant inputs), with each node's
/// input positions in that order (−1 for an input no gradient flows to).
/// Built by an iterative depth-first search, so a deep graph (many inner
/// steps) cannot overflow the stack.
private struct RelevantGraph {
    var nodes: [Variable] = []
    var inputSlots: [[Int]] = []
    var isTarget: [Bool] = []
    /// The position in `nodes` of each relevant node.
    var slot: [NodeKey: Int] = [:]

    init(from output: Variable, targets: [Variable]) {
        guard output.requiresGrad else { return }
        let targetIDs = Set(targets.map(NodeKey.init))
        // −1: on the stack; −2: finished and irrelevant; ≥ 0: relevant, its position.
        var state: [NodeKey: Int] = [NodeKey(output): -1]
        state.reserveCapacity(256)
        var stack: [(node: Variable, next: Int)] = [(output, 0)]
        while let top = stack.last {
            let node = top.node
            if top.next < node.inputs.count {
                stack[stack.count - 1].next += 1
                let input = node.inputs[top.next]
                let id = NodeKey(input)
                if input.requiresGrad && state[id] == nil {
                    state[id] = -1
                    stack.append((input, 0))
                }
                continue
            }
            stack.removeLast()
            let id = NodeKey(node)
            let slots = node.inputs.map { input -> Int in
                let s = state[NodeKey(input)] ?? -2
                return s >= 0 ? s : -1
            }
            let target = targetIDs.contains(id)
            if target || slots.contains(where: { $0 >= 0 }) {
                state[id] = nodes.count
                nodes.append(node)
                inputSlots.append(slots)
                isTarget.append(target)
            } else {
                state[id] = -2
            }
        }
        for (id, s) in state where s >= 0 { slot[id] = s }
    }
}

/// A node's identity as a dictionary key, hashed by one multiply of its address
/// (the graph walk looks up every edge; SipHash was a tenth of a meta-iteration).
struct NodeKey: Hashable {
    let address: UInt

    init(_ node: Variable) { address = UInt(bitPattern: ObjectIdentifier(node)) }

    static func == (a: NodeKey, b: NodeKey) -> Bool { a.address == b.address }

    func hash(into hasher: inout Hasher) { hasher.combine(address) }

    func _rawHashValue(seed: Int) -> Int {
        let h = (address ^ UInt(bitPattern: seed)) &* 0x9E37_79B9_7F4A_7C15
        return Int(bitPattern: h ^ (h >> 29))
    }
}

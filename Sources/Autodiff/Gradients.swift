import Tensors

/// The gradients of `output` with respect to each of `wrt`, by reverse mode.
///
/// For a scalar `output` this is ∇ₓ output; for a non-scalar one, the
/// vector–Jacobian product with `seed` (default: all ones, i.e. the gradient of
/// the sum). Each gradient has the shape of its variable; a variable the output
/// does not depend on gets zeros. `wrt` may hold leaves or intermediate nodes
/// (a traced value inside an outer differentiation, as in `grad(grad(f))`).
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
        grads[last] =
            (createGraph ? seed : seed?.detached())
            ?? Variable(constant: Tensor(shape: output.shape, repeating: 1))
    }
    /// Adds `ig` into the gradient at `slot`.
    func accumulate(_ ig: Variable, _ slot: Int) throws(TensorError) {
        if let existing = grads[slot] {
            grads[slot] = try existing + ig
        } else {
            grads[slot] = ig
        }
    }
    func runBackward() throws(TensorError) {
        for k in graph.nodes.indices.reversed() {  // outputs before their inputs
            let node = graph.nodes[k]
            guard let g = grads[k] else { continue }
            if !graph.isTarget[k] { grads[k] = nil }  // free it as soon as it is used
            let first = graph.slotStart[k]
            switch node.origin {
            case .leaf:
                continue
            case let .unary(x, rule):
                let slot = graph.inputSlots[first]
                if slot >= 0 { try accumulate(try rule(g, x, node), slot) }
            case let .binary(a, b, da, db, unbroadcast):
                let (slotA, slotB) = (graph.inputSlots[first], graph.inputSlots[first + 1])
                if slotA >= 0 {
                    let ga = try da(g, a, b, node)
                    try accumulate(unbroadcast ? try ga.sum(toShape: a.shape) : ga, slotA)
                }
                if slotB >= 0 {
                    let gb = try db(g, a, b, node)
                    try accumulate(unbroadcast ? try gb.sum(toShape: b.shape) : gb, slotB)
                }
            case let .general(inputs, rule):
                let slots = graph.inputSlots[first..<(first + inputs.count)]
                let inputGrads = try rule(g, inputs, node, slots.map { $0 >= 0 })
                for (slot, ig) in zip(slots, inputGrads) where slot >= 0 {
                    if let ig { try accumulate(ig, slot) }
                }
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
    /// The positions of every node's inputs, node after node (−1: no gradient flows there).
    var inputSlots: [Int] = []
    /// Where node k's entries start in `inputSlots`.
    var slotStart: [Int] = []
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
            let inputCount = node.inputCount
            if top.next < inputCount {
                stack[stack.count - 1].next += 1
                let input = node.input(top.next)
                let id = NodeKey(input)
                if input.requiresGrad && state[id] == nil {
                    state[id] = -1
                    stack.append((input, 0))
                }
                continue
            }
            stack.removeLast()
            let id = NodeKey(node)
            let start = inputSlots.count
            var anyRelevant = false
            for j in 0..<inputCount {
                let s = state[NodeKey(node.input(j))] ?? -2
                inputSlots.append(s >= 0 ? s : -1)
                anyRelevant = anyRelevant || s >= 0
            }
            let target = targetIDs.contains(id)
            if target || anyRelevant {
                state[id] = nodes.count
                nodes.append(node)
                slotStart.append(start)
                isTarget.append(target)
            } else {
                state[id] = -2
                inputSlots.removeLast(inputCount)
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

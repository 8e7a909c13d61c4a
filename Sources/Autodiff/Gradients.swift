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
    /// Adds `ig`, a gradient flowing from node `k` to its input at `slot`, into that input's gradient.
    func accumulate(_ ig: Variable, _ slot: Int, from k: Int) throws(TensorError) {
        assert(slot < k, "post-order: an input (\(slot)) comes before its output (\(k))")
        assert(
            ig.shape == graph.nodes[slot].shape,
            "a backward rule returns \(ig.shape) for an input of shape \(graph.nodes[slot].shape)")
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
            assert(g.shape == node.shape, "the gradient reaching a node has the node's shape")
            if !graph.isTarget[k] { grads[k] = nil }  // free it as soon as it is used
            let first = graph.slotStart[k]
            switch node.origin {
            case .leaf:
                continue
            case let .unary(x, rule):
                let slot = graph.inputSlots[first]
                if slot >= 0 { try accumulate(try rule(g, x, node), slot, from: k) }
            case let .binary(a, b, da, db, unbroadcast):
                let (slotA, slotB) = (graph.inputSlots[first], graph.inputSlots[first + 1])
                if slotA >= 0 {
                    let ga = try da(g, a, b, node)
                    try accumulate(unbroadcast ? try ga.sum(toShape: a.shape) : ga, slotA, from: k)
                }
                if slotB >= 0 {
                    let gb = try db(g, a, b, node)
                    try accumulate(unbroadcast ? try gb.sum(toShape: b.shape) : gb, slotB, from: k)
                }
            case let .general(inputs, rule):
                let slots = graph.inputSlots[first..<(first + inputs.count)]
                let inputGrads = try rule(g, inputs, node, slots.map { $0 >= 0 })
                for (slot, ig) in zip(slots, inputGrads) where slot >= 0 {
                    if let ig { try accumulate(ig, slot, from: k) }
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
        graph.slot(of: v).flatMap { grads[$0] } ?? Variable(constant: .zeros(v.shape))
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
    /// Every node the walk reached: −2 irrelevant, ≥ 0 relevant (its position in `nodes`).
    private var state = NodeTable(minimumCapacity: 128)

    /// The position in `nodes` of `node`, if it is relevant.
    func slot(of node: Variable) -> Int? { state[node].flatMap { $0 >= 0 ? $0 : nil } }

    init(from output: Variable, targets: [Variable]) {
        guard output.requiresGrad else { return }
        var targetIDs = NodeTable(minimumCapacity: targets.count)
        for t in targets { targetIDs[t] = 0 }
        // −1: on the stack; −2: finished and irrelevant; ≥ 0: relevant, its position.
        state[output] = -1
        var stack: [(node: Variable, next: Int)] = [(output, 0)]
        while let top = stack.last {
            let node = top.node
            let inputCount = node.inputCount
            if top.next < inputCount {
                stack[stack.count - 1].next += 1
                let input = node.input(top.next)
                if input.requiresGrad && state[input] == nil {
                    state[input] = -1
                    stack.append((input, 0))
                }
                continue
            }
            stack.removeLast()
            let start = inputSlots.count
            var anyRelevant = false
            for j in 0..<inputCount {
                let s = state[node.input(j)] ?? -2
                inputSlots.append(s >= 0 ? s : -1)
                anyRelevant = anyRelevant || s >= 0
            }
            let target = targetIDs[node] != nil
            if target || anyRelevant {
                state[node] = nodes.count
                nodes.append(node)
                slotStart.append(start)
                isTarget.append(target)
            } else {
                state[node] = -2
                inputSlots.removeLast(inputCount)
            }
        }
        assert(slotStart.count == nodes.count && isTarget.count == nodes.count, "one entry per node")
        assert(nodes.isEmpty || nodes.last === output, "the output is relevant and comes last")
        assert(stack.isEmpty && state[output]! != -1, "the walk finished every node it started")
    }
}

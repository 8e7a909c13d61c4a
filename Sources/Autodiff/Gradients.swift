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
    let targets = Set(variables.map(ObjectIdentifier.init))
    let order = relevantNodes(from: output, targets: targets)
    var grads: [ObjectIdentifier: Variable] = [:]
    if !order.isEmpty {
        grads[ObjectIdentifier(output)] = (createGraph ? seed : seed?.detached()) ?? Variable(constant: Tensor(shape: output.shape, repeating: 1))
    }
    let relevant = Set(order.map { ObjectIdentifier($0) })
    for node in order.reversed() {  // outputs before their inputs
        let id = ObjectIdentifier(node)
        guard let backward = node.backward, let g = grads[id] else { continue }
        if !targets.contains(id) { grads[id] = nil }  // free it as soon as it is used
        let needed = node.inputs.map { relevant.contains(ObjectIdentifier($0)) }
        let inputGrads: [Variable?]
        if createGraph {
            inputGrads = try backward(g, node.inputs, node, needed)
        } else {
            inputGrads = try backward(g, node.inputs.map { $0.detached() }, node.detached(), needed)
        }
        for (input, ig) in zip(node.inputs, inputGrads) {
            guard let ig else { continue }
            let key = ObjectIdentifier(input)
            guard relevant.contains(key) else { continue }
            if let existing = grads[key] {
                grads[key] = try existing + ig
            } else {
                grads[key] = ig
            }
        }
    }
    return variables.map { v in grads[ObjectIdentifier(v)] ?? Variable(constant: .zeros(v.shape)) }
}

/// The gradients as Tensors (the fast path: nothing is recorded).
public func gradientTensors(of output: Variable, wrt variables: [Variable]) throws(TensorError) -> [Tensor] {
    try gradients(of: output, wrt: variables, createGraph: false).map(\.value)
}

/// The nodes on some path from `output` down to a node of `targets`, in
/// post-order (every node after all of its relevant inputs).
/// Iterative, so a deep graph (many inner steps) cannot overflow the stack.
private func relevantNodes(from output: Variable, targets: Set<ObjectIdentifier>) -> [Variable] {
    guard output.requiresGrad else { return [] }
    var order: [Variable] = []
    var state: [ObjectIdentifier: Bool] = [:]  // false: on the stack, true: finished and relevant
    var finished = Set<ObjectIdentifier>()
    var stack: [(node: Variable, next: Int)] = [(output, 0)]
    state[ObjectIdentifier(output)] = false
    while !stack.isEmpty {
        let top = stack.count - 1
        let node = stack[top].node
        let k = stack[top].next
        if k < node.inputs.count {
            stack[top].next = k + 1
            let input = node.inputs[k]
            let id = ObjectIdentifier(input)
            if input.requiresGrad && state[id] == nil && !finished.contains(id) {
                state[id] = false
                stack.append((input, 0))
            }
            continue
        }
        stack.removeLast()
        let id = ObjectIdentifier(node)
        let isRelevant = targets.contains(id) || node.inputs.contains { state[ObjectIdentifier($0)] == true }
        state[id] = isRelevant ? true : nil
        finished.insert(id)
        if isRelevant { order.append(node) }
    }
    return order
}

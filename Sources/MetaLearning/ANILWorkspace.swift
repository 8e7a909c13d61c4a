import NeuralNets
import Tensors

/// ANIL's meta-loss and meta-gradient derived by hand, for a multilayer
/// perceptron with mean-squared-error loss (no ½), the whole meta-batch in
/// preallocated memory.
///
/// The inner loop adapts only the head (the last layer: W of size d×o, b of
/// size o); the body (every other layer) is shared by all tasks and never
/// adapted. So:
/// - the body runs forward once over every support and query row of the
///   meta-batch, one product per layer for all tasks, giving the features H
///   (H_s: K×d support rows of a task, H_q: Q×d query rows);
/// - each task's inner loop is gradient descent on a least-squares problem in
///   the head: with c = 2/(K·o),
///
///       G_k = c (H_s W_k + 1 b_kᵀ − Y_s),   W_{k+1} = W_k − α H_sᵀ G_k,   b_{k+1} = b_k − α 1ᵀG_k;
///
/// - the query loss at the adapted head has G_q = c_q (H_q W_S + 1 b_Sᵀ − Y_q),
///   c_q = 2/(Q·o), head gradient u = (H_qᵀ G_q, 1ᵀG_q) and feature gradient
///   H̄_q = G_q W_Sᵀ;
/// - second order runs back through the inner steps, k = S−1 … 0, carrying
///   the head adjoint v (starting at u):
///
///       Ḡ = −α c (H_s v_W + 1 v_bᵀ),   H̄_s += −α G_k v_Wᵀ + Ḡ W_kᵀ,   v_W += H_sᵀ Ḡ,   v_b += 1ᵀḠ;
///
///   first order holds the inner gradients constant: v = u and H̄_s = 0;
/// - the body's gradient is one backward pass from H̄ over all rows (first
///   order: the query rows only), again one product per layer for all tasks.
///
/// Only first derivatives of the body enter: the second-order part of ANIL
/// lives in the head, where the inner loss is quadratic. The meta-loss is
/// (1/T) Σ_t L_q,t and the meta-gradient (1/T) Σ_t of the per-task gradients.
///
/// Rows are stored support rows of every task first (T·K), then query rows
/// (T·Q). Not thread-safe.
final class ANILWorkspace {
    let layout: MLPLayout
    let activation: Activation
    let taskCount: Int, supportSize: Int, querySize: Int, innerSteps: Int

    private let arena: UnsafeMutablePointer<Double>
    /// `activations[0]` is the input rows; `activations[i]` (i ≥ 1) is σ of body layer i − 1;
    /// the last is the features H.
    private var activations: [UnsafeMutablePointer<Double>] = []
    /// σ′ at body layer i's pre-activations.
    private var derivatives: [UnsafeMutablePointer<Double>] = []
    /// Two buffers of rows × widest hidden layer: pre-activations going forward,
    /// gradients with respect to activations (H̄ first) going back.
    private let signal, otherSignal: UnsafeMutablePointer<Double>
    private let supportY, queryY: UnsafeMutablePointer<Double>
    let theta, metaGradient: UnsafeMutablePointer<Double>
    /// Body weights transposed (out×in), at the weights' offsets.
    private let thetaTransposed: UnsafeMutablePointer<Double>
    /// Per task and inner step k = 1 … S, the head (W_k then b_k).
    private let heads: UnsafeMutablePointer<Double>
    /// Per task and inner step k = 0 … S−1, G_k (K×o).
    private let innerSignals: UnsafeMutablePointer<Double>
    private let queryLoss: UnsafeMutablePointer<Double>
    /// Head-sized and row-sized scratch: G_q, Ḡ, the adjoint v, a transposed head.
    private let querySignal, signalBar, adjoint, transposedHead: UnsafeMutablePointer<Double>

    init(
        layout: MLPLayout, activation: Activation, taskCount: Int, supportSize: Int, querySize: Int,
        innerSteps: Int
    ) {
        self.layout = layout
        self.activation = activation
        self.taskCount = taskCount
        self.supportSize = supportSize
        self.querySize = querySize
        self.innerSteps = innerSteps
        let sizes = layout.sizes, l = layout.layerCount, p = layout.parameterCount
        let rows = taskCount * (supportSize + querySize)
        let (d, o) = (sizes[l - 1], sizes[l])
        let widest = sizes[1..<l].max() ?? 0
        let head = d * o + o
        var total = rows * sizes[0] + 2 * rows * widest + rows * o + 3 * p
        for i in 1..<l { total += 2 * rows * sizes[i] }
        total += taskCount * innerSteps * (head + supportSize * o) + taskCount
        total += querySize * o + supportSize * o + head + d * o
        arena = .allocate(capacity: total)
        arena.initialize(repeating: 0, count: total)
        var cursor = arena
        func take(_ n: Int) -> UnsafeMutablePointer<Double> {
            defer { cursor += n }
            return cursor
        }
        activations.append(take(rows * sizes[0]))
        for i in 1..<l {
            activations.append(take(rows * sizes[i]))
            derivatives.append(take(rows * sizes[i]))
        }
        signal = take(rows * widest); otherSignal = take(rows * widest)
        supportY = take(taskCount * supportSize * o); queryY = take(taskCount * querySize * o)
        theta = take(p); metaGradient = take(p); thetaTransposed = take(p)
        heads = take(taskCount * innerSteps * head)
        innerSignals = take(taskCount * innerSteps * supportSize * o)
        queryLoss = take(taskCount)
        querySignal = take(querySize * o); signalBar = take(supportSize * o)
        adjoint = take(head); transposedHead = take(d * o)
        precondition(cursor - arena == total, "ANIL workspace size")
    }

    deinit { arena.deallocate() }

    func matches(
        layout: MLPLayout, activation: Activation, taskCount: Int, supportSize: Int, querySize: Int,
        innerSteps: Int
    ) -> Bool {
        self.layout == layout && self.activation == activation && self.taskCount == taskCount
            && self.supportSize == supportSize && self.querySize == querySize && self.innerSteps == innerSteps
    }

    /// Meta-loss at `theta` over `tasks` (whose shapes this workspace was built for);
    /// the meta-gradient is left in `metaGradient`. Expects `theta` filled in.
    /// - Complexity: about three forward-pass costs of the body over T·(K + Q) rows.
    func run(tasks: TaskBatch, innerStepSize alpha: Double, order: MAMLOrder) -> Double {
        let sizes = layout.sizes, l = layout.layerCount
        let (tCount, k, q, steps) = (taskCount, supportSize, querySize, innerSteps)
        let supportRows = tCount * k, rows = tCount * (k + q)
        let (d, o) = (sizes[l - 1], sizes[l])
        let head = d * o + o
        // The arena is laid out for these shapes; a batch of others would copy past its buffers.
        precondition(
            tasks.taskCount == tCount && tasks.supportSize == k && tasks.querySize == q
                && tasks.inputSize == sizes[0] && tasks.outputSize == o,
            "ANIL workspace for \(tCount) tasks of \(k) + \(q) rows, \(sizes[0]) → \(o)")
        copy(tasks.supportInputs, into: activations[0])
        copy(tasks.queryInputs, into: activations[0] + supportRows * sizes[0])
        copy(tasks.supportTargets, into: supportY)
        copy(tasks.queryTargets, into: queryY)
        metaGradient.initialize(repeating: 0, count: layout.parameterCount)

        // 1. The body forward over every row at once.
        for i in 0..<(l - 1) {
            let (din, dout) = (sizes[i], sizes[i + 1])
            gemm(
                m: rows, n: dout, k: din, a: activations[i], ars: din, acs: 1,
                b: theta + layout.weightOffset[i],
                ldb: dout, c: signal, ldc: dout, initial: .bias(theta + layout.biasOffset[i]))
            activate(activation, signal, activations[i + 1], derivatives[i], count: rows * dout)
            transpose(
                theta + layout.weightOffset[i], rows: din, columns: dout,
                into: thetaTransposed + layout.weightOffset[i])
        }

        // 2. Per task: the head's inner loop, the query loss and the gradients of the head and the features.
        let features = activations[l - 1], featureBar = signal
        let headW = theta + layout.weightOffset[l - 1], headB = theta + layout.biasOffset[l - 1]
        let (c, cq) = (2 / Double(k * o), 2 / Double(q * o))
        let (vW, vb) = (adjoint, adjoint + d * o)
        for t in 0..<tCount {
            let hs = features + t * k * d, hq = features + (supportRows + t * q) * d
            let ys = supportY + t * k * o, yq = queryY + t * q * o
            var (w, b) = (UnsafePointer(headW), UnsafePointer(headB))
            for step in 0..<steps {
                let g = innerSignals + (t * steps + step) * k * o
                gemm(m: k, n: o, k: d, a: hs, ars: d, acs: 1, b: w, ldb: o, c: g, ldc: o, initial: .bias(b))
                for i in 0..<(k * o) { g[i] = c * (g[i] - ys[i]) }
                let next = heads + (t * steps + step) * head
                gemm(m: d, n: o, k: k, a: hs, ars: 1, acs: d, b: g, ldb: o, c: next, ldc: o, initial: .zero)
                columnSums(g, rows: k, columns: o, into: next + d * o, accumulate: false)
                for i in 0..<(d * o) { next[i] = w[i] - next[i] * alpha }
                for j in 0..<o { next[d * o + j] = b[j] - next[d * o + j] * alpha }
                (w, b) = (UnsafePointer(next), UnsafePointer(next + d * o))
            }
            gemm(
                m: q, n: o, k: d, a: hq, ars: d, acs: 1, b: w, ldb: o, c: querySignal, ldc: o,
                initial: .bias(b))
            var total = 0.0
            for i in 0..<(q * o) {
                let e = querySignal[i] - yq[i]
                total = total.addingProduct(e, e)
                querySignal[i] = cq * e
            }
            queryLoss[t] = total / Double(q * o)
            gemm(
                m: d, n: o, k: q, a: hq, ars: 1, acs: d, b: querySignal, ldb: o, c: vW, ldc: o, initial: .zero
            )
            columnSums(querySignal, rows: q, columns: o, into: vb, accumulate: false)
            if l > 1 {
                transpose(w, rows: d, columns: o, into: transposedHead)
                gemm(
                    m: q, n: d, k: o, a: querySignal, ars: o, acs: 1, b: transposedHead, ldb: d,
                    c: featureBar + (supportRows + t * q) * d, ldc: d, initial: .zero)
            }
            if order == .second {
                let hsBar = featureBar + t * k * d
                for step in stride(from: steps - 1, through: 0, by: -1) {
                    let g = innerSignals + (t * steps + step) * k * o
                    let wk =
                        step == 0
                        ? UnsafePointer(headW) : UnsafePointer(heads + (t * steps + step - 1) * head)
                    gemm(
                        m: k, n: o, k: d, a: hs, ars: d, acs: 1, b: vW, ldb: o, c: signalBar, ldc: o,
                        initial: .bias(vb))
                    for i in 0..<(k * o) { signalBar[i] *= -alpha * c }
                    if l > 1 {
                        // H̄_s (+)= G_k (−α v_Wᵀ) + Ḡ W_kᵀ.
                        transpose(vW, rows: d, columns: o, into: transposedHead)
                        for i in 0..<(d * o) { transposedHead[i] *= -alpha }
                        gemm(
                            m: k, n: d, k: o, a: g, ars: o, acs: 1, b: transposedHead, ldb: d, c: hsBar,
                            ldc: d,
                            initial: step == steps - 1 ? .zero : .accumulate)
                        transpose(wk, rows: d, columns: o, into: transposedHead)
                        gemm(
                            m: k, n: d, k: o, a: signalBar, ars: o, acs: 1, b: transposedHead, ldb: d,
                            c: hsBar, ldc: d,
                            initial: .accumulate)
                    }
                    gemm(
                        m: d, n: o, k: k, a: hs, ars: 1, acs: d, b: signalBar, ldb: o, c: vW, ldc: o,
                        initial: .accumulate)
                    columnSums(signalBar, rows: k, columns: o, into: vb, accumulate: true)
                }
            }
            let headGradient = metaGradient + layout.weightOffset[l - 1]
            for i in 0..<head { headGradient[i] += adjoint[i] }
        }

        // 3. The body backward from H̄, one product per layer over the rows that carry a gradient.
        let (first, count) = order == .second ? (0, rows) : (supportRows, tCount * q)
        var bar = featureBar, spare = otherSignal
        for i in stride(from: l - 2, through: 0, by: -1) {
            let (din, dout) = (sizes[i], sizes[i + 1])
            let delta = bar + first * dout, derivative = derivatives[i] + first * dout
            for r in 0..<(count * dout) { delta[r] *= derivative[r] }
            gemm(
                m: din, n: dout, k: count, a: activations[i] + first * din, ars: 1, acs: din, b: delta,
                ldb: dout,
                c: metaGradient + layout.weightOffset[i], ldc: dout, initial: .zero)
            columnSums(
                delta, rows: count, columns: dout, into: metaGradient + layout.biasOffset[i],
                accumulate: false)
            if i > 0 {
                gemm(
                    m: count, n: din, k: dout, a: delta, ars: dout, acs: 1,
                    b: thetaTransposed + layout.weightOffset[i],
                    ldb: din, c: spare + first * din, ldc: din, initial: .zero)
                swap(&bar, &spare)
            }
        }

        let scale = 1 / Double(tCount)
        for i in 0..<layout.parameterCount { metaGradient[i] *= scale }
        var loss = 0.0
        for t in 0..<tCount { loss += queryLoss[t] }
        return loss * scale
    }

    private func copy(_ data: [Double], into out: UnsafeMutablePointer<Double>) {
        data.withUnsafeBufferPointer {
            if let base = $0.baseAddress { out.update(from: base, count: $0.count) }
        }
    }
}

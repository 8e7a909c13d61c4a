import NeuralNets
import RealModule
import Tensors

/// The one-inner-step MAML meta-gradient without ever forming a per-task
/// parameter vector.
///
/// With one step, the adapted weights differ from the shared θ by a low-rank
/// term: W′_l = W_l − α A_{l−1}ᵀ G_l and b′_l = b_l − α 1ᵀG_l (A = support
/// activations, G = ∂L_support/∂z, K rows per task). So every product with W′
/// or with the direction v splits into a product with the shared W, folded
/// over all tasks into one large product, plus a K×Q correction built from
/// two small Gram matrices per task and layer:
///
///     C = −α (A_q A_{l−1}ᵀ + 1 1ᵀ)   (Q×K),     E = −α G_q G_lᵀ   (Q×K)
///     query forward:   z_q   = A_q W + b + C G_l
///     query backward:  gh_q  = G_q Wᵀ + E A_{l−1}
///     Hessian–vector product along −α v, v_W = A_qᵀ G_q, v_b = 1ᵀ G_q:
///                      ż     = Ȧ W + Cᵀ G_q,      ġh = Ġ Wᵀ + Eᵀ A_q
///     meta-gradient:   Σ_t v_t − α H_t v_t = Σ_t [A_q; Ȧ; A]ᵀ [G_q; G; Ġ]  (one product over all rows)
///
/// (the last line pairs blocks: A_qᵀG_q + ȦᵀG + AᵀĠ; the bias part is
/// 1ᵀG_q + 1ᵀĠ). Tasks are processed in chunks so that a chunk's
/// activations stay in cache; within a chunk the rows of all its tasks are
/// stacked, block by block, in `left[l]` = [A_q; Ȧ; A] and `right[l]` = [G_q; G; Ġ].
///
/// A thin layer (one input or one output, like the sinusoid MLP's first and last) is
/// cheaper the plain way (`OneStepLayerForm.explicit`): each task's W′ = W − α A_{l−1}ᵀG_l
/// and b′ are formed (K·d_in·d_out) and multiplied directly, and the direction's
/// V = −α A_qᵀG_q, v_b = −α 1ᵀG_q likewise: z_q = A_q W′ + b′, gh_q = G_q W′ᵀ,
/// ż = Ȧ W + A V + v_b, ġh = Ġ Wᵀ + G Vᵀ — the same sums as C·G, E·A, Cᵀ·G_q, Eᵀ·A_q,
/// without the Q×K Gram matrices (Q·K·(d_in + d_out) each way).
final class OneStepWorkspace {
    let layout: MLPLayout
    let activation: Activation
    let taskCount: Int, supportSize: Int, querySize: Int
    /// Tasks per chunk.
    let chunk: Int

    private let arena: UnsafeMutablePointer<Double>
    let supportX, supportY, queryX, queryY: UnsafeMutablePointer<Double>
    let theta, thetaTransposed, metaGradient: UnsafeMutablePointer<Double>
    let supportLoss, queryLoss: UnsafeMutablePointer<Double>
    // Constants (`let`): read in the hot loop without exclusivity checks.
    let left: [UnsafeMutablePointer<Double>], right: [UnsafeMutablePointer<Double>]
    let derivative: [UnsafeMutablePointer<Double>], queryDerivative: [UnsafeMutablePointer<Double>]
    let supportGH: [UnsafeMutablePointer<Double>], zDot: [UnsafeMutablePointer<Double>]
    let gramC: [UnsafeMutablePointer<Double>], gramE: [UnsafeMutablePointer<Double>]
    /// Per layer, how the per-task change is applied.
    let forms: [OneStepLayerForm]
    /// Whether `forms` were given (tests) rather than chosen by the cost rule.
    let formsForced: Bool
    /// Explicit layers, per task of the chunk: [W′ (d_in×d_out); b′ (d_out)] and W′ᵀ, and the
    /// direction [V; v_b] and Vᵀ (the transposes for layers after the first).
    let adapted: [UnsafeMutablePointer<Double>], adaptedTransposed: [UnsafeMutablePointer<Double>]
    let direction: [UnsafeMutablePointer<Double>], directionTransposed: [UnsafeMutablePointer<Double>]
    let scratch: UnsafeMutablePointer<Double>

    /// - Parameter forms: per layer; nil chooses each by `OneStepLayerForm.cheaper`.
    init(
        layout: MLPLayout, activation: Activation, taskCount: Int, supportSize: Int, querySize: Int,
        chunk: Int, forms: [OneStepLayerForm]? = nil
    ) {
        self.layout = layout
        self.activation = activation
        self.taskCount = taskCount
        self.supportSize = supportSize
        self.querySize = querySize
        self.chunk = chunk
        let sizes = layout.sizes, l = layout.layerCount, p = layout.parameterCount
        let forcedForms = forms
        let forms =
            forms
            ?? (0..<l).map {
                OneStepLayerForm.cheaper(
                    inputs: sizes[$0], outputs: sizes[$0 + 1], support: supportSize, query: querySize,
                    firstLayer: $0 == 0)
            }
        precondition(forms.count == l, "one-step workspace: \(forms.count) layer forms for \(l) layers")
        self.forms = forms
        formsForced = forcedForms != nil
        let (kc, qc) = (chunk * supportSize, chunk * querySize)
        let stackRows = qc + 2 * kc
        var total = taskCount * (supportSize + querySize) * (sizes[0] + sizes[l]) + 3 * p + 2 * taskCount
        for i in 0..<l {
            total += stackRows * (sizes[i] + sizes[i + 1]) + 2 * chunk * querySize * supportSize
            if i < l - 1 { total += (3 * kc + qc) * sizes[i + 1] }
            if forms[i] == .explicit { total += 4 * chunk * (sizes[i] + 1) * sizes[i + 1] }
        }
        let scratchCount = max(kc, qc) * sizes.max()!
        total += scratchCount
        arena = .allocate(capacity: total)
        arena.initialize(repeating: 0, count: total)
        var cursor = arena
        func take(_ n: Int) -> UnsafeMutablePointer<Double> {
            defer { cursor += n }
            return cursor
        }
        supportX = take(taskCount * supportSize * sizes[0]);
        supportY = take(taskCount * supportSize * sizes[l])
        queryX = take(taskCount * querySize * sizes[0]); queryY = take(taskCount * querySize * sizes[l])
        theta = take(p); thetaTransposed = take(p); metaGradient = take(p)
        supportLoss = take(taskCount); queryLoss = take(taskCount)
        var left: [UnsafeMutablePointer<Double>] = [], right: [UnsafeMutablePointer<Double>] = []
        var derivative: [UnsafeMutablePointer<Double>] = []
        var queryDerivative: [UnsafeMutablePointer<Double>] = []
        var supportGH: [UnsafeMutablePointer<Double>] = [], zDot: [UnsafeMutablePointer<Double>] = []
        var gramC: [UnsafeMutablePointer<Double>] = [], gramE: [UnsafeMutablePointer<Double>] = []
        var adapted: [UnsafeMutablePointer<Double>] = [],
            adaptedTransposed: [UnsafeMutablePointer<Double>] = []
        var direction: [UnsafeMutablePointer<Double>] = []
        var directionTransposed: [UnsafeMutablePointer<Double>] = []
        for i in 0..<l {
            let perTask = forms[i] == .explicit ? chunk * (sizes[i] + 1) * sizes[i + 1] : 0
            adapted.append(take(perTask))
            adaptedTransposed.append(take(perTask))
            direction.append(take(perTask))
            directionTransposed.append(take(perTask))
            left.append(take(stackRows * sizes[i]))
            right.append(take(stackRows * sizes[i + 1]))
            gramC.append(take(chunk * querySize * supportSize))
            gramE.append(take(chunk * querySize * supportSize))
            if i < l - 1 {
                derivative.append(take(kc * sizes[i + 1]))
                queryDerivative.append(take(qc * sizes[i + 1]))
                supportGH.append(take(kc * sizes[i + 1]))
                zDot.append(take(kc * sizes[i + 1]))
            }
        }
        (self.left, self.right, self.gramC, self.gramE) = (left, right, gramC, gramE)
        (self.adapted, self.adaptedTransposed) = (adapted, adaptedTransposed)
        (self.direction, self.directionTransposed) = (direction, directionTransposed)
        (self.derivative, self.queryDerivative, self.supportGH, self.zDot) =
            (derivative, queryDerivative, supportGH, zDot)
        scratch = take(scratchCount)
        precondition(cursor - arena == total, "one-step workspace size")
    }

    deinit { arena.deallocate() }

    func matches(
        layout: MLPLayout, activation: Activation, taskCount: Int, supportSize: Int, querySize: Int,
        forms: [OneStepLayerForm]?
    ) -> Bool {
        self.layout == layout && self.activation == activation && self.taskCount == taskCount
            && self.supportSize == supportSize && self.querySize == querySize
            && (forms == nil ? !formsForced : forms == self.forms)
    }

    /// Meta-loss; the meta-gradient (mean over tasks) is left in `metaGradient`.
    /// Expects `theta` and the task data filled in.
    func run(innerStepSize alpha: Double, order: MAMLOrder) -> Double {
        let p = layout.parameterCount
        for l in 0..<layout.layerCount {
            let o = layout.weightOffset[l]
            transpose(
                theta + o, rows: layout.sizes[l], columns: layout.sizes[l + 1], into: thetaTransposed + o)
        }
        metaGradient.initialize(repeating: 0, count: p)
        var first = 0
        while first < taskCount {
            let count = min(chunk, taskCount - first)
            runChunk(firstTask: first, count: count, alpha: alpha, order: order)
            first += count
        }
        let scale = 1 / Double(taskCount)
        for i in 0..<p { metaGradient[i] *= scale }
        var loss = 0.0
        for t in 0..<taskCount { loss += queryLoss[t] }
        return loss * scale
    }

    private func runChunk(firstTask: Int, count c: Int, alpha: Double, order: MAMLOrder) {
        let sizes = layout.sizes, l = layout.layerCount
        let (k, q) = (supportSize, querySize)
        let (kc, qc) = (c * k, c * q)
        // The stacks' rows for this chunk (a short last chunk uses the first rows), and the
        // blocks: left = [A_q; Ȧ; A], right = [G_q; G; Ġ].
        let rows = qc + 2 * kc
        let qBlock = 0, middleBlock = qc, lastBlock = qc + kc
        let (d0, dL) = (sizes[0], sizes[l])
        left[0].advanced(by: qBlock * d0).update(from: queryX + firstTask * q * d0, count: qc * d0)
        left[0].advanced(by: middleBlock * d0).update(repeating: 0, count: kc * d0)
        left[0].advanced(by: lastBlock * d0).update(from: supportX + firstTask * k * d0, count: kc * d0)
        let ys = supportY + firstTask * k * dL, yq = queryY + firstTask * q * dL

        // 1. Support forward at θ, all tasks of the chunk in one product per layer.
        for i in 0..<l {
            let (din, dout) = (sizes[i], sizes[i + 1])
            let z = scratch
            gemm(
                m: kc, n: dout, k: din, a: left[i] + lastBlock * din, ars: din, acs: 1,
                b: theta + layout.weightOffset[i], ldb: dout, c: z, ldc: dout,
                initial: .bias(theta + layout.biasOffset[i]))
            if i < l - 1 {
                activate(activation, z, left[i + 1] + lastBlock * dout, derivative[i], count: kc * dout)
            } else {
                seedLoss(
                    z, ys, into: right[i] + middleBlock * dout, loss: supportLoss + firstTask, tasks: c,
                    rows: k)
            }
        }
        // 2. Support backward (signals only: the inner gradient is never formed).
        for i in stride(from: l - 1, to: 0, by: -1) {
            let (din, dout) = (sizes[i], sizes[i + 1])
            let g = right[i - 1] + middleBlock * din
            if hasSecondDerivative {  // gh is kept for σ″ in step 5
                gemm(
                    m: kc, n: din, k: dout, a: right[i] + middleBlock * dout, ars: dout, acs: 1,
                    b: thetaTransposed + layout.weightOffset[i], ldb: din, c: supportGH[i - 1], ldc: din,
                    initial: .zero)
                multiply(supportGH[i - 1], derivative[i - 1], into: g, count: kc * din)
            } else {
                gemm(
                    m: kc, n: din, k: dout, a: right[i] + middleBlock * dout, ars: dout, acs: 1,
                    b: thetaTransposed + layout.weightOffset[i], ldb: din, c: g, ldc: din,
                    initial: .zero, mask: derivative[i - 1], ldm: din)
            }
        }
        // The explicit layers' W′ and b′ for each task of the chunk.
        for i in 0..<l where forms[i] == .explicit {
            for t in 0..<c {
                taskStep(
                    layer: i, task: t, a: left[i] + (lastBlock + t * k) * din(i),
                    g: right[i] + (middleBlock + t * k) * dout(i),
                    rows: k, alpha: alpha, from: theta, into: adapted[i], transposed: adaptedTransposed[i])
            }
        }
        // 3. Query forward at θ′ = θ − α∇L_support: shared product plus C·G per task (an
        //    explicit layer: A_q W′ + b′ per task).
        for i in 0..<l {
            let (din, dout) = (sizes[i], sizes[i + 1])
            let gSupport = right[i] + middleBlock * dout
            let z = scratch
            if forms[i] == .explicit {
                for t in 0..<c {
                    let step = adapted[i] + t * (din + 1) * dout
                    gemm(
                        m: q, n: dout, k: din, a: left[i] + (qBlock + t * q) * din, ars: din, acs: 1,
                        b: step, ldb: dout, c: z + t * q * dout, ldc: dout, initial: .bias(step + din * dout))
                }
            } else {
                for t in 0..<c {
                    gram(
                        m: q, n: k, k: din, a: left[i] + (qBlock + t * q) * din,
                        b: left[i] + (lastBlock + t * k) * din,
                        c: gramC[i] + t * q * k, scale: -alpha, shift: 1)
                }
                gemm(
                    m: qc, n: dout, k: din, a: left[i] + qBlock * din, ars: din, acs: 1,
                    b: theta + layout.weightOffset[i], ldb: dout, c: z, ldc: dout,
                    initial: .bias(theta + layout.biasOffset[i]))
                for t in 0..<c {
                    gemm(
                        m: q, n: dout, k: k, a: gramC[i] + t * q * k, ars: k, acs: 1,
                        b: gSupport + t * k * dout, ldb: dout, c: z + t * q * dout, ldc: dout,
                        initial: .accumulate)
                }
            }
            if i < l - 1 {
                activate(activation, z, left[i + 1] + qBlock * dout, queryDerivative[i], count: qc * dout)
            } else {
                seedLoss(
                    z, yq, into: right[i] + qBlock * dout, loss: queryLoss + firstTask, tasks: c, rows: q)
            }
        }
        // 4. Query backward at θ′: shared product plus E·A per task (explicit: G_q W′ᵀ).
        for i in stride(from: l - 1, to: 0, by: -1) {
            let (din, dout) = (sizes[i], sizes[i + 1])
            let gq = right[i] + qBlock * dout, gSupport = right[i] + middleBlock * dout
            // g_q = gh ⊙ σ′, the σ′ applied as each task's correction is stored
            let g = right[i - 1] + qBlock * din
            if forms[i] == .explicit {
                for t in 0..<c {
                    gemm(
                        m: q, n: din, k: dout, a: gq + t * q * dout, ars: dout, acs: 1,
                        b: adaptedTransposed[i] + t * (din + 1) * dout, ldb: din, c: g + t * q * din,
                        ldc: din,
                        initial: .zero, mask: queryDerivative[i - 1] + t * q * din, ldm: din)
                }
                continue
            }
            for t in 0..<c {
                gram(
                    m: q, n: k, k: dout, a: gq + t * q * dout, b: gSupport + t * k * dout,
                    c: gramE[i] + t * q * k, scale: -alpha, shift: 0)
            }
            gemm(
                m: qc, n: din, k: dout, a: gq, ars: dout, acs: 1,
                b: thetaTransposed + layout.weightOffset[i], ldb: din, c: g, ldc: din, initial: .zero)
            for t in 0..<c {
                gemm(
                    m: q, n: din, k: k, a: gramE[i] + t * q * k, ars: k, acs: 1,
                    b: left[i] + (lastBlock + t * k) * din, ldb: din, c: g + t * q * din, ldc: din,
                    initial: .accumulate, mask: queryDerivative[i - 1] + t * q * din, ldm: din)
            }
        }
        if order == .first {
            for i in 0..<l {
                let (din, dout) = (sizes[i], sizes[i + 1])
                gemm(
                    m: din, n: dout, k: qc, a: left[i] + qBlock * din, ars: 1, acs: din,
                    b: right[i] + qBlock * dout,
                    ldb: dout, c: metaGradient + layout.weightOffset[i], ldc: dout, initial: .accumulate)
                columnSums(
                    right[i] + qBlock * dout, rows: qc, columns: dout,
                    into: metaGradient + layout.biasOffset[i],
                    accumulate: true)
            }
            return
        }
        // The explicit layers' direction V = −α A_qᵀG_q, v_b = −α 1ᵀG_q for each task.
        for i in 0..<l where forms[i] == .explicit {
            for t in 0..<c {
                taskStep(
                    layer: i, task: t, a: left[i] + (qBlock + t * q) * din(i),
                    g: right[i] + (qBlock + t * q) * dout(i),
                    rows: q, alpha: alpha, from: nil, into: direction[i], transposed: directionTransposed[i])
            }
        }
        // 5. Hessian-vector product along −α v at θ (forward over the support pass; the
        //    corrections Cᵀ·G_q and Eᵀ·A_q, or A V + v_b and G Vᵀ for an explicit layer), then
        //    the meta-gradient as one product per layer over the stacked rows.
        for i in 0..<l {
            let (din, dout) = (sizes[i], sizes[i + 1])
            // Without σ″ (relu) ż is not kept: ȧ = ż ⊙ σ′ is stored by each task's correction.
            let fused = i < l - 1 && !hasSecondDerivative
            let z = fused ? left[i + 1] + middleBlock * dout : scratch
            let explicit = forms[i] == .explicit
            if i > 0 {
                gemm(
                    m: kc, n: dout, k: din, a: left[i] + middleBlock * din, ars: din, acs: 1,
                    b: theta + layout.weightOffset[i], ldb: dout, c: z, ldc: dout, initial: .zero)
            } else if !explicit {
                z.update(repeating: 0, count: kc * dout)
            }
            for t in 0..<c {
                let mask = fused ? derivative[i] + t * k * dout : nil
                if explicit {
                    let v = direction[i] + t * (din + 1) * dout, zt = z + t * k * dout
                    if i > 0 { addRows(v + din * dout, to: zt, rows: k, columns: dout) }
                    gemm(
                        m: k, n: dout, k: din, a: left[i] + (lastBlock + t * k) * din, ars: din, acs: 1,
                        b: v, ldb: dout, c: zt, ldc: dout,
                        initial: i > 0 ? .accumulate : .bias(v + din * dout), mask: mask, ldm: dout)
                } else {
                    gemm(
                        m: k, n: dout, k: q, a: gramC[i] + t * q * k, ars: 1, acs: k,
                        b: right[i] + (qBlock + t * q) * dout, ldb: dout, c: z + t * k * dout, ldc: dout,
                        initial: .accumulate, mask: mask, ldm: dout)
                }
            }
            if fused {
                // ȧ is in place
            } else if i < l - 1 {
                zDot[i].update(from: z, count: kc * dout)
                multiply(z, derivative[i], into: left[i + 1] + middleBlock * dout, count: kc * dout)
            } else {
                let scale = 2 / Double(k * dout)
                let gd = right[i] + lastBlock * dout
                for r in 0..<(kc * dout) { gd[r] = scale * z[r] }
            }
        }
        for i in stride(from: l - 1, to: 0, by: -1) {
            let (din, dout) = (sizes[i], sizes[i + 1])
            // Without σ″, ġ = ġh ⊙ σ′ is stored by each task's correction.
            let fused = !hasSecondDerivative
            let ghDot = fused ? right[i - 1] + lastBlock * din : scratch
            gemm(
                m: kc, n: din, k: dout, a: right[i] + lastBlock * dout, ars: dout, acs: 1,
                b: thetaTransposed + layout.weightOffset[i], ldb: din, c: ghDot, ldc: din, initial: .zero)
            for t in 0..<c {
                let mask = fused ? derivative[i - 1] + t * k * din : nil
                if forms[i] == .explicit {
                    gemm(
                        m: k, n: din, k: dout, a: right[i] + (middleBlock + t * k) * dout, ars: dout, acs: 1,
                        b: directionTransposed[i] + t * (din + 1) * dout, ldb: din, c: ghDot + t * k * din,
                        ldc: din, initial: .accumulate, mask: mask, ldm: din)
                } else {
                    gemm(
                        m: k, n: din, k: q, a: gramE[i] + t * q * k, ars: 1, acs: k,
                        b: left[i] + (qBlock + t * q) * din, ldb: din, c: ghDot + t * k * din, ldc: din,
                        initial: .accumulate, mask: mask, ldm: din)
                }
            }
            if !fused {
                secondOrderSignal(
                    ghDot: ghDot, layer: i - 1, out: right[i - 1] + lastBlock * din, count: kc * din,
                    activations: left[i] + lastBlock * din)
            }
        }
        for i in 0..<l {
            let (din, dout) = (sizes[i], sizes[i + 1])
            gemm(
                m: din, n: dout, k: rows, a: left[i], ars: 1, acs: din, b: right[i], ldb: dout,
                c: metaGradient + layout.weightOffset[i], ldc: dout, initial: .accumulate)
            let bias = metaGradient + layout.biasOffset[i]
            columnSums(right[i] + qBlock * dout, rows: qc, columns: dout, into: bias, accumulate: true)
            columnSums(right[i] + lastBlock * dout, rows: kc, columns: dout, into: bias, accumulate: true)
        }
    }

    private func din(_ layer: Int) -> Int { layout.sizes[layer] }
    private func dout(_ layer: Int) -> Int { layout.sizes[layer + 1] }

    /// One task's step of an explicit layer from R rows of its inputs A (R×d_in) and signals
    /// G (R×d_out): [S; s] = base − α [AᵀG; 1ᵀG] (base = θ's W and b, or nil for zero) into
    /// `into` + task·(d_in + 1)·d_out, and Sᵀ (d_out×d_in) beside it in `transposed` for layers
    /// whose transpose is read (all but the first).
    private func taskStep(
        layer i: Int, task t: Int, a: UnsafePointer<Double>, g: UnsafePointer<Double>, rows: Int,
        alpha: Double, from base: UnsafePointer<Double>?, into: UnsafeMutablePointer<Double>,
        transposed: UnsafeMutablePointer<Double>
    ) {
        let (din, dout) = (din(i), dout(i))
        let step = into + t * (din + 1) * dout, bias = step + din * dout
        gemm(
            m: din, n: dout, k: rows, a: a, ars: 1, acs: din, b: g, ldb: dout, c: step, ldc: dout,
            initial: .zero)
        columnSums(g, rows: rows, columns: dout, into: bias, accumulate: false)
        if let base {
            let (w, b) = (base + layout.weightOffset[i], base + layout.biasOffset[i])
            for r in 0..<(din * dout) { step[r] = w[r] - alpha * step[r] }
            for r in 0..<dout { bias[r] = b[r] - alpha * bias[r] }
        } else {
            for r in 0..<((din + 1) * dout) { step[r] *= -alpha }
        }
        if i > 0 { transpose(step, rows: din, columns: dout, into: transposed + t * (din + 1) * dout) }
    }

    /// rows × columns block z (contiguous) += 1·vᵀ: the bias direction added to every row.
    private func addRows(
        _ v: UnsafePointer<Double>, to z: UnsafeMutablePointer<Double>, rows: Int, columns: Int
    ) {
        for r in 0..<rows {
            for j in 0..<columns { z[r * columns + j] += v[j] }
        }
    }

    // MARK: fused elementwise passes

    private var hasSecondDerivative: Bool {
        switch activation {
        case .relu, .leakyRelu, .identity: return false
        case .tanh, .sigmoid, .softplus: return true
        }
    }

    /// Per-task MSE of outputs z against y (R rows of d_out per task), and g = 2(z − y)/(R·d_out).
    private func seedLoss(
        _ z: UnsafePointer<Double>, _ y: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>,
        loss: UnsafeMutablePointer<Double>, tasks: Int, rows: Int
    ) {
        let n = rows * layout.outputSize
        let scale = 2 / Double(n)
        for t in 0..<tasks {
            var s = 0.0
            for i in (t * n)..<((t + 1) * n) {
                let e = z[i] - y[i]
                s = s.addingProduct(e, e)
                g[i] = scale * e
            }
            loss[t] = s / Double(n)
        }
    }

    /// ġ for hidden layer `layer` of the support pass (Kernels.swift's `secondOrderSignal`).
    private func secondOrderSignal(
        ghDot: UnsafePointer<Double>, layer: Int, out: UnsafeMutablePointer<Double>,
        count: Int, activations a: UnsafePointer<Double>
    ) {
        MetaLearning.secondOrderSignal(
            activation, ghDot: ghDot, derivative: derivative[layer], gh: supportGH[layer],
            zDot: zDot[layer], activations: a, into: out, count: count)
    }
}

/// How the one-step path applies one layer's per-task change (see `OneStepWorkspace`).
enum OneStepLayerForm: Equatable, Sendable {
    /// Q×K corrections from Gram matrices: Q·K·(d_in + 2·d_out) multiply-adds per task
    /// (and Q·K·(d_out + 2·d_in) more for layers after the first, which are backpropagated).
    case lowRank
    /// Per-task W′ and V formed: K·d_in·d_out + Q·d_in·d_out + K·d_in·d_out (and K·d_in·d_out
    /// more after the first layer).
    case explicit

    /// The form with fewer multiply-adds for a layer of `inputs`→`outputs` with K support and
    /// Q query rows (the shared products cost the same either way). For the sinusoid MLP
    /// (1→40→40→1, K = Q = 10): explicit, low-rank, explicit (1,200 against 8,100, 64,000
    /// against 24,000, 1,600 against 12,300).
    static func cheaper(inputs din: Int, outputs dout: Int, support k: Int, query q: Int, firstLayer: Bool)
        -> OneStepLayerForm
    {
        let lowRank = q * k * (din + 2 * dout) + (firstLayer ? 0 : q * k * (dout + 2 * din))
        let explicit = (2 * k + q) * din * dout + (firstLayer ? 0 : k * din * dout)
        return explicit < lowRank ? .explicit : .lowRank
    }
}

import NeuralNets
import RealModule
import Tensors

/// Parameters for a whole meta-batch: one vector shared by every task
/// (`taskStride == 0`, the meta-parameters θ) or one per task (`taskStride ==
/// parameterCount`, adapted parameters θ′_t). `transposed` holds each layer's
/// Wᵀ (out×in) at the same offsets, for products G·Wᵀ.
struct ParameterSet {
    var values: UnsafeMutablePointer<Double>
    var transposed: UnsafeMutablePointer<Double>
    var taskStride: Int
    var isShared: Bool { taskStride == 0 }
}

/// Activations and backpropagated signals of one pass over M = T·R rows
/// (R rows per task). Index l is layer l (0-based): `z[l]` = pre-activation
/// (M×d_{l+1}); for hidden layers `a[l]` = σ(z), `d[l]` = σ′(z), and
/// `gh[l]` = ∂L/∂a[l]; `g[l]` = ∂L/∂z[l].
struct PassBuffers {
    var z: [UnsafeMutablePointer<Double>] = []
    var a: [UnsafeMutablePointer<Double>] = []
    var d: [UnsafeMutablePointer<Double>] = []
    var g: [UnsafeMutablePointer<Double>] = []
    var gh: [UnsafeMutablePointer<Double>] = []
    /// Per-task mean squared error of the pass.
    var loss: UnsafeMutablePointer<Double>
}

/// Preallocated memory for every intermediate of a meta-iteration of a fixed
/// shape (layer sizes, T, K, Q, inner steps). Built once and reused, so a
/// meta-iteration performs no allocation.
final class MAMLWorkspace {
    let layout: MLPLayout
    let activation: Activation
    let taskCount: Int, supportSize: Int, querySize: Int, innerSteps: Int

    private var arena: UnsafeMutablePointer<Double>
    private let arenaCount: Int

    let supportX, supportY, queryX, queryY: UnsafeMutablePointer<Double>
    /// θ_k for k = 0 … S: k = 0 shared, then one vector per task.
    var theta: [ParameterSet] = []
    /// Inner gradients ∇L_support(θ_k), per task, k = 0 … S−1.
    var innerGradient: [UnsafeMutablePointer<Double>] = []
    /// Support passes at θ_0 … θ_S (the last only for reporting post-support losses).
    var support: [PassBuffers] = []
    var query: PassBuffers
    /// Query-loss gradient, then the backpropagated meta-gradient per task (T×P), and its transposes.
    let v: UnsafeMutablePointer<Double>
    let vTransposed: UnsafeMutablePointer<Double>
    /// Hessian-vector products per task (T×P), or summed over tasks (first P).
    let hv: UnsafeMutablePointer<Double>
    /// Tangent signals of the Hessian-vector product over the support rows.
    var zDot: [UnsafeMutablePointer<Double>] = []
    var aDot: [UnsafeMutablePointer<Double>] = []
    var gDot: [UnsafeMutablePointer<Double>] = []
    var ghDot: UnsafeMutablePointer<Double>
    /// Outputs: meta-gradient (or Reptile direction), P.
    let metaGradient: UnsafeMutablePointer<Double>

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
        let (t, p, l) = (taskCount, layout.parameterCount, layout.layerCount)
        let sizes = layout.sizes
        let hiddenWidth = sizes.dropFirst().dropLast().reduce(0, +)
        let allWidth = sizes.dropFirst().reduce(0, +)
        let maxWidth = sizes.max()!
        func passCount(rows: Int) -> Int { rows * (2 * allWidth + 3 * hiddenWidth) + t }
        let ms = t * supportSize, mq = t * querySize
        var total = ms * (sizes[0] + sizes[l]) + mq * (sizes[0] + sizes[l])
        total += 2 * p + innerSteps * 2 * t * p  // θ_0, θ_0ᵀ, θ_k and θ_kᵀ
        total += innerSteps * t * p  // inner gradients
        total += (innerSteps + 1) * passCount(rows: ms) + passCount(rows: mq)
        total += 3 * t * p  // v, vᵀ, hv
        total += ms * (2 * allWidth + hiddenWidth + maxWidth)  // tangents
        total += p
        arenaCount = total
        arena = .allocate(capacity: total)
        arena.initialize(repeating: 0, count: total)

        var cursor = arena
        func take(_ n: Int) -> UnsafeMutablePointer<Double> {
            defer { cursor += n }
            return cursor
        }
        supportX = take(ms * sizes[0]); supportY = take(ms * sizes[l])
        queryX = take(mq * sizes[0]); queryY = take(mq * sizes[l])
        theta.append(ParameterSet(values: take(p), transposed: take(p), taskStride: 0))
        for _ in 0..<innerSteps {
            theta.append(ParameterSet(values: take(t * p), transposed: take(t * p), taskStride: p))
            innerGradient.append(take(t * p))
        }
        func pass(rows: Int) -> PassBuffers {
            var buffers = PassBuffers(loss: take(t))
            for layer in 0..<l {
                let width = rows * sizes[layer + 1]
                buffers.z.append(take(width))
                buffers.g.append(take(width))
                if layer < l - 1 {
                    buffers.a.append(take(width))
                    buffers.d.append(take(width))
                    buffers.gh.append(take(width))
                }
            }
            return buffers
        }
        for _ in 0...innerSteps { support.append(pass(rows: ms)) }
        query = pass(rows: mq)
        v = take(t * p); vTransposed = take(t * p); hv = take(t * p)
        for layer in 0..<l {
            zDot.append(take(ms * sizes[layer + 1]))
            gDot.append(take(ms * sizes[layer + 1]))
        }
        for layer in 0..<(l - 1) { aDot.append(take(ms * sizes[layer + 1])) }
        ghDot = take(ms * maxWidth)
        metaGradient = take(p)
        precondition(cursor - arena == arenaCount, "workspace arena size")
    }

    deinit { arena.deallocate() }

    func matches(
        layout: MLPLayout, activation: Activation, taskCount: Int, supportSize: Int,
        querySize: Int, innerSteps: Int
    ) -> Bool {
        self.layout == layout && self.activation == activation && self.taskCount == taskCount
            && self.supportSize == supportSize && self.querySize == querySize && self.innerSteps == innerSteps
    }

    // MARK: parameter sets

    /// Fills `set.transposed` from `set.values` for every task of the set.
    func transposeWeights(_ set: ParameterSet) {
        let copies = set.isShared ? 1 : taskCount
        for t in 0..<copies {
            transposeWeights(from: set.values + t * set.taskStride, into: set.transposed + t * set.taskStride)
        }
    }

    func transposeWeights(from values: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        for l in 0..<layout.layerCount {
            let o = layout.weightOffset[l]
            transpose(values + o, rows: layout.sizes[l], columns: layout.sizes[l + 1], into: out + o)
        }
    }

    // MARK: passes

    /// Forward pass of every task over R rows per task; fills z, a, d of `pass`.
    func forward(x: UnsafePointer<Double>, rows r: Int, parameters: ParameterSet, pass: PassBuffers) {
        let sizes = layout.sizes, l = layout.layerCount
        let m = taskCount * r
        for layer in 0..<l {
            let (din, dout) = (sizes[layer], sizes[layer + 1])
            let input: UnsafePointer<Double> = layer == 0 ? x : UnsafePointer(pass.a[layer - 1])
            let w = layout.weightOffset[layer], b = layout.biasOffset[layer]
            if parameters.isShared {
                gemm(
                    m: m, n: dout, k: din, a: input, ars: din, acs: 1, b: parameters.values + w, ldb: dout,
                    c: pass.z[layer], ldc: dout, initial: .bias(parameters.values + b))
            } else {
                for t in 0..<taskCount {
                    let theta = parameters.values + t * parameters.taskStride
                    gemm(
                        m: r, n: dout, k: din, a: input + t * r * din, ars: din, acs: 1, b: theta + w,
                        ldb: dout,
                        c: pass.z[layer] + t * r * dout, ldc: dout, initial: .bias(theta + b))
                }
            }
            if layer < l - 1 { activate(pass.z[layer], pass.a[layer], pass.d[layer], count: m * dout) }
        }
    }

    /// Per-task MSE (mean over R·d_out numbers) into `pass.loss`, and the output
    /// signal g = 2(ŷ − y)/(R·d_out) into `pass.g[L−1]`.
    func seedLoss(y: UnsafePointer<Double>, rows r: Int, pass: PassBuffers) {
        let l = layout.layerCount, dout = layout.outputSize
        let n = r * dout
        let scale = 2 / Double(n)
        let out = pass.z[l - 1], g = pass.g[l - 1]
        for t in 0..<taskCount {
            var s = 0.0
            for i in (t * n)..<((t + 1) * n) {
                let e = out[i] - y[i]
                s = s.addingProduct(e, e)
                g[i] = scale * e
            }
            pass.loss[t] = s / Double(n)
        }
    }

    /// Backward pass after `forward` and `seedLoss`: fills g and gh, and writes the
    /// parameter gradient per task into `gradient` (stride P), or — when
    /// `sumOverTasks` — the sum over tasks into the first P numbers.
    func backward(
        x: UnsafePointer<Double>, rows r: Int, parameters: ParameterSet, pass: PassBuffers,
        gradient: UnsafeMutablePointer<Double>, sumOverTasks: Bool
    ) {
        let sizes = layout.sizes, l = layout.layerCount
        let m = taskCount * r
        for layer in stride(from: l - 1, through: 0, by: -1) {
            let (din, dout) = (sizes[layer], sizes[layer + 1])
            let input: UnsafePointer<Double> = layer == 0 ? x : UnsafePointer(pass.a[layer - 1])
            let w = layout.weightOffset[layer], b = layout.biasOffset[layer]
            weightGradient(
                input: input, signal: pass.g[layer], din: din, dout: dout, rows: r,
                out: gradient + w, sumOverTasks: sumOverTasks, initial: .zero)
            biasGradient(
                signal: pass.g[layer], dout: dout, rows: r, out: gradient + b,
                sumOverTasks: sumOverTasks, accumulate: false)
            guard layer > 0 else { break }
            // gh[layer−1] = g[layer] · Wᵀ ;  g[layer−1] = gh ⊙ σ′
            signalTimesWeightTranspose(
                signal: pass.g[layer], din: din, dout: dout, rows: r,
                weightsTransposed: parameters, offset: w, out: pass.gh[layer - 1], initial: .zero)
            multiply(pass.gh[layer - 1], pass.d[layer - 1], into: pass.g[layer - 1], count: m * din)
        }
    }

    /// Hessian-vector products of each task's support loss at `parameters` (the
    /// pass `pass` was run there) with direction v_t (per task, in `v`, with its
    /// weight transposes in `vTransposed`), by forward-mode differentiation of
    /// the backward pass (forward-over-reverse, derived by hand):
    ///
    ///     ż_l = ȧ_{l−1} W_l + a_{l−1} V_l + v_b,   ȧ_l = σ′(z_l) ż_l
    ///     ġ_L = 2 ż_L / (R·d_out)
    ///     (H v)_W_l = ȧ_{l−1}ᵀ g_l + a_{l−1}ᵀ ġ_l,   (H v)_b_l = Σ_rows ġ_l
    ///     ġh_{l−1} = ġ_l W_lᵀ + g_l V_lᵀ,   ġ_{l−1} = ġh ⊙ σ′ + gh ⊙ σ″ ⊙ ż
    ///
    /// Writes H_t v_t per task into `out` (stride P) or their sum (first P).
    func hessianVectorProduct(
        x: UnsafePointer<Double>, parameters: ParameterSet, pass: PassBuffers,
        out: UnsafeMutablePointer<Double>, sumOverTasks: Bool
    ) {
        let sizes = layout.sizes, l = layout.layerCount, p = layout.parameterCount
        let r = supportSize, m = taskCount * r
        // tangent forward
        for layer in 0..<l {
            let (din, dout) = (sizes[layer], sizes[layer + 1])
            let input: UnsafePointer<Double> = layer == 0 ? x : UnsafePointer(pass.a[layer - 1])
            let w = layout.weightOffset[layer], b = layout.biasOffset[layer]
            for t in 0..<taskCount {
                gemm(
                    m: r, n: dout, k: din, a: input + t * r * din, ars: din, acs: 1, b: v + t * p + w,
                    ldb: dout,
                    c: zDot[layer] + t * r * dout, ldc: dout, initial: .bias(v + t * p + b))
            }
            if layer > 0 {
                let aDotIn = UnsafePointer(aDot[layer - 1])
                if parameters.isShared {
                    gemm(
                        m: m, n: dout, k: din, a: aDotIn, ars: din, acs: 1, b: parameters.values + w,
                        ldb: dout,
                        c: zDot[layer], ldc: dout, initial: .accumulate)
                } else {
                    for t in 0..<taskCount {
                        gemm(
                            m: r, n: dout, k: din, a: aDotIn + t * r * din, ars: din, acs: 1,
                            b: parameters.values + t * p + w, ldb: dout,
                            c: zDot[layer] + t * r * dout, ldc: dout, initial: .accumulate)
                    }
                }
            }
            if layer < l - 1 { multiply(zDot[layer], pass.d[layer], into: aDot[layer], count: m * dout) }
        }
        // ġ_L
        let n = r * layout.outputSize
        let scale = 2 / Double(n)
        let zl = zDot[l - 1], gl = gDot[l - 1]
        for i in 0..<(m * layout.outputSize) { gl[i] = scale * zl[i] }
        // tangent backward
        for layer in stride(from: l - 1, through: 0, by: -1) {
            let (din, dout) = (sizes[layer], sizes[layer + 1])
            let input: UnsafePointer<Double> = layer == 0 ? x : UnsafePointer(pass.a[layer - 1])
            let w = layout.weightOffset[layer], b = layout.biasOffset[layer]
            weightGradient(
                input: input, signal: gDot[layer], din: din, dout: dout, rows: r,
                out: out + w, sumOverTasks: sumOverTasks, initial: .zero)
            if layer > 0 {
                weightGradient(
                    input: aDot[layer - 1], signal: pass.g[layer], din: din, dout: dout, rows: r,
                    out: out + w, sumOverTasks: sumOverTasks, initial: .accumulate)
            }
            biasGradient(
                signal: gDot[layer], dout: dout, rows: r, out: out + b,
                sumOverTasks: sumOverTasks, accumulate: false)
            guard layer > 0 else { break }
            for t in 0..<taskCount {
                gemm(
                    m: r, n: din, k: dout, a: pass.g[layer] + t * r * dout, ars: dout, acs: 1,
                    b: vTransposed + t * p + w, ldb: din, c: ghDot + t * r * din, ldc: din, initial: .zero)
            }
            signalTimesWeightTranspose(
                signal: gDot[layer], din: din, dout: dout, rows: r,
                weightsTransposed: parameters, offset: w, out: ghDot, initial: .accumulate)
            secondOrderSignal(layer: layer - 1, pass: pass, count: m * din)
        }
    }

    // MARK: building blocks

    /// ∂W = inputᵀ · signal per task (R rows each) or over all T·R rows at once.
    private func weightGradient(
        input: UnsafePointer<Double>, signal: UnsafePointer<Double>, din: Int, dout: Int,
        rows r: Int, out: UnsafeMutablePointer<Double>, sumOverTasks: Bool,
        initial: ProductStart
    ) {
        if sumOverTasks {
            gemm(
                m: din, n: dout, k: taskCount * r, a: input, ars: 1, acs: din, b: signal, ldb: dout,
                c: out, ldc: dout, initial: initial)
        } else {
            let p = layout.parameterCount
            for t in 0..<taskCount {
                gemm(
                    m: din, n: dout, k: r, a: input + t * r * din, ars: 1, acs: din, b: signal + t * r * dout,
                    ldb: dout, c: out + t * p, ldc: dout, initial: initial)
            }
        }
    }

    private func biasGradient(
        signal: UnsafePointer<Double>, dout: Int, rows r: Int,
        out: UnsafeMutablePointer<Double>, sumOverTasks: Bool, accumulate: Bool
    ) {
        if sumOverTasks {
            columnSums(signal, rows: taskCount * r, columns: dout, into: out, accumulate: accumulate)
        } else {
            let p = layout.parameterCount
            for t in 0..<taskCount {
                columnSums(
                    signal + t * r * dout, rows: r, columns: dout, into: out + t * p, accumulate: accumulate)
            }
        }
    }

    /// out (M×din) = signal (M×dout) · Wᵀ, folding the tasks into one product when W is shared.
    private func signalTimesWeightTranspose(
        signal: UnsafePointer<Double>, din: Int, dout: Int, rows r: Int,
        weightsTransposed set: ParameterSet, offset w: Int,
        out: UnsafeMutablePointer<Double>, initial: ProductStart
    ) {
        if set.isShared {
            gemm(
                m: taskCount * r, n: din, k: dout, a: signal, ars: dout, acs: 1, b: set.transposed + w,
                ldb: din,
                c: out, ldc: din, initial: initial)
        } else {
            for t in 0..<taskCount {
                gemm(
                    m: r, n: din, k: dout, a: signal + t * r * dout, ars: dout, acs: 1,
                    b: set.transposed + t * set.taskStride + w, ldb: din,
                    c: out + t * r * din, ldc: din, initial: initial)
            }
        }
    }

    /// a = σ(z), d = σ′(z) in one pass (the kernel ANIL shares).
    private func activate(
        _ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>,
        _ d: UnsafeMutablePointer<Double>, count: Int
    ) {
        MetaLearning.activate(activation, z, a, d, count: count)
    }

    /// ġ for hidden layer `layer` (Kernels.swift's `secondOrderSignal`).
    private func secondOrderSignal(layer: Int, pass: PassBuffers, count: Int) {
        MetaLearning.secondOrderSignal(
            activation, ghDot: ghDot, derivative: pass.d[layer], gh: pass.gh[layer],
            zDot: zDot[layer], activations: pass.a[layer], into: gDot[layer], count: count)
    }
}

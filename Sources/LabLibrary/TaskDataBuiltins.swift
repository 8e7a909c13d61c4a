import Autodiff
import Diagnostics
import LabLang
import TaskData
import Tensors
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A task distribution made by `sinusoid_tasks`, `linear_tasks` or `gaussian_tasks`.
final class TaskDistributionObject: LabObject, DisplayableObject {
    let distribution: any TaskDistribution
    init(_ distribution: any TaskDistribution) { self.distribution = distribution }
    var typeName: String { "TaskDistribution" }
    func display(options: DisplayOptions) -> String { options.ascii ? asciiFolded(inline) : inline }
    var inline: String { distribution.description }
}

/// One task: callable on x (its true function), `task.sample(K)` draws K points.
final class TaskObject: LabObject, DisplayableObject, CallableObject, MemberAccessible {
    let task: Task
    init(_ task: Task) { self.task = task }
    var typeName: String { "Task" }
    func display(options: DisplayOptions) -> String { options.ascii ? asciiFolded(inline) : inline }
    var inline: String { task.description }

    /// The true function, differentiable for regression tasks: a number, a
    /// Vector of points or an N×D Matrix of points.
    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        try arguments.expect(1)
        let x = try variable(arguments[0], "the task input")
        switch task.kind {
        case let .sinusoid(a, phi): return wrap(sin(x - phi) * a)
        case let .linear(slope, _): return wrap(x * slope)
        case .gaussianClusters:
            let t = x.value
            let points =
                t.rank <= 1 && task.inputDimension > 1
                ? try tensorOp { () throws(TensorError) in try t.reshaped([1, t.count]) } : t
            let labels = try tensorOp { () throws(TensorError) in try task(points) }
            // Lab labels are 1…N.
            return wrap(try tensorOp { () throws(TensorError) in try (labels + 1).reshaped([labels.count]) })
        }
    }

    func member(_ name: String) throws -> Value {
        switch name {
        case "sample":
            let task = self.task
            return .function(
                .builtin(
                    Builtin(name: "sample", doc: nil) { a, interp in
                        try a.expect(1)
                        return try sampleValue(task, try size(a[0], "K"), interp)
                    }))
        case "amplitude", "phase", "slope", "noise", "centres":
            switch (task.kind, name) {
            case let (.sinusoid(a, _), "amplitude"): return .number(a)
            case let (.sinusoid(_, phi), "phase"): return .number(phi)
            case let (.linear(slope, _), "slope"): return .number(slope)
            case let (.linear(_, noise), "noise"): return .number(noise)
            case let (.gaussianClusters(centres, _), "centres"): return wrap(centres)
            default: break
            }
        default: break
        }
        throw Diagnostic.lab(
            .name, "a \(taskKindName) task has no field .\(name); try .sample(K)\(taskFieldsHint)")
    }

    var taskKindName: String {
        switch task.kind {
        case .sinusoid: return "sinusoid"
        case .linear: return "linear"
        case .gaussianClusters: return "Gaussian-cluster"
        }
    }

    var taskFieldsHint: String {
        switch task.kind {
        case .sinusoid: return ", .amplitude, .phase"
        case .linear: return ", .slope, .noise"
        case .gaussianClusters: return ", .centres"
        }
    }
}

/// `(x = K×1 Matrix, y = K×1 Matrix)` drawn from the interpreter's generator
/// (cluster tasks: class labels 1…N in y, as everywhere in Lab).
func sampleValue(_ task: Task, _ k: Int, _ interp: Interpreter) throws(Diagnostic) -> Value {
    var classes = 1
    if case let .gaussianClusters(centres, _) = task.kind { classes = centres.shape[0] }
    try checkLimit([k, classes, task.inputDimension])
    let (x, y) = task.sample(k, using: &interp.lab.generator)
    if case .gaussianClusters = task.kind { return .record(Record([("x", wrap(x)), ("y", wrap(y + 1))])) }
    return .record(Record([("x", wrap(x)), ("y", wrap(y))]))
}

/// A (low, high) pair from a 2-element Vector or List.
func interval(_ v: Value, _ what: String) throws(Diagnostic) -> (Double, Double) {
    let t = try tensor(v, what)
    guard t.count == 2 else {
        throw .lab(.shape, "\(what) must be a pair [low, high], found \(describeShape(t.shape))")
    }
    return (t.scalars[0], t.scalars[1])
}

func taskFamily<T>(_ body: () throws(TaskFamilyError) -> T) throws(Diagnostic) -> T {
    do { return try body() } catch { throw .lab(.domain, error.description) }
}

func dataError<T>(_ body: () throws(DataError) -> T) throws(Diagnostic) -> T {
    do { return try body() } catch {
        switch error {
        case .missingFile, .empty, .missingColumn, .badRow: throw .lab(.io, error.description)
        case .unknownDataset: throw .lab(.name, error.description)
        case .notEnoughData: throw .lab(.domain, error.description)
        }
    }
}

/// Where `dataset(name)` looks for `NAME.csv`: `$METALAB_DATASETS`, then a `Datasets/`
/// folder in the working directory or one of its parents, then beside the executable or
/// one of its parents (a build inside the repository). The process's environment, working
/// directory and executable path come in as values (`current()` reads them, once per host),
/// so a test or an embedding host says where the data is.
public struct DatasetPlaces: Sendable, Equatable {
    /// `$METALAB_DATASETS`: a folder searched first.
    public var override: String?
    /// Folders whose `Datasets/`, or a parent's (up to 8 levels), are searched in order.
    public var searchStarts: [String]

    public init(override: String?, searchStarts: [String]) {
        self.override = override
        self.searchStarts = searchStarts
    }

    /// From the environment, the working directory and the executable's path (`argv[0]`;
    /// a relative one is taken from the working directory).
    public init(environment: [String: String], workingDirectory: String?, executablePath: String?) {
        var starts = workingDirectory.map { [$0] } ?? []
        if let exe = executablePath, let slash = exe.lastIndex(of: "/") {
            let folder = String(exe[..<slash])
            starts.append(folder.hasPrefix("/") ? folder : (workingDirectory ?? ".") + "/" + folder)
        }
        self.init(override: environment["METALAB_DATASETS"], searchStarts: starts)
    }

    /// The running process's places.
    public static func current() -> DatasetPlaces {
        var buffer = [CChar](repeating: 0, count: 4096)
        let cwd =
            getcwd(&buffer, buffer.count) != nil
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        return DatasetPlaces(
            environment: processEnvironment(), workingDirectory: cwd,
            executablePath: CommandLine.arguments.first)
    }

    /// The first readable `file` in these places, or nil.
    public func path(of file: String) -> String? {
        func readable(_ path: String) -> Bool { access(path, R_OK) == 0 }
        if let override, readable(override + "/" + file) { return override + "/" + file }
        for start in searchStarts {
            var dir = start
            for _ in 0..<8 {
                let path = dir + "/Datasets/" + file
                if readable(path) { return path }
                guard let slash = dir.lastIndex(of: "/"), dir != "/" else { break }
                dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
            }
        }
        return nil
    }
}

/// The Record `dataset(name)` returns.
func datasetRecord(_ data: Dataset) -> Value {
    var fields: [(String, Value)] = [("X", wrap(data.features))]
    switch data.target {
    case let .labels(y, classes):
        fields.append(("y", wrap(y)))
        fields.append(("names", .list(data.featureNames.map { .string($0) })))
        fields.append(("classes", .list(classes.map { .string($0) })))
    case let .regression(y, names):
        fields.append(("y", wrap(y)))
        fields.append(("names", .list(data.featureNames.map { .string($0) })))
        fields.append(("targets", .list(names.map { .string($0) })))
    }
    if let groups = data.groups, let names = data.groupNames {
        fields.append(("groups", wrap(groups.map(Double.init))))
        fields.append(("group_names", .list(names.map { .string($0) })))
    }
    for extra in data.extras { fields.append((extra.name, wrap(extra.values))) }
    return .record(Record(fields))
}

func registerTaskData(_ r: inout Registry) {
    r.define(
        "sinusoid_tasks", keywords: ["amplitude", "phase", "x"],
        signature: "sinusoid_tasks(; amplitude = [0.1, 5], phase = [0, π], x = [-5, 5])",
        summary:
            "The sinusoid regression tasks of MAML (Finn et al. 2017): y = A sin(x − φ) with A, φ and x uniform.",
        formula:
            "y = A\\sin(x - \\varphi),\\quad A\\sim U[0.1, 5],\\ \\varphi\\sim U[0,\\pi],\\ x\\sim U[-5,5]",
        example: "seed(0); t = sample(sinusoid_tasks(), 3)[1]; t.sample(5).x"
    ) { a, _ in
        try a.expect(0)
        let amplitude =
            try a.keyword("amplitude", interval) ?? (
                0.1, 5
            )
        let phase =
            try a.keyword("phase", interval) ?? (0, Double.pi)
        let x = try a.keyword("x", interval) ?? (-5, 5)
        return .object(
            TaskDistributionObject(
                try taskFamily { () throws(TaskFamilyError) in
                    try SinusoidTasks(amplitude: amplitude, phase: phase, input: x)
                }))
    }
    r.define(
        "linear_tasks", keywords: ["μ", "v", "σ"],
        signature: "linear_tasks(; μ = 1, v = 1, σ = 0.5)",
        summary:
            "1-D linear regression tasks y = a x + ε with slope a ~ 𝒩(μ, v), noise ε ~ 𝒩(0, σ²) and inputs x ~ 𝒩(0, 1).",
        formula:
            "y = a x + \\varepsilon,\\quad a\\sim\\mathcal N(\\mu, v),\\ \\varepsilon\\sim\\mathcal N(0,\\sigma^2),\\ x\\sim\\mathcal N(0,1)",
        example: "seed(1); t = sample(linear_tasks(μ = 2, v = 0.5), 1)[1]; t(3)"
    ) { a, _ in
        try a.expect(0)
        let mu = try a.keyword("μ", double) ?? 1
        let variance = try a.keyword("v", double) ?? 1
        let noise = try a.keyword("σ", double) ?? 0.5
        return .object(
            TaskDistributionObject(
                try taskFamily { () throws(TaskFamilyError) in
                    try LinearTasks(slopeMean: mu, slopeVariance: variance, noise: noise)
                }))
    }
    r.define(
        "gaussian_tasks", keywords: ["classes", "dim", "spread", "σ"],
        signature: "gaussian_tasks(; classes = 2, dim = 2, spread = 3, σ = 1)",
        summary:
            "N-way classification tasks of Gaussian clusters: fresh centres cₖ ~ 𝒩(0, spread² I) per task, points ~ 𝒩(cₖ, σ² I); task.sample(K) gives K points of every class with labels 1…N in y; calling a task on points gives the nearest centre's label.",
        formula: "c_k\\sim\\mathcal N(0, s^2 I),\\quad x\\mid k\\sim\\mathcal N(c_k,\\sigma^2 I)",
        example: "seed(2); t = sample(gaussian_tasks(classes = 3), 1)[1]; size(t.sample(4).x)"
    ) { a, _ in
        try a.expect(0)
        let classes = try a.keyword("classes", size) ?? 2
        let dim = try a.keyword("dim", size) ?? 2
        let spread = try a.keyword("spread", double) ?? 3
        let sigma = try a.keyword("σ", double) ?? 1
        return .object(
            TaskDistributionObject(
                try taskFamily { () throws(TaskFamilyError) in
                    try GaussianClusterTasks(
                        classes: classes, dimension: dim, centreSpread: spread, standardDeviation: sigma)
                }))
    }
    r.define(
        "gradnorm_toy", keywords: ["sigmas", "n", "dim_in", "dim_out"],
        signature: "gradnorm_toy(; sigmas = [1, 100], n = 200, dim_in = 10, dim_out = 5)",
        summary:
            "GradNorm's regression toy (Chen et al. 2018): n shared inputs x (unit length) and one (x, y) Record per task with y = σᵢ tanh(x(B + εᵢ)), B ~ 𝒩(0, 10²), εᵢ ~ 𝒩(0, 3.5²); ready for train_multitask. The paper uses dim_in = 250, dim_out = 100.",
        formula: "f_i(x) = \\sigma_i \\tanh((B + \\epsilon_i)\\,x)",
        example: "seed(0); data = gradnorm_toy(; n = 20); size(data[2].y)"
    ) { a, interp in
        try a.expect(0)
        let n = try a.keyword("n", size) ?? 200
        let scales =
            try a.keyword("sigmas").map { v throws(Diagnostic) in try tensor(v, "sigmas").scalars } ?? [
                1, 100,
            ]
        let dimIn = try a.keyword("dim_in", size) ?? 10
        let dimOut = try a.keyword("dim_out", size) ?? 5
        try checkLimit([n, dimIn])
        try checkLimit([dimIn, dimOut * scales.count])
        let family = try taskFamily { () throws(TaskFamilyError) in
            try GradNormToyTasks(scales: scales, inputDimension: dimIn, outputDimension: dimOut)
        }
        let host = interp.lab
        return .list(
            family.sample(n, using: &host.generator).map {
                .record(Record([("x", wrap($0.x)), ("y", wrap($0.y))]))
            })
    }
    r.define(
        "sample", signature: "sample(distribution, n) or sample(task, K)",
        summary:
            "n tasks drawn from a task distribution (a List), or K labelled points from one task: (x = K×1 Matrix, y = K×1 Matrix).",
        formula: "\\mathcal T_i \\sim p(\\mathcal T)", example: "seed(0); length(sample(sinusoid_tasks(), 4))"
    ) { a, interp in
        try a.expect(2)
        let n = try size(a[1], "the count")
        guard case let .object(o) = a[0] else {
            throw Diagnostic.lab(
                .type, "sample needs a TaskDistribution or a Task first, found a \(a[0].typeName)")
        }
        if let t = o as? TaskObject { return try sampleValue(t.task, n, interp) }
        guard let d = o as? TaskDistributionObject else {
            throw Diagnostic.lab(
                .type, "sample needs a TaskDistribution or a Task first, found a \(o.typeName)")
        }
        try checkLimit([n])
        return .list(d.distribution.sample(n, using: &interp.lab.generator).map { .object(TaskObject($0)) })
    }
    r.define(
        "dataset", signature: "dataset(name)",
        summary:
            "A real data set from Datasets/: \"digits\", \"linnerud\", \"iris\", \"wine\", \"grunfeld\" or \"penguins\", as (X, y, names, classes | targets, …).",
        example: "size(dataset(\"iris\").X)"
    ) { a, interp in
        try a.expect(1)
        let name = try string(a[0], "the data set name")
        let file = try dataError { () throws(DataError) in try datasetFileName(name) }
        guard let path = interp.lab.datasetPlaces.path(of: file) else {
            throw Diagnostic.lab(
                .io,
                "cannot find Datasets/\(file): run from the MetaLab folder or set METALAB_DATASETS to the folder holding it"
            )
        }
        let text = try interp.lab.readFile(path)
        return datasetRecord(
            try dataError { () throws(DataError) in try loadDataset(name, contents: text, file: path) })
    }
    r.define(
        "episodes", keywords: ["n_way", "k_shot", "q_queries", "classes", "n"],
        signature: "episodes(data; n_way = 5, k_shot = 1, q_queries = 5, classes = all, n = 1)",
        summary:
            "N-way K-shot episodes from a labelled data set (X rows, labels y): a List of (support_x, support_y, query_x, query_y, classes), labels relabelled 1…n_way per episode; `classes` picks the labels to draw from (disjoint lists for meta-train and meta-test).",
        example:
            "seed(0); e = episodes(dataset(\"digits\"); n_way = 5, k_shot = 1, classes = [5, 6, 7, 8, 9])[1]; size(e.support_x)"
    ) { a, interp in
        try a.expect(1)
        guard case let .record(record) = a[0], let xValue = record["X"], let yValue = record["y"] else {
            throw Diagnostic.lab(
                .type,
                "episodes needs a data set Record with fields X and y (as dataset(...) returns), found a \(a[0].typeName)"
            )
        }
        let x = try tensor(xValue, "X")
        let y = try tensor(yValue, "y")
        if y.rank == 2 && y.shape[1] > 1 {
            throw Diagnostic.lab(
                .domain,
                "episodes needs class labels in y; this data set has regression targets (a \(describeShape(y.shape)) Matrix)"
            )
        }
        guard x.rank == 2, y.count == x.shape[0], y.rank == 1 else {
            throw Diagnostic.lab(
                .shape,
                "episodes needs X (N×D) and a Vector y of N labels, found \(describeShape(x.shape)) and \(describeShape(y.shape))"
            )
        }
        let labels = try y.scalars.map { v throws(Diagnostic) -> Int in
            guard v == v.rounded() else {
                throw .lab(.domain, "episodes: the label \(formatNumber(v)) is not a whole number")
            }
            return Int(v)
        }
        let classes = try a.keyword("classes").map { v throws(Diagnostic) in
            try tensor(v, "classes").scalars.map { Int($0) }
        }
        func count(_ name: String, _ fallback: Int) throws(Diagnostic) -> Int {
            try a.keyword(name).map { v throws(Diagnostic) in try size(v, name) } ?? fallback
        }
        let (nWay, kShot, queries, n) = (
            try count("n_way", 5), try count("k_shot", 1), try count("q_queries", 5), try count("n", 1)
        )
        try checkLimit([n, nWay * (kShot + queries), x.shape[1]])
        let host = interp.lab
        let list = try dataError { () throws(DataError) in
            try sampleEpisodes(
                features: x, labels: labels, nWay: nWay, kShot: kShot, queries: queries, classes: classes,
                count: n,
                using: &host.generator)
        }
        return .list(
            list.map { e in
                .record(
                    Record([
                        ("support_x", wrap(e.supportX)),
                        ("support_y", wrap(e.supportY.map { Double($0 + 1) })),
                        ("query_x", wrap(e.queryX)), ("query_y", wrap(e.queryY.map { Double($0 + 1) })),
                        ("classes", wrap(e.classes.map(Double.init))),
                    ]))
            })
    }
}

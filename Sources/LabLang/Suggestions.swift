import Diagnostics
import Terminal

/// "Did you mean": the nearest defined names for a misspelt one, and the Lab form of
/// names and methods a NumPy, PyTorch, MATLAB or Python user types by habit.
public enum Suggestions {
    /// Names from other languages → what Lab writes instead.
    static let foreignNames: [String: String] = [
        "len": "length(x)", "numel": "length(x)", "shape": "size(x)", "ndim": "ndims(x)",
        "arange": "a:b, a:step:b or range(a, b; length = n)", "True": "true", "False": "false",
        "None": "nothing", "nil": "nothing", "null": "nothing", "def": "f(x) = … or function f(x) … end",
        "lambda": "x -> …", "elif": "elseif", "printf": "println(…)", "disp": "display(x) or println(x)",
        "concatenate": "vcat(a, b) or hcat(a, b)", "hstack": "hcat(a, b)", "vstack": "vcat(a, b)",
        "matmul": "A * B", "pow": "x^y", "append": "append!(xs, ys) or push!(xs, x)", "push": "push!(xs, x)",
        "isclose": "isapprox(a, b) or a ≈ b", "allclose": "isapprox(a, b) or a ≈ b",
        "square": "x^2 or abs2(x)", "type": "typeof(x)", "zeros_like": "zeros(size(x))",
        "ones_like": "ones(size(x))", "argsort": "sort(v) (there is no argsort)",
        "fmod": "rem(x, y) or x % y", "floor_divide": "div(x, y)", "amax": "maximum(x)", "amin": "minimum(x)",
    ]

    /// Module prefixes that do not exist in Lab (its functions are builtins).
    public static let foreignModules: Set<String> = [
        "np", "numpy", "torch", "jnp", "jax", "math", "scipy", "tf", "F", "nn",
    ]

    /// Methods of other languages' arrays (`x.shape`, `x.sum()`) → the Lab form.
    static let foreignMembers: [String: String] = [
        "shape": "size(x)", "size": "size(x)", "T": "x' (the transpose)", "ndim": "ndims(x)",
        "dtype": "typeof(x)", "len": "length(x)", "length": "length(x)", "reshape": "reshape(x, m, n)",
        "flatten": "vec(x)", "ravel": "vec(x)",
        "sum": "sum(x)", "mean": "mean(x)", "max": "maximum(x)", "min": "minimum(x)", "argmax": "argmax(x)",
        "argmin": "argmin(x)", "std": "std(x)", "var": "var(x)", "norm": "norm(x)", "transpose": "x'",
        "append": "push!(xs, x) (which rebinds xs)", "extend": "append!(xs, ys)", "item": "x[1]",
        "copy": "x (values are immutable: assignment already copies)", "numpy": "x", "tolist": "x",
        "abs": "abs(x)",
        "dot": "dot(x, y)", "cumsum": "cumsum(x)", "prod": "prod(x)", "clip": "clamp(x, lo, hi)",
    ]

    /// The message for a name that is not defined: the foreign form's Lab spelling, or
    /// the nearest of `candidates` (at most three, by edit distance).
    public static func undefinedName(_ name: String, candidates: [String]) -> LocalizedText {
        if foreignModules.contains(name) { return Message.undefinedNameNoModules.localized(name) }
        if let lab = foreignNames[name] { return Message.undefinedNameLabWrites.localized(name, lab) }
        let near = nearest(name, in: candidates)
        if !near.isEmpty { return LocalizedText(.undefinedNameDidYouMean, [.verbatim(name), .list(near)]) }
        return Message.undefinedName.localized(name)
    }

    /// The message for `module.name` when `module` (np, torch…) is not defined.
    public static func moduleMember(_ module: String, _ name: String) -> LocalizedText {
        Message.moduleMember.localized(module, foreignNames[name] ?? "\(name)(…)")
    }

    /// The Lab form of a method or attribute from another language, if it is one.
    public static func member(_ name: String) -> String? { foreignMembers[name] }

    /// Up to `limit` names near `name` (see `nearestNames` in Diagnostics).
    public static func nearest(_ name: String, in candidates: [String], limit: Int = 3) -> [String] {
        nearestNames(to: name, in: candidates, limit: limit)
    }
}

import Diagnostics
import Formulas
import LabLang
import Tensors
import Terminal

/// A formula made by `L"…"` or `tex(s)`, drawn in 2-D by the formula renderer.
final class FormulaObject: LabObject, DisplayableObject {
    let formula: Formula
    init(_ formula: Formula) { self.formula = formula }
    var typeName: String { "Formula" }
    func display(options: DisplayOptions) -> String {
        renderFormula(formula, options).joined(separator: "\n")
    }
    var inline: String { formula.description }
}

func renderFormula(_ formula: Formula, _ options: DisplayOptions) -> [String] {
    formula.lines(
        FormulaRenderer.Options(
            mode: .display, ascii: options.ascii, width: options.width, color: options.color)
    )
    .map(\.trimmingTrailingWhitespace)
}

/// The help text of a builtin, from its documentation data (the formula rendered),
/// wrapped at words to `options.width`: the summary as a paragraph, the signature and
/// the example with a hanging indent, the example broken only after `, ` or `; ` (where a
/// new line keeps it valid Lab).
public func helpText(
    _ name: String, _ doc: BuiltinDoc, _ options: DisplayOptions, language: Language = .en
) -> String {
    let width = Swift.max(24, options.width)
    let signature = doc.signature.wordWrapped(toWidth: width - 6, firstLine: width - 2)
    var lines = ["  " + signature[0]] + signature.dropFirst().map { "      " + $0 }
    lines += [""] + doc.summary.wordWrapped(toWidth: width - 2).map { "  " + $0 }
    if !doc.formula.isEmpty {
        var narrower = options
        narrower.width = Swift.max(20, options.width - 4)
        lines += [""] + renderFormula(Formula(doc.formula), narrower).map { "    " + $0 }
    }
    if !doc.example.isEmpty {
        // The label in the shell's language; the signature, summary and example stay English, as Julia's.
        let label = Message.helpExampleLabel.text(language)
        let example = wrapCode(doc.example, width: width - 4, firstLine: width - 2 - displayWidth(label))
        lines += ["", "  " + label + example[0]] + example.dropFirst().map { "    " + $0 }
    }
    return lines.joined(separator: "\n")
}

func registerOutput(_ r: inout Registry) {
    func text(_ v: Value, _ interp: Interpreter) -> String {
        if case let .string(s) = v { return TerminalText.sanitize(s) }
        return interp.inline(v)
    }
    r.define(
        "print", signature: "print(x…)", summary: "Writes the values (Strings without quotes), no newline.",
        example: "print(\"x = \", 1)"
    ) { a, interp in
        interp.write(a.positional.map { text($0, interp) }.joined())
        return .nothing
    }
    r.define(
        "println", signature: "println(x…)", summary: "Writes the values and a newline.",
        example: "println(\"x = \", 1)"
    ) { a, interp in
        interp.write(a.positional.map { text($0, interp) }.joined() + "\n")
        return .nothing
    }
    let show: Builtin.Body = { a, interp in
        try a.expect(1)
        interp.write(interp.display(a[0]) + "\n")
        return .nothing
    }
    r.define(
        "show", signature: "show(x)", summary: "Writes the full display of x (as the shell shows a result).",
        example: "show([1, 2])", show)
    r.define(
        "display", signature: "display(x)", summary: "Same as show(x).", example: "display(eye(2))", show)
    r.define(
        "tex", signature: "tex(s)", summary: "A Formula from LaTeX source (L\"…\" is the literal form).",
        example: "tex(\"\\\\frac{a}{b}\")"
    ) { a, _ in
        try a.expect(1)
        let source = try string(a[0], "the LaTeX source")
        do {
            return .object(FormulaObject(try Formula.parse(source)))
        } catch let d as Diagnostic {
            throw Diagnostic.lab(.syntax, "in the formula: " + d.message)
        }
    }
    r.define(
        "format", keywords: ["digits"], signature: "format(x; digits = 4)",
        summary: "x as a String with `digits` decimals (numbers), or its one-line display.",
        example: "format(pi; digits = 3)"
    ) { a, interp in
        try a.expect(1)
        guard case let .number(x) = a[0] else { return .string(text(a[0], interp)) }
        let digits = try a.keyword("digits", size) ?? 4
        guard x.isFinite, Swift.abs(x) < 1e15, digits <= 15 else { return .string(formatNumber(x)) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (Swift.abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        var whole = String(Int64(rounded / scale))
        var fraction = String(Int64(rounded.truncatingRemainder(dividingBy: scale)))
        fraction = String(repeating: "0", count: Swift.max(0, digits - fraction.count)) + fraction
        if x < 0 && rounded != 0 { whole = "-" + whole }
        return .string(digits == 0 ? whole : whole + "." + fraction)
    }
    r.define(
        "time", signature: "time(f)",
        summary: "Calls f() and writes the elapsed wall time; returns f's value.",
        example: "time(() -> sum(1:1000))"
    ) { a, interp in
        try a.expect(1)
        let clock = ContinuousClock()
        let start = clock.now
        let v = try interp.call(a[0], Arguments([]))
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        interp.write("elapsed: \(formatSignificant(seconds, digits: 4)) s\n")
        return v
    }
    r.define(
        "help", signature: "help(name)",
        summary:
            "Shows the documentation of a builtin: signature, summary, formula, example (?name is the same).",
        example: "help(\"sin\")"
    ) { a, interp in
        try a.expect(1)
        var name: String
        switch a[0] {
        case let .string(s): name = s
        case let .function(f): name = f.name
        default: throw Diagnostic.lab(.type, "help needs a name, like help(\"sin\") or ?sin")
        }
        guard let b = Registry.shared.builtins[name], let doc = b.doc else {
            if case let .function(.user(u)) = a[0] {
                interp.write("  \(u.name) is a function you defined\n")
                return .nothing
            }
            var near = Suggestions.nearest(name, in: Registry.shared.names)
            if near.isEmpty {
                near = Array(Registry.shared.names.filter { $0.hasPrefix(String(name.prefix(2))) }.prefix(5))
            }
            throw Diagnostic.lab(
                .name,
                "no builtin named \(name)"
                    + (near.isEmpty ? "" : "; similar: " + near.joined(separator: ", ")))
        }
        name = b.name
        interp.write(helpText(name, doc, interp.options) + "\n")
        return .nothing
    }
    r.define(
        "apropos", signature: "apropos(word)",
        summary: "Lists the builtins whose name or documentation mentions word.",
        example: "apropos(\"gradient\")"
    ) { a, interp in
        try a.expect(1)
        let word = try string(a[0], "the word").lowercased()
        let hits = Registry.shared.names.filter { n in
            let d = Registry.shared.builtins[n]!.doc!
            return n.lowercased().contains(word) || d.summary.lowercased().contains(word)
                || d.signature.lowercased().contains(word)
        }
        if hits.isEmpty {
            interp.write("no builtin mentions \(quoteString(word))\n")
        } else {
            let width = hits.map(\.count).max()!
            for n in hits {
                interp.write(
                    n + String(repeating: " ", count: width - n.count) + "  "
                        + Registry.shared.builtins[n]!.doc!.summary + "\n")
            }
        }
        return .nothing
    }
}

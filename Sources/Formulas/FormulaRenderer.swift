import Diagnostics
import Terminal

/// Renders LaTeX mathematics as text for the terminal.
///
///     let renderer = FormulaRenderer(options: .init(mode: .display))
///     try renderer.render(#"\sum_{i=1}^{T} w_i\,\mathcal L_i(\theta)"#)
///     //   T
///     //   ∑  wᵢ ℒᵢ(θ)
///     //  i=1
///
/// Pipeline: scanner (every token keeps its source position) → recursive-descent
/// parser → syntax tree with TeX's atom classes → layout in whole character
/// cells (width, ascent, descent, baseline) → lines.
///
/// Modes:
/// - `.display`: 2-D — stacked fractions, limits centred above and below big
///   operators, scripts as Unicode glyphs when every character has one (`θᵢ`,
///   `x²`) and otherwise as raised/lowered rows, grown delimiters, matrices.
/// - `.inline`: exactly one line: `(a+b)/c`, `x_{W}`, `θᵢ`; `width` is ignored.
/// - `ascii: true` (with either mode): only ASCII characters — `theta`, `->`,
///   `sum_{i=1}^T`; in display mode fractions keep `-` rules and matrices stay 2-D.
///
/// `width` (display mode) wraps a long formula at top-level relations, then at
/// `+` and `−`, with a hanging indent. All widths are terminal display widths
/// (`Terminal.displayWidth(_:)`), and every returned line has the same display width.
///
/// Errors: with `strict` the first problem (unknown command, missing brace,
/// missing argument, unknown environment, …) is thrown as a `Diagnostic` of
/// kind `formula` whose range points into the LaTeX source; render it with
/// `DiagnosticRenderer`. Without `strict` (the shell's way), everything that
/// was understood is rendered and the rest is shown verbatim — in bold red when
/// `color` is on. Rendering never returns an empty array and never traps.
public struct FormulaRenderer: Sendable {
    public struct Options: Sendable, Equatable {
        public enum Mode: Sendable, Equatable {
            case display, inline
        }
        public var mode: Mode
        /// Only ASCII characters in the output.
        public var ascii: Bool
        /// Maximum display width (display mode); nil for no limit.
        public var width: Int?
        /// ANSI colour for `\color`, `\textcolor` and the error style.
        public var color: Bool
        /// Throw the first problem instead of rendering around it.
        public var strict: Bool
        /// Write every subscript linearly (`x_i`) even when all have glyphs: a paragraph whose
        /// other formula needs it (`FormulaRenderer.needsLinearSubscripts`).
        public var linearSubscripts = false

        public init(
            mode: Mode = .display, ascii: Bool = false, width: Int? = nil, color: Bool = false,
            strict: Bool = false
        ) {
            self.mode = mode
            self.ascii = ascii
            self.width = width
            self.color = color
            self.strict = strict
        }

        /// 2-D output with ASCII characters only.
        public static let ascii = Options(mode: .display, ascii: true)
        /// One line of Unicode.
        public static let inline = Options(mode: .inline)
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The formula as lines of equal display width (at least one line).
    ///
    /// - Parameter origin: where `latex` starts in its file, so diagnostics
    ///   carry the file's line and column (a lesson's `math` block).
    /// - Throws: `Diagnostic` (kind `formula`) in strict mode.
    /// - Complexity: O(n · d) for n characters nested d levels deep.
    public func render(_ latex: String, origin: SourceLocation = SourceLocation(line: 1, column: 1)) throws
        -> [String]
    {
        var parser = FormulaParser(latex, origin: origin, strict: options.strict)
        let nodes = try parser.parseFormula()
        return layout(nodes)
    }

    /// The formula as one string, lines joined by newlines.
    public func renderText(_ latex: String, origin: SourceLocation = SourceLocation(line: 1, column: 1))
        throws -> String
    {
        try render(latex, origin: origin).joined(separator: "\n")
    }

    /// Whether `latex` has a subscript with no Unicode glyphs, so it writes its subscripts
    /// linearly (`g_w`), as should the other inline formulas of its paragraph. False when
    /// it does not parse (it is shown as written).
    public func needsLinearSubscripts(_ latex: String) -> Bool {
        var parser = FormulaParser(latex, origin: SourceLocation(line: 1, column: 1), strict: false)
        guard let nodes = try? parser.parseFormula() else { return false }
        let engine = LayoutEngine(
            twoDimensional: options.mode == .display, ascii: options.ascii, color: options.color)
        return engine.subscriptsNeedLinear(nodes)
    }

    /// Every problem in `latex`, in source order (empty when it parses in strict mode).
    public static func diagnose(_ latex: String, origin: SourceLocation = SourceLocation(line: 1, column: 1))
        -> [Diagnostic]
    {
        var parser = FormulaParser(latex, origin: origin, strict: false)
        parser.collectsNotes = true
        _ = try? parser.parseFormula()
        return parser.problems
    }

    // MARK: - Layout and wrapping

    private func layout(_ nodes: [Node]) -> [String] {
        let display = options.mode == .display
        var engine = LayoutEngine(twoDimensional: display, ascii: options.ascii, color: options.color)
        engine.linearSubscripts = options.linearSubscripts || engine.subscriptsNeedLinear(nodes)
        let pieces = engine.arrange(nodes, .text)
        let box: Box
        if display, let width = options.width, width > 0 {
            box = wrap(pieces, width: width)
        } else {
            box = LayoutEngine.join(pieces)
        }
        let lines = box.lines.isEmpty ? [""] : box.lines
        let width = lines.map { displayWidth($0) }.max() ?? 0
        return lines.map { $0 + String(repeating: " ", count: width - displayWidth($0)) }
    }

    /// Break a top-level list into lines no wider than `width` where possible:
    /// first before relations, then before `+`/`−`, then anywhere. Continuation
    /// lines start under the first relation (`=` aligned), or two cells in when
    /// they start with a binary operator.
    private func wrap(_ pieces: [LayoutEngine.Piece], width: Int) -> Box {
        let total = LayoutEngine.join(pieces).width
        if total <= width || pieces.count < 2 { return LayoutEngine.join(pieces) }

        var x = 0
        var relationColumn: Int?
        for piece in pieces {
            x += piece.space
            if piece.atom == .relation && relationColumn == nil && x > 0 { relationColumn = x }
            x += piece.box.width
        }
        let hanging = relationColumn.map { $0 <= width / 2 ? $0 : 2 } ?? 2

        let firstRelation = pieces.indices.first { $0 > 0 && pieces[$0].atom == .relation }
        /// Break before a relation (not the first: `lhs =` stays together) or a binary operator.
        func preferred(_ i: Int) -> Bool {
            i > 0 && i != firstRelation && (pieces[i].atom == .relation || pieces[i].atom == .binary)
        }
        func indent(_ i: Int) -> Int {
            pieces[i].atom == .relation ? hanging : hanging + (relationColumn == nil ? 0 : 2)
        }
        func lineWidth(_ range: Range<Int>) -> Int {
            range.reduce(0) { $0 + ($1 == range.lowerBound ? 0 : pieces[$1].space) + pieces[$1].box.width }
        }
        // Greedy, one line at a time: the furthest relation break that fills at least half
        // the line, else the furthest operator break, else the first break after the start.
        var lines: [Range<Int>] = []
        var start = 0
        while start < pieces.count {
            let available = start == 0 ? width : width - indent(start)
            var end = pieces.count
            if lineWidth(start..<end) > available {
                let fitting = ((start + 1)..<pieces.count).filter { lineWidth(start..<$0) <= available }
                let operatorBreaks = fitting.filter(preferred)
                let relationBreak = operatorBreaks.last {
                    pieces[$0].atom == .relation && lineWidth(start..<$0) * 2 >= available
                }
                // Never inside a product: with no operator break that fits, the line overflows.
                end =
                    relationBreak ?? operatorBreaks.last
                    ?? ((start + 1)..<pieces.count).first(where: preferred) ?? pieces.count
            }
            lines.append(start..<end)
            start = end
        }
        var boxes: [Box] = []
        for (n, range) in lines.enumerated() {
            var row = LayoutEngine.join(Array(pieces[range]), dropLeadingSpace: true)
            if n > 0 { row = Box.row([Box.spaces(indent(range.lowerBound)), row]) }
            boxes.append(row)
        }
        let separate = boxes.contains { $0.height > 1 }
        var composed: [(box: Box, x: Int, top: Int)] = []
        var y = 0
        for box in boxes {
            composed.append((box, 0, y))
            y += box.height + (separate ? 1 : 0)
        }
        return Box.compose(composed)
    }
}

import Diagnostics
import Foundation

/// Something in a lesson body, in document order.
public enum LessonItem: Sendable {
    case prose(MarkdownBlock)
    case cell(Cell)
    /// `<!-- pause -->`: presentation reveals up to here, then waits.
    case pause
    /// `<!-- speaker_note: … -->`: shown to the presenter only.
    case speakerNote(String)
}

/// A unit of progress through a lesson: the prose up to a cell, and the cell.
/// Enter on an empty line shows the next step (and runs its cell).
public struct LessonStep: Sendable {
    public var items: [LessonItem]
    /// The runnable or checkable cell that ends this step (nil for prose that ends the lesson or a pause).
    public var cell: Cell?
    /// Index into `Lesson.sections`, or nil before the first `##` heading.
    public var section: Int?
    /// Whether a `<!-- pause -->` ends this step.
    public var endsWithPause: Bool

    /// The name `:goto` and the table of contents use: the cell id, or `step N`.
    public func name(at index: Int) -> String { cell?.id ?? "step \(index + 1)" }
}

/// A `##` section of a lesson.
public struct LessonSection: Sendable, Equatable {
    public var title: String
    public var firstStep: Int
}

/// A parsed lesson file (docs/LESSONS.md). Parsing validates the structure;
/// `LessonLinter` adds the cross-references (ids unique, `for=` resolves, …).
public struct Lesson: Sendable {
    public var path: String
    public var source: SourceText
    public var meta: LessonMeta
    public var items: [LessonItem]
    public var steps: [LessonStep]
    public var sections: [LessonSection]
    /// FNV-1a 64 of the file's bytes, hex: progress is keyed by id and this.
    public var contentHash: String

    /// Every cell, in document order.
    public var cells: [Cell] {
        items.compactMap { if case .cell(let c) = $0 { return c } else { return nil } }
    }

    public func cell(id: String) -> Cell? { cells.first { $0.id == id } }

    /// The cells of `kind` attached to exercise `id` by `for=`.
    public func cells(_ kind: CellKind, for id: String) -> [Cell] {
        cells.filter { $0.kind == kind && $0["for"] == id }
    }

    /// The folder holding the lesson file (cells may read files in it).
    public var folder: String { (path as NSString).deletingLastPathComponent }
}

/// Every problem found in a lesson file, located, with the source for excerpts.
public struct LessonProblems: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public var source: SourceText

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// All diagnostics through the one renderer, separated by blank lines.
    public func rendered(color: Bool = false) -> String {
        let renderer = DiagnosticRenderer(color: color)
        return diagnostics.map { renderer.render($0, source: source) }.joined(separator: "\n")
    }
}

/// FNV-1a, 64 bit: a stable content hash without a crypto dependency.
func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}

/// `fnv1a64` as 16 hex digits.
func fnv1a(_ text: String) -> String {
    let hex = String(fnv1a64(text), radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

/// The seed of one cell's random stream: FNV-1a 64 of `"<lesson seed>/<cell id>"`, cut to
/// 48 bits so that Lab's `seed(n)` takes it (Lab's integers are Doubles below 10¹⁵).
///
/// Every cell that runs (setup, params, lab, plot, an exercise's starter, answer or
/// solution) starts its own stream from this seed, so its draws depend on the lesson seed
/// and its own id only — never on which cells ran before it. Re-running one cell (a
/// what-if, `:rerun`, a resume) therefore leaves every other cell's numbers as they were.
public func cellSeed(lessonSeed: Int, cellID: String) -> Int {
    Int(fnv1a64("\(lessonSeed)/\(cellID)") & ((1 << 48) - 1))
}

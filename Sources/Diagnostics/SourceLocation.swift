/// A position in a source text: 1-based line and column, where the column
/// counts characters (grapheme clusters), so a caret lines up under `α` or `∑`.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open span `[start, end)` of source text. A range whose `end` equals
/// its `start` marks a single point (rendered as one caret).
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = max(start, end)
    }

    /// A point range at `location`.
    public init(_ location: SourceLocation) {
        self.init(start: location, end: location)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(start)-\(end)" }
}

/// A named source text (a file, a lesson cell, a command line) that
/// diagnostics point into. `firstLine` lets a cell embedded in a larger
/// file report the file's line numbers.
public struct SourceText: Sendable {
    public let name: String
    public let text: String
    public let firstLine: Int
    public let lines: [String]

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    /// The text of line `number` (in the numbering of `firstLine`), if it exists.
    public func line(_ number: Int) -> String? {
        let index = number - firstLine
        return lines.indices.contains(index) ? lines[index] : nil
    }
}

import Foundation
import Testing

/// The shell's words come from one catalogue (Terminal/Messages.swift, issue 19). This scan
/// fails when an English sentence is written as a string literal in Shell/ or Notebook/
/// instead: a message added that way would stay English in the Chinese shell.
@Suite struct MessageCatalogueTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources").standardized.path

    /// Files whose English is for lesson authors, not learners: the errors of `metalab lint`
    /// and `metalab check` about a lesson file (located diagnostics in the one English the
    /// lessons' own `check` tests compare), and the transcript format `:save` writes.
    static let authorFiles: Set<String> = [
        "Notebook/Cell.swift", "Notebook/CellBodies.swift", "Notebook/FrontMatter.swift",
        "Notebook/LessonChecker.swift", "Notebook/LessonLinter.swift", "Notebook/LessonParser.swift",
        "Notebook/TranslationCheck.swift", "Notebook/OutputMatcher.swift", "Notebook/TranscriptExport.swift",
    ]

    /// The few literals elsewhere that must stay as they are, by a piece of their text.
    static let allowed: [String] = [
        // Meta-command usages are syntax (`:set NAME=VALUE`), the same in every language.
        ":goto ID|N|section", ":open ID", ":apropos WORD", ":set NAME=VALUE", ":sweep NAME RANGE [EXPR]",
        ":time EXPR", ":save FILE.md", ":lang zh|en", ":slide NAME",
        // The front matter of the empty lesson behind a plain Lab REPL.
        "title: Scratch",
        // `metalab present`, `check` and `lint` report to presenters and authors (exit codes, CI logs).
        "metalab present:", "Speaker notes:", "metalab check:", "rewrote \\(report.updated) expected output",
        "of \\(report.cells) cells", "checked by identity with", "rewritten by --update",
        "lessons have no Chinese",
        // Source names locate an error as a file name does (`<input>:1:5`).
        "\"<your cell>\"",
        // The English the parser's message is matched on (never shown).
        "\"end of input\"",
        // A system error's own words (strerror), not ours.
        "cannot write \\(path): \\(reason)", "cannot create the folder",
    ]

    /// Literals of at least two English words, outside comments, in `file`'s text.
    static func englishLiterals(in text: String) -> [(line: Int, literal: String)] {
        let literal = try! NSRegularExpression(pattern: #""((?:[^"\\\n]|\\.)*)""#)
        let words = try! NSRegularExpression(pattern: #"[A-Za-z]{2,}[,;:]? [A-Za-z]{2,}"#)
        let interpolation = try! NSRegularExpression(pattern: #"\\\([^)]*\)"#)
        var found: [(Int, String)] = []
        for (k, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") { continue }
            let ns = line as NSString
            for match in literal.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                let whole = ns.substring(with: match.range)
                let inner = ns.substring(with: match.range(at: 1)) as NSString
                let bare = interpolation.stringByReplacingMatches(
                    in: inner as String, range: NSRange(location: 0, length: inner.length), withTemplate: "")
                guard
                    words.firstMatch(in: bare, range: NSRange(location: 0, length: (bare as NSString).length))
                        != nil
                else { continue }
                if allowed.contains(where: {
                    line.contains($0) && whole.contains($0.trimmingCharacters(in: ["\""]))
                }) {
                    continue
                }
                found.append((k + 1, whole))
            }
        }
        return found
    }

    @Test func noEnglishSentenceBypassesTheCatalogue() throws {
        var offenders: [String] = []
        for folder in ["Shell", "Notebook"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Self.sources + "/" + folder)
                .sorted()
            for name in names
            where name.hasSuffix(".swift") && !Self.authorFiles.contains(folder + "/" + name) {
                let text = try String(
                    contentsOfFile: Self.sources + "/" + folder + "/" + name, encoding: .utf8)
                for (line, literal) in Self.englishLiterals(in: text) {
                    offenders.append("\(folder)/\(name):\(line): \(literal)")
                }
            }
        }
        #expect(
            offenders.isEmpty,
            "say these through Message (Terminal/Messages.swift):\n\(offenders.joined(separator: "\n"))")
    }

    /// The scan itself: it must see a sentence added the wrong way, and not a comment or an allowed usage.
    @Test func theScanCatchesANewEnglishMessage() {
        let found = Self.englishLiterals(
            in: """
                write("The cell was rolled back.")
                // write("a comment is not said")
                say(.writeSave)
                let usage = ":set NAME=VALUE"
                write("\\(name) is not defined here")
                """)
        #expect(found.map(\.line) == [1, 5])
    }
}

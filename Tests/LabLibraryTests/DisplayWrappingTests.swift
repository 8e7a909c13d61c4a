import Diagnostics
import Foundation
import LabLang
import LabLibrary
import Testing

/// Output that fits the window: help text and records break between words or
/// entries, never inside a word or a number.
@Suite struct DisplayWrappingTests {
    func output(_ source: String, width: Int) -> String {
        let lab = LabLibrary.makeInterpreter(options: DisplayOptions(width: width, height: 24))
        let result = lab.evaluate(source)
        #expect(result.succeeded, "\(source): \(result.diagnostics.map(\.message))")
        return result.output
    }

    /// `?maml` and `?plot` at 80 columns used to leave the terminal to cut "itera|tions".
    @Test(arguments: [80, 50])
    func helpWrapsAtWordsToTheWidth(width: Int) {
        for (name, _, doc) in LabLibrary.documentation {
            let text = output("help(\(quoteString(name)))", width: width)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // Signature, blank, summary paragraph, blank, …: the formula is the formula renderer's.
            let summaryLines = lines.drop { !$0.isEmpty }.dropFirst().prefix { !$0.isEmpty }
            #expect(summaryLines.allSatisfy { $0.count <= width }, "?\(name) at \(width): \(summaryLines)")
            let words = summaryLines.flatMap { $0.split(separator: " ") }.map(String.init)
            #expect(words == doc.summary.split(separator: " ").map(String.init), "?\(name): a word was cut")
            let signature = lines.prefix { !$0.isEmpty }
            #expect(
                signature.allSatisfy { $0.count <= width || !$0.dropFirst(6).contains(" ") },
                "?\(name): \(signature)")
        }
    }

    @Test func aWrappedExampleStillRuns() {
        let text = output("?maml", width: 60)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("  example: ") }) else {
            Issue.record("no example in ?maml")
            return
        }
        #expect(lines.count - start > 1, "the maml example fits 60 columns, so this test checks nothing")
        #expect(lines[start...].allSatisfy { $0.count <= 60 })
        let code = ([String(lines[start].dropFirst("  example: ".count))] + lines[(start + 1)...]).joined(
            separator: "\n")
        let lab = LabLibrary.makeInterpreter()
        let result = lab.evaluate(code)
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        #expect(result.output == "3\n")
    }

    /// `res = maml(…)` showed "[4/.79498" at 80 columns: the record now breaks between
    /// fields and entries. Collapsing the line breaks gives back the one-line form exactly.
    @Test(arguments: [80, 60, 40])
    func aRecordWrapsBetweenEntries(width: Int) {
        let setup = "seed(0); res = maml(mlp([1, 8, 1]), sinusoid_tasks(); iterations = 12, meta_batch = 2); "
        let shown = output(setup + "res", width: width)
        let oneLine = output(setup + "println(string(res))", width: width)
        func collapsed(_ s: String) -> String {
            s.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        }
        #expect(shown.split(separator: "\n").count > 1)
        #expect(shown.split(separator: "\n").allSatisfy { $0.count <= width }, "\(shown)")
        #expect(collapsed(shown) == collapsed(oneLine))
        // Every break follows a comma: no line starts inside a number.
        let lines = shown.split(separator: "\n")
        for (previous, line) in zip(lines, lines.dropFirst()) {
            #expect(previous.hasSuffix(","), "\(previous) | \(line)")
        }
    }

    @Test func aShortRecordStaysOnOneLine() {
        #expect(output("(a = 1, b = [1, 2])", width: 80) == "(a = 1, b = [1, 2])\n")
    }

    /// A 1×16 Matrix inside a Record has no commas: it breaks between its numbers.
    @Test func aWideMatrixInARecordBreaksBetweenNumbers() {
        let setup = "r = (W = reshape(collect(1:16) ./ 7, 1, 16), b = 2); "
        let shown = output(setup + "r", width: 50)
        let oneLine = output(setup + "println(string(r))", width: 50)
        let lines = shown.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)
        #expect(lines.allSatisfy { $0.count <= 50 }, "\(shown)")
        #expect(
            lines.joined(separator: " ").split(separator: " ")
                == oneLine.split(whereSeparator: { $0 == " " || $0 == "\n" }))
        // 16/7 = 2.2857142…: each number (6 significant digits) is whole on some line.
        for k in 1...16 {
            let text = String(format: "%.6g", Double(k) / 7)
            #expect(
                lines.contains {
                    $0.split(whereSeparator: { " [],".contains($0) }).contains(Substring(text))
                }, "\(text)")
        }
    }
}

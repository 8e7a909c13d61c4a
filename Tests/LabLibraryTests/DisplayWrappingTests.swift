import Diagnostics
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
            #expect(signature.allSatisfy { $0.count <= width || !$0.dropFirst(6).contains(" ") }, "?\(name): \(signature)")
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
        let code = ([String(lines[start].dropFirst("  example: ".count))] + lines[(start + 1)...]).joined(separator: "\n")
        let lab = LabLibrary.makeInterpreter()
        let result = lab.evaluate(code)
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        #expect(result.output == "3\n")
    }
}

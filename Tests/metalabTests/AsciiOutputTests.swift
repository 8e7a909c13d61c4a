import Foundation
import TestSupport
import Testing

/// `--ascii` promises only ASCII characters. The lesson's own text is the author's (this one
/// is all ASCII), so every byte of a session on it must be below 0x80: MetaLab's marks (the
/// ✓ ✗ ▸ · of checks and the table of contents, ← → in messages, “quotes”, the … of a cut
/// title) went out as UTF-8 whatever the flag said. Chinese words are the one exception.
@Suite(.timeLimit(.minutes(3))) struct AsciiOutputTests {
    static let lesson = """
        ---
        id: t.ascii
        title: Plain letters
        order: 1
        ---

        A first step.

        ```params id=p
        k = 0.5  range=0..1  "a knob"
        ```

        ```lab id=a
        > k + 1
        1.5
        ```

        Do it.

        ```exercise id=ex target=z
        z = 0
        ```

        ```check for=ex
        expect z ~= 2
        ```

        ```hint for=ex
        Two.
        ```

        ```solution for=ex
        z = 2
        ```

        ```quiz id=q
        What is 2 + 2?
        - [ ] 3 -> one short
        - [x] 4
        ```

        The end.
        """

    @Test func aSessionUnderAsciiWritesOnlyAscii() throws {
        let home = try scratchFolder("metalab-ascii")
        try FileManager.default.createDirectory(
            atPath: home + "/Lessons", withIntermediateDirectories: true)
        try Self.lesson.write(toFile: home + "/Lessons/01-ascii.md", atomically: true, encoding: .utf8)
        let input =
            [
                "", "", "", ":toc", ":check", "z = 3", ":why", ":hint", "z = 2", ":toc", "", "1", "2",
                ":lessons", ":help", ":params", ":slide k", ":foo", "quit", "v = [1, 2]; v[5]", "?sin",
                ":next", ":next", "",
            ].joined(separator: "\n") + "\n"
        let r = try RunEvalCommandTests().run(
            ["--ascii", "--width", "60", "1"], input: input,
            environment: ["METALAB_HOME": home, "XDG_STATE_HOME": home + "/state"])
        #expect(r.status == 0, "\(r.standardError)")
        let said = r.standardOutput + r.standardError
        // What the session must have said, so that the scan below saw the marks it is about.
        for expected in ["Correct", "Not yet", "one short", "Right", "table of contents", "End of"] {
            #expect(said.contains(expected), "\(expected) missing:\n\(said)")
        }
        // The one exception: Chinese words (`:help` names the language "zh (中文)").
        func chinese(_ s: Unicode.Scalar) -> Bool {
            (0x4E00...0x9FFF).contains(s.value) || (0x3000...0x303F).contains(s.value)
                || (0xFF00...0xFFEF).contains(s.value)
        }
        let offending = said.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.unicodeScalars.contains { !$0.isASCII && !chinese($0) } }
            .map { "\($0.offset + 1): \($0.element)" }
        #expect(offending.isEmpty, "non-ASCII under --ascii:\n\(offending.joined(separator: "\n"))")
    }
}

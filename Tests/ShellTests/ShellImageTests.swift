import Foundation
import Notebook
import Terminal
import TestSupport
import Testing

@testable import Shell

/// Issue 20 with issue 18: with graphics forced on, what the shell's writer (`say`) sends
/// holds each plot's image as exactly one well-formed escape, and nothing a lesson or a
/// value supplies becomes an escape.
@Suite struct ShellImageTests {
    /// A scripted session whose plots may be images, its output passed through exactly
    /// what `ShellCommands.say` writes.
    static func session(_ lines: [String?], graphics: GraphicsProtocol) -> String {
        let folder = scratchPath("metalab-images")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var context = TerminalContext(colorMode: .trueColor, width: 80, height: 40, isTerminal: true)
        context.graphics = GraphicsSupport(graphics, cellWidth: 10, cellHeight: 20)
        let box = OutputBox()
        let environment = ShellEnvironment(
            course: Course(folder: ScriptedSession.fixtures),
            makeEvaluator: { LabCellEvaluator(context: context) },
            store: ProgressStore(folder: folder + "/progress"),
            history: HistoryStore(path: folder + "/history"),
            context: { context }, settingsFolder: folder,
            write: { box.lines.append(ShellCommands.terminalText($0)) })
        LabShell(reader: ScriptedLineReader(lines), environment: environment, lessonID: "fixture.every-kind")
            .run()
        return box.lines.joined(separator: "\n")
    }

    /// A plot whose left half is y = 1 and right half y = −1 (a step), so the line's pixel
    /// row tells which half a column is in.
    static let step = "plot([0, 1, 1, 2], [1, 1, -1, -1]; ylim = (-2, 2))"

    /// Blue (Okabe–Ito, the first series) at pixel p.
    static func isBlue(_ p: (r: Int, g: Int, b: Int, a: Int)) -> Bool {
        p.a >= 160 && abs(p.r - 0) <= 40 && abs(p.g - 114) <= 40 && abs(p.b - 178) <= 40
    }

    /// The blue rows in column x of `image`, as fractions of the height.
    static func blueRows(_ image: DecodedImage, x: Int) -> [Double] {
        (0..<image.height).filter { isBlue(image.pixel(x, $0)) }.map { Double($0) / Double(image.height) }
    }

    /// The step is high on the left and low on the right of the image.
    static func expectStep(_ image: DecodedImage) {
        let left = blueRows(image, x: image.width / 5), right = blueRows(image, x: image.width * 4 / 5)
        #expect(!left.isEmpty && !right.isEmpty, "the line is drawn on both sides")
        #expect(left.allSatisfy { $0 < 0.5 } && right.allSatisfy { $0 > 0.5 }, "\(left) \(right)")
    }

    /// No ESC shown as `␛`, and the only raw escapes are MetaLab's own.
    static func expectNoVisibleEscape(_ text: String) {
        #expect(!text.contains("\u{241B}"), "an escape was shown as text")
    }

    @Test func kittyPlotsReachTheWriterAsOneImageEach() throws {
        let text = Self.session([Self.step, Self.step], graphics: .kitty)
        Self.expectNoVisibleEscape(text)
        let transmissions = kittyCommands(text).filter { $0.keys["a"] == "T" }
        #expect(transmissions.count == 2, "one image per plot")
        #expect(transmissions.allSatisfy { $0.keys["t"] == "d" }, "transmitted directly, never a file")
        // The first image: every chunk up to the first m=0.
        var payload = ""
        for command in kittyCommands(text) {
            payload += command.payload
            if command.keys["m"] == "0" { break }
        }
        Self.expectStep(try decodePNG(try decodeBase64(payload)))
    }

    @Test func itermPlotsReachTheWriterAsOneImageEach() throws {
        let text = Self.session([Self.step], graphics: .iterm)
        Self.expectNoVisibleEscape(text)
        #expect(text.components(separatedBy: "\u{1B}]1337;File=").count == 2, "exactly one image")
        let start = try #require(text.range(of: "\u{1B}]1337;File="))
        let colon = try #require(text.range(of: ":", range: start.upperBound..<text.endIndex))
        let bell = try #require(text.range(of: "\u{07}", range: colon.upperBound..<text.endIndex))
        Self.expectStep(try decodePNG(try decodeBase64(String(text[colon.upperBound..<bell.lowerBound]))))
    }

    @Test func sixelPlotsReachTheWriterAsOneImageEach() throws {
        let text = Self.session([Self.step], graphics: .sixel)
        Self.expectNoVisibleEscape(text)
        #expect(text.components(separatedBy: "\u{1B}P0;1;0q").count == 2, "exactly one image")
        let start = try #require(text.range(of: "\u{1B}P0;1;0q"))
        let end = try #require(text.range(of: "\u{1B}\\", range: start.upperBound..<text.endIndex))
        Self.expectStep(try decodeSixel(String(text[start.lowerBound..<end.upperBound])))
    }

    /// A value's string holding a forged kitty file read, a forged placeholder (right shape,
    /// another token) and a sixel stream: shown, with graphics on, never sent raw.
    @Test(arguments: [GraphicsProtocol.kitty, .sixel, .iterm])
    func aValuesForgedImagesAreShownVisibly(_ graphics: GraphicsProtocol) {
        // Lab strings with a raw ESC typed into them (Lab's `\\` is one backslash: ST is ESC \).
        let forged = [
            "\"\u{1B}_Ga=T,f=100,t=f;L2V0Yy9wYXNzd2Q=\u{1B}\\\\\"",
            "\"\u{1B}^metalab-image;00000000000000000000000000000000;0\u{1B}\\\\\"",
            "\"\u{1B}P0;1;0q\\\"1;1;1;1#0;2;100;0;0#0@\u{1B}\\\\\"",
        ]
        let lines = forged.flatMap { ["s = " + $0, "println(s)", "[s, s]", "(a = s, b = 1)"] }
        let text = Self.session([Self.step] + lines, graphics: graphics)
        let raw = text.unicodeScalars.filter { $0 == "\u{1B}" }.count
        let own = Self.session([Self.step], graphics: graphics).unicodeScalars.filter { $0 == "\u{1B}" }.count
        #expect(raw == own, "the only raw escapes are the plot's image and MetaLab's styles")
        #expect(!text.contains("\u{1B}_Ga=T,f=100,t=f"), "\(text)")
        #expect(text.contains("\u{241B}_Ga=T,f=100,t=f"), "the forged kitty command is shown")
        #expect(text.contains("\u{241B}P0;1;0q"), "the sixel stream is shown")
    }
}

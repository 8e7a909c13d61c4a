import LabLang
import LabLibrary
import Terminal
import Testing

/// How a Plot value reaches the terminal: an image only when the display options
/// carry a graphics protocol; otherwise the text plot, as always.
@Suite struct PlotDisplayTests {
    let source = "plot(sin, 0, 6.3; label = \"sin\")"

    @Test func withoutGraphicsThePlotIsText() {
        let lab = LabLibrary.makeInterpreter(options: DisplayOptions(width: 80, height: 40))
        let output = lab.evaluate(source).output
        #expect(output.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })  // braille cells
        #expect(!output.contains("\u{1B}"))
    }

    @Test func withKittyThePlotIsAnImageWithTextAround() {
        let lab = LabLibrary.makeInterpreter(
            options: DisplayOptions(
                width: 80, height: 40, color: true,
                graphics: GraphicsSupport(.kitty, cellWidth: 10, cellHeight: 20)))
        let output = lab.evaluate(source).output
        #expect(!output.contains("\u{1B}_G"), "the text holds a placeholder, not the escape")
        // What the output writers send (sanitised, MetaLab's own placeholders resolved).
        #expect(TerminalText.sanitize(output, keepingStyles: true).contains("\u{1B}_Ga=T,f=100"))
        #expect(output.contains("sin: min −1 at x=4.71"))  // the summary stays text
        #expect(!output.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })  // no braille
    }

    @Test func asciiNeverGetsAnImage() {
        let lab = LabLibrary.makeInterpreter(
            options: DisplayOptions(
                width: 80, height: 40, ascii: true,
                graphics: GraphicsSupport(.sixel, cellWidth: 10, cellHeight: 20)))
        #expect(!lab.evaluate(source).output.contains("\u{1B}P"))
    }
}

import Formulas
import Testing

/// Golden text for every case in three modes: display, inline and ASCII.
@Suite struct FormulaGoldenTests {
    static func rendering(_ latex: String, width: Int? = nil) throws -> String {
        let display = try FormulaRenderer(options: .init(mode: .display, width: width, strict: true)).render(
            latex)
        let inline = try FormulaRenderer(options: .init(mode: .inline, strict: true)).render(latex)
        let ascii = try FormulaRenderer(
            options: .init(mode: .display, ascii: true, width: width, strict: true)
        ).render(latex)
        var text = "% " + latex + "\n"
        if let width { text += "% width \(width)\n" }
        text += "-- display\n" + display.joined(separator: "\n") + "\n"
        text += "-- inline\n" + inline.joined(separator: "\n") + "\n"
        text += "-- ascii\n" + ascii.joined(separator: "\n") + "\n"
        return text
    }

    @Test func curriculumFormulasWereFound() {
        // docs/CURRICULUM.md has three dozen formulas; an empty list means the path broke.
        #expect(FormulaCases.curriculum.count >= 30)
    }

    @Test(arguments: FormulaCases.curriculum)
    func curriculum(_ c: FormulaCases.Case) throws {
        GoldenFile.check(c.name, try Self.rendering(c.latex))
    }

    @Test(arguments: FormulaCases.constructs)
    func construct(_ c: FormulaCases.Case) throws {
        GoldenFile.check(c.name, try Self.rendering(c.latex))
    }

    @Test(arguments: zip(FormulaCases.wrapped.map(\.case), FormulaCases.wrapped.map(\.width)))
    func wrapped(_ c: FormulaCases.Case, _ width: Int) throws {
        GoldenFile.check(c.name, try Self.rendering(c.latex, width: width))
    }

    @Test func everyGoldenFileBelongsToACase() throws {
        let names = Set(
            (FormulaCases.all + FormulaCases.wrapped.map(\.case)).map(\.name) + FormulaErrorCases.names)
        let files = try GoldenFile.list()
        #expect(files.filter { !names.contains($0) } == [])
    }
}

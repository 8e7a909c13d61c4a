import Foundation
import Testing

/// `metalab tex`, run as the built executable: output, exit status and stderr.
@Suite(.timeLimit(.minutes(3))) struct TexCommandTests {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `metalab` binary beside the test bundle (built by `swift build --build-tests`).
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("metalab")

    func run(_ arguments: String...) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = RunEvalCommandTests.isolated(ProcessInfo.processInfo.environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self))
    }

    @Test func rendersInDisplayMode() throws {
        let result = try run("tex", #"\frac{a+b}{c}"#)
        #expect(result.status == 0)
        #expect(result.standardOutput == "a + b\n─────\n  c  \n")
    }

    @Test func inlineAndASCIIFlags() throws {
        #expect(try run("tex", "--inline", #"\frac{a+b}{c}"#).standardOutput == "(a + b)/c\n")
        #expect(
            try run("tex", "--inline", "--ascii", #"\theta \to \infty"#).standardOutput == "theta -> inf\n")
    }

    @Test func widthWrapsAtRelations() throws {
        let result = try run("tex", "--width", "16", "f(x) = a + b + c = d + e + f")
        #expect(result.standardOutput == "f(x) = a + b + c\n     = d + e + f\n")
    }

    @Test func strictFormulaErrorExitsOneWithTheDiagnosticOnStandardError() throws {
        let result = try run("tex", "--strict", #"a + \foo"#)
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError
                == "<tex>:1:5: error: unknown command `\\foo`\n 1 | a + \\foo\n   |     ^~~~\n")
    }

    @Test func lenientModeShowsTheUnknownCommand() throws {
        let result = try run("tex", #"a + \foo"#)
        #expect(result.status == 0)
        #expect(result.standardOutput == "a + \\foo\n")
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try run("tex").status == 2)
        #expect(try run("tex", "--width", "0", "x").status == 2)
        #expect(try run("tex", "--no-such-flag", "x").status == 2)
    }
}

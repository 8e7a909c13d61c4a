import Foundation
import TestSupport
import Testing

/// `metalab run` and `metalab eval`, run as the built executable: output,
/// exit status 0 / 1 / 2, and the located error on standard error.
@Suite(.timeLimit(.minutes(3))) struct RunEvalCommandTests {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("metalab")

    func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = Self.isolated(ProcessInfo.processInfo.environment)
            .merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self))
    }

    /// The caller's environment without what ties a run to the person running the tests: their
    /// state folder (a remembered `:lang zh` made every English expectation fail, and runs wrote
    /// history and progress into it) and their locale (a Chinese one chooses Chinese).
    static func isolated(_ environment: [String: String]) -> [String: String] {
        var clean = environment.filter { !["LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"].contains($0.key) }
        clean["XDG_STATE_HOME"] = scratchPath("metalab-state")
        return clean
    }

    @Test func runsDoNotSeeTheStateOrLocaleOfWhoeverRunsTheTests() throws {
        let env = Self.isolated([
            "LANG": "zh_CN.UTF-8", "XDG_STATE_HOME": "/root/.local/state", "PATH": "/bin",
        ])
        #expect(env["LANG"] == nil && env["PATH"] == "/bin")
        #expect(env["XDG_STATE_HOME"] != "/root/.local/state")
        // What the isolation guards against: a state folder that remembers Chinese.
        let state = try scratchFolder("metalab-state")
        try FileManager.default.createDirectory(atPath: state + "/metalab", withIntermediateDirectories: true)
        try "zh\n".write(toFile: state + "/metalab/language", atomically: true, encoding: .utf8)
        let remembered = try run(["eval", "x = [1, 2]; x[5]"], environment: ["XDG_STATE_HOME": state])
        #expect(remembered.standardError.contains("错误"))
        #expect(try run(["eval", "x = [1, 2]; x[5]"]).standardError.contains("error:"))
    }

    @Test func evalPrintsEachTopLevelValue() throws {
        let r = try run(["eval", "x = 2; x^2\ny = 3;\n[x y]"])
        #expect(r.status == 0)
        #expect(r.standardOutput == "4\n1×2 Matrix:\n 2  3\n")
        #expect(r.standardError.isEmpty)
    }

    @Test func aLabErrorExitsOneWithALocatedCaret() throws {
        let r = try run(["eval", "x = 1\nx + [1, 2] * [3, 4]"])
        #expect(r.status == 1)
        #expect(r.standardError.hasPrefix("<eval>:2:5: error: cannot multiply two Vectors"))
        #expect(r.standardError.contains(" 2 | x + [1, 2] * [3, 4]\n   |     ^~~~~~~~~~~~~~~"))
        #expect(!r.standardError.contains("\u{1B}["), "no colour when standard error is not a terminal")
    }

    @Test func runReadsAFileOrStandardInput() throws {
        let path = scratchPath("metalab-run") + ".lab"
        try "f(x) = 2x\nf(21)\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try run(["run", path]).standardOutput == "42\n")
        #expect(try run(["run", "-"], input: "1 + 1\n").standardOutput == "2\n")
        #expect(try run(["eval", "-"], input: "sum(1:4)").standardOutput == "10\n")
    }

    @Test func badCommandLineUseExitsTwo() throws {
        #expect(try run(["eval"]).status == 2)
        #expect(try run(["eval", "--width", "3", "1"]).status == 2)
        let missing = try run(["run", "/nonexistent/script.lab"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("cannot open"))
    }

    @Test func widthAndASCIIFlagsReachTheDisplay() throws {
        let wide = try run(["eval", "--width", "40", "ones(2, 30)"])
        #expect(wide.standardOutput.split(separator: "\n").allSatisfy { $0.count <= 40 })
        #expect(wide.standardOutput.contains("…"))
        let ascii = try run(["eval", "--ascii", "--width", "40", "ones(2, 30)"])
        #expect(ascii.standardOutput.contains("2x30 Matrix"))
        #expect(ascii.standardOutput.contains("..."))
    }

    @Test func noColorIsHonoured() throws {
        let r = try run(["eval", "undefined_thing"], environment: ["NO_COLOR": "1"])
        #expect(r.status == 1)
        #expect(!r.standardError.contains("\u{1B}["))
    }

    @Test func sourceStartingWithAMinusIsLabNotAnOption() throws {
        let r = try run(["eval", "-2^2"])
        #expect(r.status == 0)
        #expect(r.standardOutput == "-4\n")
        #expect(try run(["eval", "--plain", "-(1 + 2)", "--width", "40"]).standardOutput == "-3\n")
        #expect(try run(["eval", "-x"]).standardError.hasPrefix("<eval>:1:2: error: undefined name x"))
        // A misspelt flag is still a usage error, and `--` still works.
        #expect(try run(["eval", "--plian", "1"]).status == 2)
        #expect(try run(["eval", "--", "-1"]).standardOutput == "-1\n")
    }

    /// `metalab eval --lang zh '1 + 1'` said "Missing value for '--lang <lang>'": `zh` was
    /// taken for the source. Every option that takes a value keeps it, before or after.
    @Test func optionsWithAValueKeepItBeforeTheSource() throws {
        let state = scratchPath("metalab-eval")
        let environment = ["XDG_STATE_HOME": state]
        for arguments in [
            ["eval", "--lang", "zh", "1 + 1"], ["eval", "1 + 1", "--lang", "en"],
            ["eval", "--graphics", "none", "--lang=zh", "1 + 1"], ["eval", "--width=40", "1 + 1"],
        ] {
            let r = try run(arguments, environment: environment)
            #expect(r.status == 0 && r.standardOutput == "2\n", "\(arguments): \(r.standardError)")
        }
        // And the language is used: `metalab run --lang zh` printed its errors in English.
        let zh = try run(["eval", "--lang", "zh", "[1, 2] * [3, 4]"], environment: environment)
        let chinese = "<eval>:1:1: 错误：不能用 * 把两个 Vector（2 和 2）相乘"
        #expect(zh.standardError.hasPrefix(chinese), "\(zh.standardError)")
        let en = try run(["run", "--lang", "en", "-"], input: "[1, 2] * [3, 4]", environment: environment)
        #expect(en.standardError.hasPrefix("<stdin>:1:1: error: cannot multiply two Vectors"))
    }

    @Test func everySubcommandTakesPlainASCIIAndWidth() throws {
        let flags = ["--plain", "--ascii", "--width", "60"]
        for subcommand in ["tex", "run", "eval", "open", "check", "lint", "present", "lessons"] {
            let help = try run(["help", subcommand]).standardOutput
            for flag in ["--plain", "--ascii", "--width"] {
                #expect(help.contains(flag), "metalab \(subcommand) does not list \(flag)")
            }
        }
        #expect(try run(["tex"] + flags + ["x^2"]).standardOutput == "x^2\n")
        #expect(try run(["eval"] + flags + ["1 + 1"]).standardOutput == "2\n")
        #expect(try run(["run"] + flags + ["-"], input: "3").standardOutput == "3\n")
        for subcommand in ["check", "lint"] {
            let r = try run([subcommand] + flags + ["/nonexistent/lesson.md"])
            #expect(r.status == 1, "metalab \(subcommand) with the output flags: \(r.standardError)")
        }
        #expect(try run(["lessons"] + flags).status == 0)
    }
}

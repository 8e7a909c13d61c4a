import Foundation
import TestSupport
import Testing

/// Issue 18, run as the built executable: hostile lessons and scripts end in
/// located errors and exit codes, never a crash or a raw escape on the terminal.
@Suite(.timeLimit(.minutes(3))) struct HostileInputTests {
    static let executable = RunEvalCommandTests.executable

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> RunEvalCommandTests.Result
    {
        try RunEvalCommandTests().run(arguments, environment: environment)
    }

    func lesson(_ body: String, id: String = "t.hostile") throws -> String {
        let path = try scratchFolder("metalab-hostile") + "/hostile.md"
        try ("---\nid: \(id)\ntitle: Hostile\norder: 1\n---\n\n" + body).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every ESC on the output starts one of MetaLab's own style sequences (none at all without colour).
    func expectNoRawEscape(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            !text.unicodeScalars.contains { $0.value == 0x1B || (0x80...0x9F).contains($0.value) },
            "\(text.debugDescription.prefix(300))", sourceLocation: sourceLocation)
    }

    // Item 5: Markdown with `'- '*100000 x`, `'>'*50000 x` crashed lint and check (rc 139).
    @Test(arguments: [
        String(repeating: "- ", count: 100_000) + "x", String(repeating: ">", count: 50_000) + " x",
    ])
    func deepMarkdownIsALocatedErrorInLintAndCheck(_ body: String) throws {
        let path = try lesson("Intro.\n\n" + body + "\n")
        for command in ["lint", "check"] {
            let r = try run([command, path])
            #expect(r.status == 1, "\(command) exited \(r.status)")
            #expect((r.standardOutput + r.standardError).contains("nested too deeply"))
        }
    }

    // Item 12: a NUL byte made check report ✓ "0 cells" on a lesson whose cell is wrong.
    @Test func aNULByteFailsCheck() throws {
        let path = try lesson("Hel\u{0}lo\n\n```lab id=a\n> 1+1\n3\n```\n")
        let r = try run(["check", path])
        #expect(r.status == 1)
        #expect((r.standardOutput + r.standardError).contains("NUL"))
    }

    // Item 1: prose, a title, check failure output and lint errors reached the terminal raw.
    @Test func escapesInALessonAreShownVisibly() throws {
        let osc52 = "\u{1B}]52;c;aGVsbG8=\u{07}"
        let path = try lesson(
            "Prose \(osc52) here.\n\n```lab id=a\n> println(\"x\u{1B}[5A\u{1B}[2Ky\")\nz\(osc52)\n```\n"
                + "```lab id=\u{1B}]0;t\u{07}\n> 1\n1\n```\n")
        for command in ["lint", "check"] {
            let r = try run([command, path])
            expectNoRawEscape(r.standardOutput + r.standardError)
            #expect(
                (r.standardOutput + r.standardError).contains("\u{241B}"), "\(command) shows the escape as ␛")
        }
    }

    @Test func evalPrintsNoRawEscape() throws {
        let r = try run([
            "eval", "println(\"\u{1B}]52;c;aGk=\u{07}\"); \"\u{1B}P1$q\u{1B}\\\\\"; undefined_\u{1B}[2J",
        ])
        expectNoRawEscape(r.standardOutput + r.standardError)
    }

    // Item 5: `metalab eval` crashed at exit from ~70k levels of nested lists.
    @Test func deepListsEndInALimitError() throws {
        let r = try run(["eval", "v=list(); for i in 1:200000 v=list(v) end; v = 1"])
        #expect(r.status == 1)
        #expect(r.standardError.contains("1000 levels"))
    }

    // `metalab run /tmp` exited 0 silently.
    @Test func runningADirectoryIsAUsageError() throws {
        let r = try run(["run", "/tmp"])
        #expect(r.status == 2)
        #expect(r.standardError.contains("directory"))
    }

    // Session 5 attack: sizes whose product overflows Int crashed the process (signal 4)
    // when another size made the tensor empty, or when repeat multiplied a size.
    @Test(arguments: [
        "zeros(10^14, 10^14, 0)", "zeros(0, 10^14, 10^14)", "rand(10^14, 10^14, 0)",
        "fill(1, 10^14, 10^14, 0)", "randint(1, 10, 10^14, 10^14, 0)",
        "reshape(zeros(0), 2^40, 2^40, 0)", "reshape(zeros(0), -1, 10^14, 10^14, 0)",
        "repeat(zeros(0), 10^14, 10^14)", "repeat(ones(10^7), 10^14)",
    ])
    func sizesThatOverflowAreALimitError(_ source: String) throws {
        let r = try run(["eval", source])
        #expect(r.status == 1, "\(source) exited \(r.status)")
        #expect(r.standardError.contains("error: "), "\(r.standardError.prefix(300))")
        #expect(r.standardError.contains("the limit is 50000000"), "\(r.standardError.prefix(300))")
    }

    @Test func negativeReshapeSizesSayWhatIsExpected() throws {
        let r = try run(["eval", "reshape(1:6, -1, -6)"])
        #expect(r.status == 1)
        #expect(
            r.standardError.contains("reshape sizes must be at least 0 (or one -1 for the rest), found -6"))
        let twice = try run(["eval", "reshape(1:6, -1, -1)"])
        #expect(twice.standardError.contains("at most one -1"))
    }

    // Session 5 attack: `inner_steps = 10^9` made every meta-learning engine ask for
    // terabytes for the inner loop's activations, and the process aborted (signal 6).
    @Test(arguments: [
        "maml(m, sinusoid_tasks(); iterations = 1, inner_steps = 10^9)",
        "maml(m, sinusoid_tasks(); iterations = 1, inner_steps = 10^9, first_order = true)",
        "anil(m, sinusoid_tasks(); iterations = 1, inner_steps = 10^9)",
        "reptile(m, sinusoid_tasks(); iterations = 1, inner_steps = 10^9)",
        "maml_grad(m, sinusoid_tasks(); inner_steps = 10^9)",
    ])
    func hugeInnerLoopsAreALimitError(_ call: String) throws {
        let r = try run(["eval", "m = mlp([1, 4, 1]); " + call])
        #expect(r.status == 1, "\(call) exited \(r.status)")
        #expect(r.standardError.contains("inner_steps = 1000000000 on "), "\(r.standardError.prefix(300))")
        #expect(r.standardError.contains("take fewer inner steps"))
    }

    // `1+1+…+1` of 200,000 terms in a script overflowed even the interpreter's 1 GB stack in
    // a debug build (signal 11): its tree is as tall as it is long. Past `Parser.maximumHeight`
    // (10,000) it is now a located syntax error; so are parentheses nested too deep.
    @Test(arguments: [
        "x = " + String(repeating: "1+", count: 199_999) + "1",
        "y = " + String(repeating: "(", count: 200_000) + "1" + String(repeating: ")", count: 200_000),
        "z = " + String(repeating: "(1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+", count: 150)
            + String(repeating: ")", count: 150),
    ])
    func aVeryLongOrDeepExpressionIsALocatedErrorNotACrash(_ line: String) throws {
        let script = try scratchFolder("metalab-long") + "/long.lab"
        try ("a = 1\n" + line + "\nprintln(\"after\")\n").write(
            toFile: script, atomically: true, encoding: .utf8)
        let r = try run(["run", script])
        #expect(r.status == 1, "exited \(r.status): \(r.standardError.prefix(300))")
        let first = r.standardError.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix(script + ":2:"), "\(first.prefix(200))")
        #expect(
            first.contains("error: expression too long: at most 10000 operators")
                || first.contains("error: expression nested too deeply"), "\(first.prefix(200))")
    }

    // Session 5 attack: a pasted line `x = 1+1+…+1` of 200,000 terms, and `:set` to such a
    // value, crashed the shell (signal 11): it parsed them on the main thread's small stack.
    // Such a line is now a syntax error (past 10,000 terms): the shell says so and goes on.
    @Test func aVeryLongExpressionAtThePromptDoesNotCrashTheShell() throws {
        let home = URL(fileURLWithPath: scratchPath("metalab-long"))
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try "---\nid: t.long\ntitle: Long\norder: 1\n---\n\n```params id=p\nalpha = 0.5  range=0..1\n```\n"
            .write(to: home.appendingPathComponent("Lessons/01-long.md"), atomically: true, encoding: .utf8)
        let chain = String(repeating: "1+", count: 200_000) + "1"
        let short = String(repeating: "1+", count: 9_999) + "1"  // at the limit: it runs
        let longSet = ":set alpha=" + String(repeating: "0+", count: 200_000) + "0.25"
        let input = "x = \(chain)\nx = \(short)\nx\n\(longSet)\n:params\n"
        // Typed from a file, not a pipe: a child that crashes before reading it all would
        // otherwise kill this test process with SIGPIPE.
        let typed = home.appendingPathComponent("typed.txt")
        try input.write(to: typed, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["1", "--plain"]
        process.environment = RunEvalCommandTests.isolated(ProcessInfo.processInfo.environment).merging(
            ["METALAB_HOME": home.path, "XDG_STATE_HOME": home.path + "/state"]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = try FileHandle(forReadingFrom: typed)
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let r = RunEvalCommandTests.Result(
            status: process.terminationStatus, standardOutput: output, standardError: "")
        #expect(r.status == 0)
        #expect(r.standardOutput.contains("expression too long"), "\(r.standardOutput.suffix(400))")
        #expect(r.standardOutput.contains("\n10000\n"), "\(r.standardOutput.suffix(400))")
        #expect(!r.standardOutput.contains("Re-ran steps"), "\(r.standardOutput.suffix(400))")
        #expect(r.standardOutput.contains("alpha = 0.5"), "\(r.standardOutput.suffix(400))")
    }

    // Session 5 attack: an SGR escape (`ESC[35m`, or `ESC[8m` that hides text) in a parameter's
    // description, a solution and a lab command's echo reached the terminal raw: the writers'
    // last guard keeps SGR.
    @Test func escapesInParameterDescriptionsAndSolutionsAreShownVisibly() throws {
        let home = URL(fileURLWithPath: scratchPath("metalab-sgr"))
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        let sgr = "\u{1B}[35m"
        let lesson = """
            ---
            id: t.sgr
            title: SGR
            order: 1
            ---

            ```params id=p
            beta = 0.5  range=0..1  "desc \(sgr)P2"
            ```

            ```lab id=a
            > beta + 1 # \(sgr)P13
            1.5
            ```

            Do it.

            ```exercise id=ex target=z
            z = 0
            ```

            ```check for=ex
            expect z ~= 2
            ```

            ```solution for=ex
            z = 2 # \(sgr)P7
            ```

            """
        try lesson.write(
            to: home.appendingPathComponent("Lessons/01-sgr.md"), atomically: true, encoding: .utf8)
        let r = try RunEvalCommandTests().run(
            ["1"], input: "\n:params\n\n\n:solution\n",
            environment: ["METALAB_HOME": home.path, "XDG_STATE_HOME": home.path + "/state"])
        #expect(r.status == 0)
        #expect(r.standardOutput.contains("desc \u{241B}[35mP2"), "\(r.standardOutput)")
        #expect(r.standardOutput.contains("z = 2 # \u{241B}[35mP7"), "\(r.standardOutput)")
        #expect(r.standardOutput.contains("> beta + 1 # \u{241B}[35mP13"), "\(r.standardOutput)")
        expectNoRawEscape(r.standardOutput)
    }

    // Session 5 attack: an axis 1e308 wide (the span overflows to ∞) or 1e-320 wide (a
    // denormal: the scale is ∞) crashed the plot (signal 4) turning ±∞ or NaN into a cell;
    // so did bars and histograms of ±1e308, and a histogram of two denormals.
    @Test(arguments: [
        ("plot([1e308, -1e308], [1, 2])", "x −10³⁰⁸…10³⁰⁸"),
        ("plot([1, 2], [1e308, -1e308])", "y −10³⁰⁸…10³⁰⁸"),
        ("scatter([1e308, -1e308], [1, 2])", "(10³⁰⁸, 1), (−10³⁰⁸, 2)"),
        ("plot([1, 2], [1e-320, 2e-320])", "y "), ("plot([1, 2], [1, 2]; xlim = (1e-320, 2e-320))", "y 1…2"),
        ("hist([1e308, -1e308])", "histogram of 2 values in 2 bins −10³⁰⁸…10³⁰⁸"),
        // One ulp apart, the two denormals have one bin between them (2⁻¹⁰⁷⁴ and 2·2⁻¹⁰⁷⁴ to 4 digits);
        // the second bin of the default two was [a, a), empty, and its labels read ∞×10⁻³²⁴.
        ("hist([5e-324, 1e-323])", "histogram of 2 values in 1 bin 4.941×10⁻³²⁴…9.881×10⁻³²⁴"),
        ("bar([1e308, -1e308])", "2 bars; min −10³⁰⁸ (2), max 10³⁰⁸ (1)"),
        ("bar([-1e308, 0])", "2 bars; min −10³⁰⁸ (1), max 0 (2)"),
        ("bar([1e308, -1e308]; orientation = \"vertical\")", "2 bars; min −10³⁰⁸ (2)"),
    ])
    func plotsOfExtremeRangesAreDrawn(_ source: String, _ summary: String) throws {
        let r = try run(["eval", source])
        #expect(r.status == 0, "\(source): \(r.standardError.prefix(300))")
        #expect(r.standardOutput.contains(summary), "\(r.standardOutput.suffix(300))")
    }

    // Session 5 attack: `:sweep alpha 0:1e-300:1e308` crashed the shell (signal 4: ∞ values
    // counted as an Int), and `0:1e-9:1` made a billion values before refusing more than 200.
    @Test func sweepsOfTooManyValuesAreRefused() throws {
        let home = URL(fileURLWithPath: scratchPath("metalab-sweep"))
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        let lesson = "---\nid: t.sweep\ntitle: Sweep\norder: 1\n---\n\n"
        try (lesson + "```params id=p\nalpha = 0.5  range=0..1e308\n```\n").write(
            to: home.appendingPathComponent("Lessons/01-sweep.md"), atomically: true, encoding: .utf8)
        let sweeps = ["0:1e-300:1e308", "0:1e-9:1", "nan..inf", "0:1:inf"]
        let r = try RunEvalCommandTests().run(
            ["1", "--plain"], input: "\n" + sweeps.map { ":sweep alpha \($0) alpha\n" }.joined(),
            environment: ["METALAB_HOME": home.path, "XDG_STATE_HOME": home.path + "/state"])
        #expect(r.status == 0)
        for sweep in sweeps {
            let refusal = "Cannot read the range `\(sweep)`"
            #expect(r.standardOutput.contains(refusal), "\(r.standardOutput.suffix(500))")
        }
    }

    // Session 5 attack: a model of the wrong input size given to a trainer said
    // `<eval>: error: networkTaskMismatch(networkInputs: 2, …)`, the Swift value, unlocated.
    @Test(arguments: [
        "maml(mlp([2, 4, 1]), sinusoid_tasks(); iterations = 2)",
        "reptile(mlp([2, 4, 1]), sinusoid_tasks(); iterations = 2)",
        "anil(mlp([2, 4, 1]), sinusoid_tasks(); iterations = 2)",
        "metasgd(mlp([2, 4, 1]), sinusoid_tasks(); iterations = 2)",
        "protonet(mlp([5, 8]), dataset(\"iris\"); n_way = 3, iterations = 2)",
    ])
    func aTrainerGivenTheWrongModelSaysWhy(_ call: String) throws {
        let r = try run(["eval", call])
        #expect(r.status == 1)
        #expect(r.standardError.hasPrefix("<eval>:1:1: error: the model maps "), "\(r.standardError)")
        #expect(!r.standardError.contains("networkTaskMismatch"))
    }

    // Session 5 attack: `multitask(…; sharing = "mmoe", experts = 10^9)` built experts
    // until the machine ran out (it never answered).
    @Test func aHugeMixtureOfExpertsIsALimitError() throws {
        let r = try run(["eval", "multitask([2, 4], [4, 1], [4, 1]; sharing = \"mmoe\", experts = 10^9)"])
        #expect(r.status == 1)
        #expect(r.standardError.contains("trunk parameters; the limit is 50000000"), "\(r.standardError)")
    }
}

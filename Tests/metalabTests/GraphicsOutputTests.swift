import Foundation
import TestSupport
import Testing

/// Issue 20: with graphics forced on, the built `metalab` writes each plot to a terminal as
/// exactly one well-formed image (it had been sanitised into visible `␛_G…` text). Runs the
/// binary on a pseudo-terminal made by util-linux `script`, which records every byte written.
// Serialized: input is typed into each pseudo-terminal after fixed sleeps (past the graphics
// query and the prompt); several metalab processes at once on 2 cores outrun those sleeps.
@Suite(.serialized, .timeLimit(.minutes(2))) struct GraphicsOutputTests {
    /// A step: y = 1 on the left half, −1 on the right.
    static let step = "plot([0, 1, 1, 2], [1, 1, -1, -1]; ylim = (-2, 2))"

    /// The bytes `arguments` wrote to a terminal, with `input` typed, under `METALAB_GRAPHICS=graphics`.
    static func onATerminal(_ arguments: [String], graphics: String, input: [String] = []) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("util-linux `script` is missing (apt-get install bsdutils)")
            return ""
        }
        let log = scratchPath("metalab-graphics")
        let state = log + "-state"
        defer {
            try? FileManager.default.removeItem(atPath: log)
            try? FileManager.default.removeItem(atPath: state)
        }
        let command = ([RunEvalCommandTests.executable.path] + arguments)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, log]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "METALAB_GRAPHICS": graphics, "XDG_STATE_HOME": state, "TERM": "xterm-256color", "COLUMNS": "80",
            "LINES": "40",
        ]) { $1 }
        process.environment?.removeValue(forKey: "NO_COLOR")
        process.environment?.removeValue(forKey: "TMUX")
        // Nothing to type (eval): no pipe at all, so no other child can hold its write end open.
        let inp = input.isEmpty ? nil : Pipe()
        process.standardInput = inp ?? FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let exited = Event()
        process.terminationHandler = { _ in exited.set() }
        try process.run()
        for line in input {
            Thread.sleep(forTimeInterval: 1.5)  // after the graphics query's 250 ms and the prompt
            inp?.fileHandleForWriting.write(Data((line + "\n").utf8))
        }
        if let inp {
            Thread.sleep(forTimeInterval: 1)
            try inp.fileHandleForWriting.close()
        }
        let bytes = { String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self) }
        // A run that outlives its input is a failure with what it wrote, not a hang to the limit
        // (once, in a fresh-clone `make test`, `metalab eval` under `script` ran 138 s).
        if !exited.wait(seconds: 60) {
            process.terminate()
            Issue.record(
                "`script \(command)` still ran 60 s after its input ended; it wrote: \(bytes().suffix(400).debugDescription)"
            )
        }
        process.waitUntilExit()
        return bytes()
    }

    /// The step is high on the left and low on the right of the image (blue: the first series).
    static func expectStep(_ image: DecodedImage) {
        func blueRows(_ x: Int) -> [Int] {
            (0..<image.height).filter {
                let p = image.pixel(x, $0)
                return p.a >= 160 && p.r <= 40 && abs(p.g - 114) <= 40 && abs(p.b - 178) <= 40
            }
        }
        let left = blueRows(image.width / 5), right = blueRows(image.width * 4 / 5)
        #expect(!left.isEmpty && !right.isEmpty)
        #expect(left.allSatisfy { $0 < image.height / 2 } && right.allSatisfy { $0 > image.height / 2 })
    }

    static func expectOneKittyImage(_ bytes: String) throws {
        #expect(!bytes.contains("\u{241B}"), "no escape shown as text")
        #expect(!bytes.contains("\u{1B}^"), "no placeholder reaches the terminal")
        let commands = kittyCommands(bytes).filter { $0.keys["a"] != "q" }  // not the start-up query
        #expect(commands.filter { $0.keys["a"] == "T" }.count == 1, "exactly one image")
        #expect(commands.first?.keys["t"] == "d")
        Self.expectStep(try decodePNG(try decodeBase64(commands.map(\.payload).joined())))
    }

    @Test func evalDrawsTheKittyImage() throws {
        try Self.expectOneKittyImage(try Self.onATerminal(["eval", Self.step], graphics: "kitty"))
    }

    @Test func theShellDrawsTheKittyImage() throws {
        try Self.expectOneKittyImage(
            try Self.onATerminal([], graphics: "kitty", input: [Self.step, ":quit"]))
    }

    @Test func evalDrawsTheSixelAndITermImages() throws {
        let sixel = try Self.onATerminal(["eval", Self.step], graphics: "sixel")
        #expect(!sixel.contains("\u{241B}"))
        #expect(sixel.components(separatedBy: "\u{1B}P0;1;0q").count == 2, "exactly one image")
        let start = try #require(sixel.range(of: "\u{1B}P0;1;0q"))
        let end = try #require(sixel.range(of: "\u{1B}\\", range: start.upperBound..<sixel.endIndex))
        Self.expectStep(try decodeSixel(String(sixel[start.lowerBound..<end.upperBound])))

        let iterm = try Self.onATerminal(["eval", Self.step], graphics: "iterm")
        #expect(!iterm.contains("\u{241B}"))
        #expect(iterm.components(separatedBy: "\u{1B}]1337;File=").count == 2, "exactly one image")
        let file = try #require(iterm.range(of: "\u{1B}]1337;File="))
        let colon = try #require(iterm.range(of: ":", range: file.upperBound..<iterm.endIndex))
        let bell = try #require(iterm.range(of: "\u{07}", range: colon.upperBound..<iterm.endIndex))
        Self.expectStep(try decodePNG(try decodeBase64(String(iterm[colon.upperBound..<bell.lowerBound]))))
    }

    @Test func inAPipeThePlotIsTextAsBefore() throws {
        let r = try RunEvalCommandTests().run(
            ["eval", Self.step], environment: ["METALAB_GRAPHICS": "kitty"])
        #expect(!r.standardOutput.contains("\u{1B}"), "no image, no placeholder, no style in a pipe")
        #expect(r.standardOutput.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille")
    }
}

import Foundation
import TestSupport
import Testing

/// Issue 17: Ctrl-C at the process edge. `metalab run` still stops a running script with
/// the `interrupted` error when SIGINT comes (the one process-wide latch, forwarded to the
/// script's interpreter), and library code holds no process-wide stop state.
@Suite(.timeLimit(.minutes(3))) struct InterruptCommandTests {
    @Test func sigintStopsARunningScriptWithTheInterruptedError() throws {
        let script = scratchPath("metalab-sigint") + ".lab"
        defer { try? FileManager.default.removeItem(atPath: script) }
        try "print(\"started\")\nn = 0\nwhile true\n    n = n + 1\nend\nprint(\"after\")\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = RunEvalCommandTests.executable
        process.arguments = ["run", script]
        process.environment = RunEvalCommandTests.isolated(ProcessInfo.processInfo.environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The handler is installed before the script runs: once it printed, SIGINT is latched.
        var printed = Data()
        while !String(decoding: printed, as: UTF8.self).contains("started") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += chunk
        }
        #expect(String(decoding: printed, as: UTF8.self).contains("started"))
        Thread.sleep(forTimeInterval: 0.3)  // well inside the loop
        kill(process.processIdentifier, SIGINT)
        printed += out.fileHandleForReading.readDataToEndOfFile()
        let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "not killed by the signal")
        #expect(process.terminationStatus == 1, "a Lab error")
        #expect(error.contains("interrupted"), "\(error)")
        #expect(error.contains(".lab:3:1: error: interrupted"), "located at the loop: \(error)")
        #expect(!String(decoding: printed, as: UTF8.self).contains("after"), "the script stopped there")
    }

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// The only process-wide stop state is the signal latch at the process edge (Shell's
    /// `ProcessSignals`): the library modules install no handler, name no latch and keep
    /// no static atomic flag (LabLang's `Interrupt.flag` was one: any interpreter's clear
    /// swallowed every other's Ctrl-C).
    @Test func libraryModulesHoldNoProcessWideStopState() throws {
        let forbidden = [
            "ProcessSignals", "ShellInterrupt", "signal(SIG", "sigaction(", "static let flag",
            "static let interrupt",
        ]
        var found: [String] = []
        for module in ["LabLang", "LabLibrary", "Notebook"] {
            let folder = Self.sources.appendingPathComponent(module).path
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".swift") }
            #expect(!files.isEmpty, "\(folder) has Swift files")
            for file in files {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                for (n, line) in text.components(separatedBy: "\n").enumerated() {
                    let code = line.components(separatedBy: "//").first ?? ""
                    let atomicStatic = code.contains("static") && code.contains("Atomic<")
                    if atomicStatic || forbidden.contains(where: code.contains) {
                        found.append("\(module)/\(file):\(n + 1): \(line)")
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}

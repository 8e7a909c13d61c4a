import Diagnostics
import Foundation
import LabLang
import LabLibrary
import TestSupport
import Testing

/// Stops an evaluation that runs too long (a mutated loop bound) through the
/// interpreter's own interrupt, as Ctrl-C would. The watcher thread sleeps on a condition
/// until the watched evaluation's deadline (or a new `watch`/`stop` wakes it), never polls;
/// past the deadline it asks again every `limit` until the evaluation is swapped out.
final class Watchdog: @unchecked Sendable {
    private let condition = NSCondition()
    private var current: (lab: Interpreter, since: Date)?
    private var running = true

    init(limit: TimeInterval) {
        // strong: the thread outlives the test until it sees `running == false`
        let thread = Thread { [self] in
            self.condition.lock()
            defer { self.condition.unlock() }
            while self.running {
                guard let (lab, since) = self.current else {
                    self.condition.wait()
                    continue
                }
                let deadline = since.addingTimeInterval(limit)
                if Date() >= deadline {
                    lab.requestInterrupt()
                    self.current = (lab, Date())
                } else {
                    self.condition.wait(until: deadline)
                }
            }
        }
        thread.start()
    }

    func watch(_ lab: Interpreter?) {
        condition.lock()
        current = lab.map { ($0, Date()) }
        condition.signal()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        running = false
        condition.signal()
        condition.unlock()
    }
}

@Suite(.timeLimit(.minutes(3))) struct FuzzTests {
    static let vocabulary = [
        "(", ")", "[", "]", ",", ";", "\n", "=", "+", "-", "*", "/", "^", ".*", ".^", "'", ":", "end", "->",
        "x",
        "y", "f", "1", "0", "2.5", "-1", "1e308", "\"s\"", "L\"\\\\a\"", "θ₁", "for", "in", "while", "if",
        "else",
        "function", "return", "break", "global", "true", "nothing", "grad", "hessian", "zeros", "eye", "inv",
        "sum",
        "mlp", "list", "(a = 1,", "x[end]", "1:3", "[1 2; 3 4]", "[1, 2]", "?", "!", "&&", "√", ".(",
        "f(x) =",
        "2x", "π", "NaN", "Inf", "readjson", "reshape", "randn", "seed(1)",
    ]

    static func corpus() -> [String] {
        Scripts.names.flatMap { name -> [String] in
            let text =
                (try? String(contentsOf: Scripts.directory.appendingPathComponent(name), encoding: .utf8))
                ?? ""
            return text.split(separator: "\n").map(String.init).filter {
                !$0.hasPrefix("#") && !$0.contains("readjson")
            }
        }
    }

    static func program(_ rng: inout SplitMix64, _ corpus: [String]) -> String {
        if Int.random(in: 0..<5, using: &rng) == 0 {
            return (0..<Int.random(in: 1...20, using: &rng)).map { _ in vocabulary.randomElement(using: &rng)!
            }
            .joined(separator: Bool.random(using: &rng) ? " " : "")
        }
        var chars = Array(
            (0..<Int.random(in: 1...4, using: &rng)).map { _ in corpus.randomElement(using: &rng)! }
                .joined(separator: "\n"))
        for _ in 0..<Int.random(in: 0...3, using: &rng) where !chars.isEmpty {
            let i = Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: chars.removeSubrange(i..<min(chars.count, i + Int.random(in: 1...5, using: &rng)))
            case 1: chars.insert(contentsOf: vocabulary.randomElement(using: &rng)!, at: i)
            case 2: chars[i] = Array("()[]{},;:=+-*/^'\"\\.0129xeπθ₁ \n#").randomElement(using: &rng)!
            default:
                let j = min(chars.count, i + Int.random(in: 1...8, using: &rng))
                chars.insert(contentsOf: Array(chars[i..<j]), at: j)
            }
        }
        return String(chars)
    }

    /// 10,000 random and mutated programs (seeded): each ends in a value or a
    /// Lab error of a known kind — never a crash or a hang.
    @Test func randomAndMutatedProgramsEndInAValueOrALabError() {
        var rng = SplitMix64(seed: 20_261_129)
        let corpus = Self.corpus()
        #expect(corpus.count > 200)
        let kinds = Diagnostic.Kind.lab
        let watchdog = Watchdog(limit: 0.25)
        defer { watchdog.stop() }
        var lab = LabLibrary.makeInterpreter()
        var failures = 0
        var errors = 0
        for n in 0..<10_000 {
            if n % 50 == 0 { lab = LabLibrary.makeInterpreter() }
            let source = Self.program(&rng, corpus)
            watchdog.watch(lab)
            let result = lab.evaluate(source, name: "fuzz")
            watchdog.watch(nil)
            lab.clearInterrupt()
            errors += result.succeeded ? 0 : 1
            for d in result.diagnostics where !kinds.contains(d.kind) || d.message.isEmpty {
                failures += 1
                Issue.record(
                    "program \(n) (seed 20261129) gave an error of kind \(d.kind): \(d.message)\n\(source)")
            }
            if failures > 5 { break }
        }
        #expect(errors > 1000, "the fuzzer should provoke many errors")
    }
}

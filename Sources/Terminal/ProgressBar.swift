#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a progress bar writes: standard error in a program, a buffer in tests.
public protocol ProgressSink: AnyObject {
    /// Whether the sink is a terminal (a bar draws nothing otherwise).
    var isTerminal: Bool { get }
    func write(_ text: String)
}

/// Standard error, unbuffered.
public final class StandardErrorSink: ProgressSink {
    public init() {}
    public var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = systemWrite(STDERR_FILENO, buffer.baseAddress, buffer.count) }
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ pointer: UnsafePointer<UInt8>?, _ count: Int) -> Int {
    write(fd, pointer, count)
}

/// A single-line progress bar redrawn in place with `\r`:
///
///     train ━━━━━━━━━━━━╸━━━━━━━  620/1000  62%  ETA 3s  loss 0.0312
///
/// It draws only when the sink is a terminal, at most every
/// `minimumInterval` seconds (the last update always draws), and erases itself
/// on `finish()`. The line stops three columns short of the width: a Ctrl-C
/// echoed by the terminal (`^C`) then stays on the bar's line, and erasing the
/// bar erases it too, instead of wrapping and leaving the bar behind.
/// Not thread-safe: one owner updates it.
public final class ProgressBar {
    public let total: Int
    public let label: String
    private let sink: ProgressSink
    private let context: TerminalContext
    private let clock: () -> Double
    private let minimumInterval: Double
    private let start: Double
    private var lastDraw: Double = -.infinity
    private(set) public var completed = 0
    private(set) public var drawCount = 0
    private var drawnSomething = false

    /// - Parameters:
    ///   - total: the number of iterations expected (at least 1).
    ///   - clock: seconds from any origin; a test passes a fake.
    public init(
        total: Int, label: String = "", context: TerminalContext, sink: ProgressSink = StandardErrorSink(),
        minimumInterval: Double = 0.1, clock: @escaping () -> Double = monotonicSeconds
    ) {
        self.total = max(1, total)
        self.label = label
        self.sink = sink
        self.context = context
        self.clock = clock
        self.minimumInterval = minimumInterval
        self.start = clock()
    }

    /// Records `completed` iterations and an optional named value (`loss`), redrawing if due.
    public func update(completed: Int, value: (name: String, value: Double)? = nil) {
        self.completed = min(max(0, completed), total)
        guard sink.isTerminal else { return }
        let now = clock()
        guard now - lastDraw >= minimumInterval || self.completed == total else { return }
        lastDraw = now
        drawCount += 1
        drawnSomething = true
        sink.write("\r" + line(now: now, value: value) + ANSI.clearToEndOfLine)
    }

    /// Erases the bar (the line is left empty for what follows), then writes
    /// `note` on a line of its own, terminal or not (say, why the loop stopped early).
    public func finish(note: String? = nil) {
        if sink.isTerminal, drawnSomething {
            sink.write("\r" + ANSI.clearToEndOfLine)
            drawnSomething = false
        }
        if let note { sink.write(note + "\n") }
    }

    /// The bar's text at time `now`, fitted to the context width minus three columns.
    public func line(now: Double, value: (name: String, value: Double)? = nil) -> String {
        let fraction = Double(completed) / Double(total)
        let elapsed = now - start
        var tail = "  \(completed)/\(total)  \(Int((fraction * 100).rounded(.down)))%"
        if completed > 0 && completed < total {
            tail += "  ETA " + Self.duration(elapsed / Double(completed) * Double(total - completed))
        } else if completed == total {
            tail += "  " + Self.duration(elapsed)
        }
        if let value { tail += "  \(value.name) " + Self.compact(value.value) }
        let head = label.isEmpty ? "" : label + " "
        let available = context.width - Self.margin - displayWidth(head) - displayWidth(tail)
        let barWidth = min(40, available)
        guard barWidth >= 5 else { return (head + tail).truncated(toWidth: context.width - Self.margin) }
        let filled = fraction * Double(barWidth)
        let full = Int(filled.rounded(.down))
        var bar: String
        if context.ascii {
            let inner = barWidth - 2
            let hashes = Int((fraction * Double(inner)).rounded(.down))
            bar =
                "[" + String(repeating: "#", count: hashes) + String(repeating: "-", count: inner - hashes)
                + "]"
        } else {
            let done = String(repeating: "━", count: full)
            let partial = full < barWidth && filled - Double(full) >= 0.5 ? "╸" : ""
            let rest = String(repeating: "━", count: barWidth - full - partial.count)
            let doneStyle = TextStyle(foreground: .cyan)
            let restStyle = TextStyle(foreground: .gray)
            bar = doneStyle.apply(done + partial, mode: context.colorMode)
            bar +=
                context.colorMode == .none
                ? String(repeating: "─", count: rest.count)
                : restStyle.apply(rest, mode: context.colorMode)
        }
        return head + bar + tail
    }

    /// Columns left free at the end of the line: room for the terminal's `^C` echo and the cursor.
    static let margin = 3

    /// `1.5s`, `2m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if seconds < 10 { return String(Double(Int(seconds * 10)) / 10) + "s" }
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + (s % 60 < 10 ? "0" : "") + "\(s % 60)s" }
        return "\(s / 3600)h" + ((s / 60) % 60 < 10 ? "0" : "") + "\((s / 60) % 60)m"
    }

    /// Four significant digits without trailing zeros.
    static func compact(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "Inf" : "-Inf") }
        if v == 0 { return "0" }
        let magnitude = abs(v)
        if magnitude >= 1e5 || magnitude < 1e-3 {
            var buffer = [CChar](repeating: 0, count: 32)
            _ = withVaList([v]) { vsnprintf(&buffer, 32, "%.3e", $0) }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var buffer = [CChar](repeating: 0, count: 32)
        _ = withVaList([v]) { vsnprintf(&buffer, 32, "%.4g", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Seconds on the monotonic clock.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

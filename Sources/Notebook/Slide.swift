import Foundation
import LabLang
import Terminal

/// The values a live slider (`:slide NAME`) walks through: a parameter's declared range
/// and one step per key.
public struct SlideScale: Sendable, Equatable {
    public var range: ClosedRange<Double>
    public var step: Double

    public init(range: ClosedRange<Double>, step: Double) {
        self.range = range
        self.step = step
    }

    /// The step when the lesson marks none (`slide=STEP`): a twentieth of the range rounded
    /// down to 1, 2 or 5 times a power of ten; at least 1 for a whole-number parameter.
    public static func defaultStep(range: ClosedRange<Double>, wholeNumbers: Bool) -> Double {
        let width = range.upperBound - range.lowerBound
        guard width > 0 else { return 1 }
        let raw = width / 20
        let power = pow(10, (log10(raw)).rounded(.down))
        let nice = [5.0, 2, 1].map { $0 * power }.first { $0 <= raw * (1 + 1e-9) } ?? power
        return wholeNumbers ? max(1, nice.rounded(.down)) : nice
    }

    /// `value` moved by `steps` steps and kept inside the range, rounded to the decimals of
    /// the step and of `value` (so 0.1 + 0.05 is 0.15, not 0.15000000000000002).
    public func moved(_ value: Double, by steps: Int) -> Double {
        let places = max(Self.decimals(step), Self.decimals(value))
        let scale = pow(10, Double(places))
        let exact = value + Double(steps) * step
        var x = (exact * scale).rounded() / scale
        // The rounding only clears float noise; a step finer than 12 decimals (`slide=1e-13`)
        // would round away whole steps: keep those unrounded.
        if abs(x - exact) > step * 1e-6 { x = exact }
        return min(max(x, range.lowerBound), range.upperBound)
    }

    /// The decimal places `x` needs (at most 12): 0 for 3, 2 for 0.05.
    static func decimals(_ x: Double) -> Int {
        var k = 0
        var scaled = abs(x)
        while k < 12, abs(scaled - scaled.rounded()) > 1e-9 * max(1, scaled) {
            k += 1
            scaled *= 10
        }
        return k
    }
}

/// Where a slider's keys come from: the terminal in raw mode (Shell), or a script in tests.
public protocol SlideKeySource: AnyObject {
    /// Waits for the next key; nil when the input ended.
    func nextKey() -> SlideKey?
    /// A key already typed, without waiting; nil when none is waiting.
    func pendingKey() -> SlideKey?
}

/// Where a slider draws: one block of lines that each `draw` replaces in place.
public protocol SlideScreen: AnyObject {
    /// Replaces the block drawn last (nothing, the first time) with `lines`.
    func draw(_ lines: [String])
    /// Takes the block off the screen: the transcript shows as it was before the slide.
    func erase()
    /// The window as it is now, when the screen can tell (a terminal): after a resize the
    /// slide follows it, and its plots are drawn again at the new width.
    var window: TerminalContext? { get }
}

extension SlideScreen {
    public var window: TerminalContext? { nil }
}

/// How a slide ended.
public enum SlideOutcome: Sendable, Equatable {
    /// Enter: the parameter keeps this value (Lab source).
    case kept(String)
    /// Esc, or the end of input: the state before the slide, exactly.
    case restored
    /// Ctrl-C, waiting or computing: the state before the slide, exactly.
    case stopped
    /// Not a parameter that can slide (the reason was said).
    case refused
}

extension LessonSession {
    /// What `:slide NAME` moves: the parameter, its scale and its value now; nil (after
    /// saying why) when NAME is not a parameter with a range and a numeric value that
    /// has been set up by this step.
    func slidePlan(_ name: String) -> (spec: ParameterSpec, scale: SlideScale, value: Double)? {
        guard let spec = parameters.first(where: { $0.name == name }) else {
            write(words(parameters.isEmpty ? .notAParameter : .notAParameterSeeParams, code(name)))
            return nil
        }
        let now = progress.parameters[name] ?? spec.value
        guard let range = spec.range else {
            write(words(.slideNoRange, name))
            return nil
        }
        guard let value = Double(now.stripping(" ")) else {
            write(words(.slideNotANumber, name, now))
            return nil
        }
        guard parameterStep(for: [name]) != nil else {
            write(words(.parameterSetUpLater, name))
            return nil
        }
        return (spec, slideScale(spec, range: range, value: value), value)
    }

    /// The lesson's `slide=` step, else the default for the range (whole steps when the
    /// range and the value are whole numbers).
    func slideScale(_ spec: ParameterSpec, range: ClosedRange<Double>, value: Double?) -> SlideScale {
        let whole = [range.lowerBound, range.upperBound, value ?? 0.5].allSatisfy { $0 == $0.rounded() }
        return SlideScale(
            range: range, step: spec.slideStep ?? SlideScale.defaultStep(range: range, wholeNumbers: whole))
    }

    /// `:slide NAME` where keys cannot be read one by one (a pipe): says so, and what works instead.
    public func slideNeedsATerminal(_ name: String) {
        var instead = words(.slideInsteadAny)
        if let spec = parameters.first(where: { $0.name == name }), let range = spec.range {
            let step = slideScale(spec, range: range, value: Double(progress.parameters[name] ?? spec.value))
                .step
            let sweep =
                ":sweep \(name) \(formatNumber(range.lowerBound)):\(formatNumber(step)):\(formatNumber(range.upperBound))"
            instead = words(.slideInstead, sweep, name)
        }
        writeWrapped("", words(.slideNeedsTerminal, instead))
    }

    /// `:slide NAME`: ←/→ move the parameter by its step within its range; after each move
    /// the cells downstream of it run again (`rerunGraph`, as `:set` does) and `screen`
    /// redraws their output in place. Keys typed while a re-run computes are taken
    /// together (only the last value runs), with a "computing" line when re-runs are slow.
    /// Each move is a `:set` transaction from the last value that ran, so the lesson is
    /// never half-changed: a value whose cells fail shows why and the slide stays at the
    /// last good one. Enter keeps the value (saved with the progress); Esc, Ctrl-C (also
    /// while computing) and the end of input put back exactly the state before the slide.
    /// A resized window (`.resize`) draws the last frame again, which `screen` fits to the new size.
    @discardableResult
    public func slide(_ name: String, keys: SlideKeySource, screen: SlideScreen) -> SlideOutcome {
        guard let plan = slidePlan(name) else { return .refused }
        let before = captureState()
        let original = progress.parameters[name] ?? plan.spec.value
        var shown = plan.value, target = plan.value
        var body: [String] = []
        var slow = true  // until a re-run shows otherwise, say that one is computing
        func header(_ note: String = "") -> String {
            let scale = plan.scale
            let step = formatNumber(scale.step)
            let hints = [
                words(
                    .slideHeading, step, formatNumber(scale.range.lowerBound),
                    formatNumber(scale.range.upperBound), original),
                words(.slideHeadingShort, step), words(.slideHeadingKeys),
            ]
            let line = Self.slideStatus(
                value: "\(name) = \(formatNumber(shown))", note: note, hints: hints, width: context.width - 1)
            return styled(line.value, TextStyle(bold: true)) + styled(line.note, TextStyle(dim: true))
                + styled(line.hints, TextStyle(dim: true))
        }
        func undo(_ outcome: SlideOutcome) -> SlideOutcome {
            restoreState(before)
            saveProgress()
            screen.erase()
            if outcome == .stopped {
                writeWrapped("", styled(words(.slideStopped, name), TextStyle(dim: true)))
            } else {
                write(styled(words(.slideRestored, name, original), TextStyle(dim: true)))
            }
            return outcome
        }
        var frame = [header()]
        screen.draw(frame)
        while true {
            guard let first = keys.nextKey() else { return undo(.restored) }
            // Everything typed meanwhile is taken together: only the last value runs.
            var ending: SlideKey? = nil
            var key: SlideKey? = first
            var resized = false
            while let k = key, ending == nil {
                switch k {
                case .increase: target = plan.scale.moved(target, by: 1)
                case .decrease: target = plan.scale.moved(target, by: -1)
                case .resize: resized = true
                case .keep, .restore, .stop: ending = k
                }
                key = ending == nil ? keys.pendingKey() : nil
            }
            // A move draws a new frame anyway; otherwise the last one again, at the new size: its
            // output (plots at the window's width) is run again when the width changed.
            if resized, let now = screen.window, now.width != context.width {
                follow(now)
                if target == shown, ending == nil, !body.isEmpty {
                    let step = slideStep(name, to: shown, lessonValue: plan.spec.value)
                    if step.stopped { return undo(.stopped) }
                    body = step.output
                    frame = [header()] + body
                } else {
                    frame[0] = header()
                }
            }
            if resized, target == shown, ending == nil { screen.draw(frame) }
            if ending == .restore { return undo(.restored) }
            if ending == .stop { return undo(.stopped) }
            if target != shown {
                if slow {
                    screen.draw(
                        [header(words(.slideComputing, name, formatNumber(target)))] + body)
                }
                let start = monotonicSeconds()
                let step = slideStep(name, to: target, lessonValue: plan.spec.value)
                slow = monotonicSeconds() - start > 0.1
                if step.stopped { return undo(.stopped) }
                if step.ran { shown = target } else { target = shown }
                body = step.output
                frame = [header()] + body
                screen.draw(frame)
            }
            if ending == .keep {
                screen.erase()
                // The transcript keeps the last frame's output once, as after a `:set`.
                if !body.isEmpty { write(body.joined(separator: "\n")) }
                saveProgress()
                let value = progress.parameters[name] ?? plan.spec.value
                write(
                    value == original
                        ? words(.slideStays, name, value) : words(.slideKept, name, value, original))
                return .kept(value)
            }
        }
    }

    /// The slide's status line in `width` columns: `value` (`a = 0.5`), then `note` (computing…),
    /// then the first of `hints` (widest first: the step, range and value Esc restores; the step;
    /// the keys) that fits. Narrower still, the hints go, then the note; the value is cut last.
    static func slideStatus(value: String, note: String, hints: [String], width: Int) -> (
        value: String, note: String, hints: String
    ) {
        for kept in note.isEmpty ? [""] : [note, ""] {
            for hint in hints + [""] where displayWidth(value + kept + hint) <= width {
                return (value, kept, hint)
            }
        }
        return (value.truncated(toWidth: max(1, width)), "", "")
    }

    /// One move of a slide: `:set NAME=value` as a transaction from the state now (the
    /// last value that ran), its output collected instead of written. `ran` is false when
    /// a cell failed (the transaction put the state back; `output` says why), `stopped`
    /// when Ctrl-C stopped it.
    func slideStep(_ name: String, to value: Double, lessonValue: String) -> (
        ran: Bool, stopped: Bool, output: [String]
    ) {
        let text = formatNumber(value)
        var collected: [String] = []
        let writer = write
        write = { collected.append($0) }
        defer { write = writer }
        settingParameter = name
        defer { settingParameter = nil }
        // Presenting, a cell's re-run waits for Enter before its output ("predict first"):
        // inside a slide that wait read the keys with readline and the frame hung at "computing".
        let pause = pauseBeforeOutput
        pauseBeforeOutput = nil
        defer { pauseBeforeOutput = pause }
        let ran = transaction(":set \(name)=\(text)") {
            progress.parameters[name] = text == lessonValue ? nil : text
            return rerunGraph(changed: [name])
        }
        let stopped = stopSeen
        stopSeen = false
        let output = collected.joined(separator: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        return (ran, stopped, output)
    }
}

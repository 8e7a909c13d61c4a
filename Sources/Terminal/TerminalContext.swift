#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How presentation code should write: colour, character set and width.
///
/// Every presentation module (tensor display, plots, formulas, lesson prose)
/// receives one of these instead of looking at the environment itself, so a
/// test can fix it: `TerminalContext(colorMode: .none, ascii: false, width: 72)`.
public struct TerminalContext: Sendable, Hashable {
    /// The colour escape codes allowed.
    public var colorMode: ColorMode
    /// Only ASCII characters (`--ascii`): frames, glyphs, symbols.
    public var ascii: Bool
    /// Columns available per line.
    public var width: Int
    /// Rows of the window, when known.
    public var height: Int?
    /// Whether standard output is a terminal (progress bars and prompts only draw there).
    public var isTerminal: Bool
    /// The inline-image protocol plots may use, and the cell size in pixels
    /// (`.none` unless `detect` was asked to look: text plots, as always).
    public var graphics: GraphicsSupport = .none

    public init(
        colorMode: ColorMode, ascii: Bool = false, width: Int, height: Int? = nil, isTerminal: Bool = false
    ) {
        self.colorMode = colorMode
        self.ascii = ascii
        self.width = max(1, width)
        self.height = height
        self.isTerminal = isTerminal
    }

    /// Fixed settings for tests and files: no colour, Unicode, 80 columns.
    public static let plain = TerminalContext(colorMode: .none, width: 80)

    /// The context of this process's standard output.
    ///
    /// - Parameters:
    ///   - plain: `--plain`: no colour whatever the environment says.
    ///   - ascii: `--ascii`.
    ///   - width: `--width N`: overrides the detected width.
    ///   - graphics: `--graphics` (resolved with `METALAB_GRAPHICS` by the caller); when
    ///     not `.none` and the output is a terminal, the terminal is queried once
    ///     (`queryTerminalGraphics`) and `GraphicsSupport.choose` decides.
    ///   - environment: defaults to the process environment.
    /// Width: `ioctl(TIOCGWINSZ)` on stdout, then `COLUMNS`, then 80.
    public static func detect(
        plain: Bool = false, ascii: Bool = false, width: Int? = nil, graphics: GraphicsRequest = .none,
        environment: [String: String] = processEnvironment()
    ) -> TerminalContext {
        let terminal = isatty(STDOUT_FILENO) == 1
        let size = windowSize(fileDescriptor: STDOUT_FILENO)
        let mode = plain ? .none : ColorMode.detect(environment: environment, isTerminal: terminal)
        let columns =
            width ?? size?.columns ?? environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            ?? 80
        var context = TerminalContext(
            colorMode: mode, ascii: ascii, width: columns, height: size?.rows, isTerminal: terminal)
        if graphics != .none && terminal && !plain && !ascii {
            // Never send the query where auto would refuse anyway (tmux, screen, dumb).
            let ask = !(graphics == .auto && GraphicsSupport.isMultiplexed(environment))
            context.graphics = GraphicsSupport.choose(
                request: graphics, environment: environment, isTerminal: terminal, plain: plain, ascii: ascii,
                replies: ask ? queryTerminalGraphics() : nil, columns: columns, rows: size?.rows)
        }
        return context
    }

    /// This context with `width` columns (at least 1).
    public func withWidth(_ width: Int) -> TerminalContext {
        var copy = self
        copy.width = max(1, width)
        return copy
    }
}

/// The window size of the terminal on `fileDescriptor`, or nil when it is not a
/// terminal or reports zero columns.
public func windowSize(fileDescriptor: Int32) -> (columns: Int, rows: Int)? {
    guard let size = terminalWinsize(fileDescriptor), size.ws_col > 0 else { return nil }
    return (Int(size.ws_col), Int(size.ws_row))
}

/// The terminal's `TIOCGWINSZ` answer (columns, rows and pixels), or nil when
/// `fileDescriptor` is not a terminal: the one ioctl behind `windowSize` and `windowPixelSize`.
func terminalWinsize(_ fileDescriptor: Int32) -> winsize? {
    var size = winsize()
    #if canImport(Glibc)
        let request = UInt(TIOCGWINSZ)
    #else
        let request = TIOCGWINSZ
    #endif
    return ioctl(fileDescriptor, request, &size) == 0 ? size : nil
}

/// The process environment as a dictionary (without Foundation).
public func processEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let eq = text.firstIndex(of: "=") {
            result[String(text[..<eq])] = String(text[text.index(after: eq)...])
        }
        pointer += 1
    }
    return result
}

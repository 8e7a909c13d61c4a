/// Inline images in the terminal (issue 20): which protocol a plot may use and
/// how large a character cell is in pixels, decided once at start-up from the
/// environment and the terminal's answers to a short query.
///
/// Pure: `GraphicsSupport.choose` is a function of the request, the environment
/// and the parsed replies, so tests script the replies; the I/O that sends the
/// query and reads with a timeout is `queryTerminalGraphics` (GraphicsQuery.swift).

/// An inline-image protocol.
public enum GraphicsProtocol: String, Sendable, CaseIterable {
    /// Text only: the braille plots.
    case none
    /// kitty's graphics protocol (kitty, WezTerm, Ghostty, Konsole): PNG in `ESC _ G … ESC \` chunks.
    case kitty
    /// DEC sixel (xterm -ti vt340, foot, mlterm, WezTerm, Windows Terminal): a palette image
    /// in `ESC P q … ESC \`.
    case sixel
    /// iTerm2's inline images (iTerm2, WezTerm): PNG in `ESC ] 1337 ; File=… BEL`.
    case iterm
}

/// What `--graphics` or `METALAB_GRAPHICS` ask for.
public enum GraphicsRequest: String, Sendable, CaseIterable {
    /// The best protocol the terminal answers for, else none.
    case auto
    case kitty, sixel, iterm, none

    /// The flag when given, else the setting `METALAB_GRAPHICS` when it names a
    /// request, else `.auto`.
    public static func resolve(flag: GraphicsRequest?, environment: [String: String]) -> GraphicsRequest {
        if let flag { return flag }
        if let setting = environment["METALAB_GRAPHICS"].flatMap({
            GraphicsRequest(rawValue: $0.lowercased())
        }) {
            return setting
        }
        return .auto
    }
}

/// The protocol chosen for this output and the size of a character cell in pixels.
public struct GraphicsSupport: Sendable, Hashable {
    public var graphicsProtocol: GraphicsProtocol
    /// Pixels per character cell (0 when unknown).
    public var cellWidth: Int
    public var cellHeight: Int

    public init(_ graphicsProtocol: GraphicsProtocol, cellWidth: Int, cellHeight: Int) {
        self.graphicsProtocol = graphicsProtocol
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
    }

    /// Text only.
    public static let none = GraphicsSupport(.none, cellWidth: 0, cellHeight: 0)

    /// Whether an image can be drawn: a protocol and a known cell size.
    public var isAvailable: Bool { graphicsProtocol != .none && cellWidth > 0 && cellHeight > 0 }

    /// The cell size assumed when a protocol is forced and the terminal did not say (pixels).
    public static let assumedCell = (width: 10, height: 20)

    /// Whether output goes through tmux or screen (`TMUX`, `TERM=screen*|tmux*`) or to
    /// `TERM=dumb`: no query is sent there and auto chooses none.
    public static func isMultiplexed(_ environment: [String: String]) -> Bool {
        let term = environment["TERM"] ?? ""
        return environment["TMUX"] != nil || environment["STY"] != nil || term.hasPrefix("screen")
            || term.hasPrefix("tmux") || term == "dumb"
    }

    /// The choice, in this order:
    /// - not a terminal, `--plain` or `--ascii`, or a request of none → none, always;
    /// - a forced protocol (kitty, sixel, iterm) → that protocol, with the cell size the
    ///   terminal reported, else `assumedCell`;
    /// - auto inside tmux or screen (`TMUX`, `TERM=screen*|tmux*`), or with `TERM=dumb` → none
    ///   (the multiplexer would have to pass images through);
    /// - auto with no answer to the query, or no cell size → none (detection is unsure);
    /// - auto: kitty when it answered the graphics query with OK; else sixel when the
    ///   primary device attributes list 4; else iterm when `TERM_PROGRAM` is iTerm.app
    ///   or WezTerm or `LC_TERMINAL` is iTerm2; else none.
    public static func choose(
        request: GraphicsRequest, environment: [String: String], isTerminal: Bool, plain: Bool, ascii: Bool,
        replies: GraphicsReplies?, columns: Int, rows: Int?
    ) -> GraphicsSupport {
        guard isTerminal, !plain, !ascii, request != .none else { return .none }
        let cell = replies?.cellSize(columns: columns, rows: rows)
        switch request {
        case .none: return .none
        case .kitty, .sixel, .iterm:
            let p = GraphicsProtocol(rawValue: request.rawValue)!
            return GraphicsSupport(
                p, cellWidth: cell?.width ?? assumedCell.width, cellHeight: cell?.height ?? assumedCell.height
            )
        case .auto:
            if isMultiplexed(environment) { return .none }
            guard let replies, replies.answered, let cell else { return .none }
            if replies.kittyGraphics {
                return GraphicsSupport(.kitty, cellWidth: cell.width, cellHeight: cell.height)
            }
            if replies.deviceAttributes.contains(4) {
                return GraphicsSupport(.sixel, cellWidth: cell.width, cellHeight: cell.height)
            }
            let program = environment["TERM_PROGRAM"] ?? ""
            if program == "iTerm.app" || program == "WezTerm" || environment["LC_TERMINAL"] == "iTerm2" {
                return GraphicsSupport(.iterm, cellWidth: cell.width, cellHeight: cell.height)
            }
            return .none
        }
    }
}

/// What a terminal answered to the graphics query, parsed from the raw bytes.
///
/// The query (`graphicsQuery`) asks, in order: kitty's graphics query
/// `ESC _ G i=31,s=1,v=1,a=q,t=d,f=24 ; AAAA ESC \` (answered `ESC _ G i=31 ; OK ESC \`
/// by terminals that speak it, ignored by the rest), the cell size `CSI 16 t`
/// (answered `CSI 6 ; h ; w t`), the text area size `CSI 14 t` (answered
/// `CSI 4 ; h ; w t`) and the primary device attributes `CSI c` (answered
/// `CSI ? 6 4 ; … c` by every terminal, last, so its arrival ends the wait; a 4
/// among the numbers means sixel).
public struct GraphicsReplies: Sendable, Hashable {
    /// Whether the device attributes came back (the terminal answered at all).
    public var answered = false
    public var kittyGraphics = false
    public var deviceAttributes: [Int] = []
    /// Pixels of one cell (`CSI 16 t`), when reported.
    public var cellPixels: PixelSize?
    /// Pixels of the text area (`CSI 14 t` or `TIOCGWINSZ`), when reported.
    public var windowPixels: PixelSize?

    public init() {}

    /// The bytes MetaLab writes to ask (see the type's documentation).
    public static let query = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\\u{1B}[16t\u{1B}[14t\u{1B}[c"

    /// Parses every reply found in `bytes`; unknown sequences and stray bytes are skipped.
    public static func parse(_ bytes: [UInt8]) -> GraphicsReplies {
        var r = GraphicsReplies()
        var i = 0
        let esc: UInt8 = 0x1B
        while i < bytes.count {
            guard bytes[i] == esc, i + 1 < bytes.count else { i += 1; continue }
            if bytes[i + 1] == UInt8(ascii: "_") {
                // APC … ST: a kitty graphics reply.
                var j = i + 2
                while j + 1 < bytes.count && !(bytes[j] == esc && bytes[j + 1] == UInt8(ascii: "\\")) {
                    j += 1
                }
                let body = String(decoding: bytes[(i + 2)..<min(j, bytes.count)], as: UTF8.self)
                if body.hasPrefix("G") && body.contains(";OK") { r.kittyGraphics = true }
                i = j + 2
            } else if bytes[i + 1] == UInt8(ascii: "[") {
                // CSI parameters final.
                var j = i + 2
                while j < bytes.count && (bytes[j] < 0x40 || bytes[j] > 0x7E) { j += 1 }
                guard j < bytes.count else { break }
                let params = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                let final = bytes[j]
                if final == UInt8(ascii: "c"), params.hasPrefix("?") {
                    r.answered = true
                    r.deviceAttributes = params.dropFirst().split(separator: ";").compactMap { Int($0) }
                } else if final == UInt8(ascii: "t") {
                    let n = params.split(separator: ";").compactMap { Int($0) }
                    if n.count == 3, n[1] > 0, n[2] > 0 {
                        if n[0] == 6 { r.cellPixels = PixelSize(width: n[2], height: n[1]) }
                        if n[0] == 4 { r.windowPixels = PixelSize(width: n[2], height: n[1]) }
                    }
                }
                i = j + 1
            } else {
                i += 1
            }
        }
        return r
    }

    /// The cell size: reported directly, else the text area divided by the grid
    /// (`columns` × `rows`); nil when neither is known or the result is implausible
    /// (under 4 × 6 or over 200 × 400 pixels).
    public func cellSize(columns: Int, rows: Int?) -> PixelSize? {
        var cell = cellPixels
        if cell == nil, let w = windowPixels, let rows, rows > 0, columns > 0 {
            cell = PixelSize(width: w.width / columns, height: w.height / rows)
        }
        guard let c = cell, c.width >= 4, c.height >= 6, c.width <= 200, c.height <= 400 else { return nil }
        return c
    }
}

/// A size in pixels.
public struct PixelSize: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

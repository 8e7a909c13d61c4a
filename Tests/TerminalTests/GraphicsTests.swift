import Terminal
import Testing

/// Replies as terminals send them (scripted; the query I/O is not exercised here).
enum Replies {
    /// kitty: answers the graphics query, the cell size and the device attributes.
    static let kitty = "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[4;800;800t\u{1B}[?62;22c"
    /// xterm -ti vt340: no kitty answer; 4 (sixel) among the attributes; text area size only.
    static let xtermSixel = "\u{1B}[4;480;800t\u{1B}[?63;1;2;4;6;9;15;16;22;28;29c"
    /// A plain VT100-alike: only the attributes.
    static let plainTerminal = "\u{1B}[?1;2c"
}

@Suite struct GraphicsTests {
    func choose(
        _ replies: String?, request: GraphicsRequest = .auto,
        environment: [String: String] = ["TERM": "xterm-256color"],
        isTerminal: Bool = true, plain: Bool = false, ascii: Bool = false
    ) -> GraphicsSupport {
        GraphicsSupport.choose(
            request: request, environment: environment, isTerminal: isTerminal, plain: plain, ascii: ascii,
            replies: replies.map { GraphicsReplies.parse(Array($0.utf8)) }, columns: 80, rows: 24)
    }

    @Test func parsesEveryReply() {
        let r = GraphicsReplies.parse(Array(("junk" + Replies.kitty).utf8))
        #expect(r.answered && r.kittyGraphics)
        #expect(r.deviceAttributes == [62, 22])
        #expect(r.cellPixels == PixelSize(width: 10, height: 20))
        #expect(r.windowPixels == PixelSize(width: 800, height: 800))
        let x = GraphicsReplies.parse(Array(Replies.xtermSixel.utf8))
        #expect(x.answered && !x.kittyGraphics && x.deviceAttributes.contains(4))
        // 800 × 480 pixels over 80 × 24 cells.
        #expect(x.cellSize(columns: 80, rows: 24) == PixelSize(width: 10, height: 20))
        #expect(!GraphicsReplies.parse(Array("\u{1B}[6;20;10t".utf8)).answered)
    }

    @Test func autoPicksWhatTheTerminalAnswered() {
        #expect(choose(Replies.kitty) == GraphicsSupport(.kitty, cellWidth: 10, cellHeight: 20))
        #expect(choose(Replies.xtermSixel) == GraphicsSupport(.sixel, cellWidth: 10, cellHeight: 20))
        let iterm = ["TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"]
        #expect(
            choose(Replies.plainTerminal + "\u{1B}[6;18;9t", environment: iterm).graphicsProtocol == .iterm)
        #expect(choose(Replies.plainTerminal + "\u{1B}[6;18;9t") == .none)
    }

    @Test func unsureMeansText() {
        #expect(choose(nil) == .none)  // no answer at all
        #expect(choose("\u{1B}_Gi=31;OK\u{1B}\\") == .none)  // no device attributes: unsure
        #expect(choose("\u{1B}[?62;4c") == .none)  // sixel, but no cell size
        let tmux = ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-1000/default,1,0"]
        #expect(choose(Replies.kitty, environment: tmux) == .none)
        #expect(choose(Replies.kitty, environment: ["TERM": "screen"]) == .none)
        #expect(choose(Replies.kitty, environment: ["TERM": "dumb"]) == .none)
    }

    @Test func neverInAPipeOrPlainOrASCIIEvenWhenForced() {
        for request in GraphicsRequest.allCases {
            #expect(choose(Replies.kitty, request: request, isTerminal: false) == .none)
            #expect(choose(Replies.kitty, request: request, plain: true) == .none)
            #expect(choose(Replies.kitty, request: request, ascii: true) == .none)
        }
        #expect(choose(Replies.kitty, request: .none) == .none)
    }

    @Test func aForcedProtocolWinsAndAssumesACellWhenNotTold() {
        #expect(
            choose(Replies.kitty, request: .sixel) == GraphicsSupport(.sixel, cellWidth: 10, cellHeight: 20))
        #expect(choose(nil, request: .kitty) == GraphicsSupport(.kitty, cellWidth: 10, cellHeight: 20))
        #expect(
            choose("\u{1B}[6;30;15t\u{1B}[?1c", request: .iterm)
                == GraphicsSupport(.iterm, cellWidth: 15, cellHeight: 30))
    }

    @Test func theFlagWinsOverTheSetting() {
        #expect(GraphicsRequest.resolve(flag: nil, environment: [:]) == .auto)
        #expect(GraphicsRequest.resolve(flag: nil, environment: ["METALAB_GRAPHICS": "Sixel"]) == .sixel)
        #expect(GraphicsRequest.resolve(flag: nil, environment: ["METALAB_GRAPHICS": "bogus"]) == .auto)
        #expect(
            GraphicsRequest.resolve(flag: GraphicsRequest.none, environment: ["METALAB_GRAPHICS": "kitty"])
                == .none)
    }

    @Test func detectWithoutARequestNeverLooks() {
        // The default request is none: no query is sent, whatever the terminal.
        #expect(TerminalContext.detect(environment: ["TERM": "xterm-kitty"]).graphics == .none)
        #expect(TerminalContext.detect(plain: true, graphics: .kitty, environment: [:]).graphics == .none)
        #expect(TerminalContext.detect(ascii: true, graphics: .sixel, environment: [:]).graphics == .none)
    }

    @Test func strippingEscapesRemovesImages() {
        // Transcripts keep the text of a plot, never its image bytes.
        let kitty = kittyImageEscape(png: Array(repeating: 7, count: 9000), columns: 10, rows: 4)
        let sixel = "\u{1B}P0;1;0q\"1;1;2;6#0;2;0;0;0#0~~-\u{1B}\\"
        let iterm = itermImageEscape(png: [1, 2, 3], columns: 2, rows: 1)
        let text = "ticks\u{1B}7\u{1B}[3A\u{1B}[5G" + kitty + sixel + iterm + "\u{1B}8 summary"
        #expect(ANSI.strip(text) == "ticks summary")
    }

    @Test func kittyChunksAreAtMost4096Bytes() {
        let png = (0..<10_000).map { UInt8($0 % 251) }
        let escape = kittyImageEscape(png: png, columns: 40, rows: 12)
        let chunks = escape.split(separator: "\u{1B}\\").map { String($0) }
        #expect(chunks.count == (base64(png).utf8.count + 4095) / 4096)
        #expect(chunks[0].hasPrefix("\u{1B}_Ga=T,f=100,t=d,q=2,C=1,c=40,r=12,m=1;"))
        #expect(chunks.last!.hasPrefix("\u{1B}_Gm=0;"))
        for c in chunks { #expect(c.split(separator: ";", maxSplits: 1)[1].utf8.count <= 4096) }
    }

    @Test func base64MatchesRFC4648() {
        // RFC 4648 §10 test vectors.
        let vectors = [
            "": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
            "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in vectors { #expect(base64(Array(plain.utf8)) == encoded) }
    }
}

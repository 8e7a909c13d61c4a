import Testing

@testable import Terminal

/// Issues 18 and 20: only MetaLab's own image escapes pass the output writer; a lesson's
/// forged image command, forged placeholder or sixel stream is shown, never sent raw.
@Suite struct TerminalImagesTests {
    /// A minimal kitty transmission as MetaLab's encoder writes it (payload: base64 of "PNG").
    let kitty = kittyImageEscape(png: Array("PNG".utf8), columns: 3, rows: 2)
    /// A minimal sixel image: one red pixel.
    let sixel = "\u{1B}P0;1;0q\"1;1;1;1#0;2;100;0;0#0@\u{1B}\\"

    /// What the output writers send.
    func written(_ text: String) -> String { TerminalText.sanitize(text, keepingStyles: true) }

    @Test func aRegisteredImageBecomesItsPlacementAtTheWriter() {
        let placeholder = TerminalImages.placeholder(for: kitty, as: .kitty, linesUp: 4, column: 2)
        #expect(!placeholder.isEmpty)
        #expect(!placeholder.contains("\u{1B}_G"), "the text never holds the escape itself")
        #expect(written("line\n" + placeholder) == "line\n\u{1B}7\u{1B}[4A\u{1B}[3G" + kitty + "\u{1B}8")
        #expect(displayWidth("ab" + placeholder) == 2, "the placeholder takes no columns")
        #expect(ANSI.strip("ab" + placeholder) == "ab")
        #expect(("abc" + placeholder).truncated(toWidth: 5) == "abc" + placeholder, "kept whole")
        let sixelPlaceholder = TerminalImages.placeholder(for: sixel, as: .sixel, linesUp: 0, column: 0)
        #expect(written(sixelPlaceholder) == "\u{1B}7\u{1B}[1G" + sixel + "\u{1B}8")
    }

    @Test func aPlaceholderWithAnotherTokenIsShownNotResolved() throws {
        let genuine = TerminalImages.placeholder(for: kitty, as: .kitty, linesUp: 0, column: 0)
        let parts = genuine.split(separator: ";")
        #expect(parts.count == 3)
        let token = String(parts[1])
        #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))
        // Same shape, every token character changed; a token one character short; no index.
        let flipped = String(token.map { $0 == "0" ? "1" : "0" })
        let forgeries = [
            genuine.replacingOccurrences(of: token, with: flipped),
            genuine.replacingOccurrences(of: token, with: String(token.dropLast())),
            genuine.replacingOccurrences(of: ";" + String(parts[2]), with: ";"),
            "\u{1B}^metalab-image;" + String(repeating: "0", count: 32) + ";0\u{1B}\\",
            String(genuine.dropLast(2)),
        ]
        for forged in forgeries {
            let shown = written("a" + forged + "b")
            #expect(!shown.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(shown.debugDescription)")
            #expect(!shown.contains("_G"), "no image came out of \(forged.debugDescription)")
        }
    }

    /// A lesson's own image commands: kitty reading a local file (`t=f`), a kitty PNG
    /// transmitted directly, a sixel DCS, an iTerm2 file.
    static let forgedImages = [
        "\u{1B}_Ga=T,f=100,t=f;L2V0Yy9wYXNzd2Q=\u{1B}\\",
        "\u{1B}_Ga=T,f=100,t=d,q=2,C=1,c=3,r=2,m=0;UE5H\u{1B}\\",
        "\u{1B}P0;1;0q\"1;1;1;1#0;2;100;0;0#0@\u{1B}\\",
        "\u{1B}]1337;File=inline=1;size=3;width=3;height=2;preserveAspectRatio=0;"
            + "doNotMoveCursor=1:UE5H\u{07}",
    ]

    @Test(arguments: forgedImages) func aLessonsImageEscapeIsShownVisibly(_ forged: String) {
        let shown = written("before " + forged + " after")
        #expect(!shown.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(shown.debugDescription)")
        #expect(shown.contains("\u{241B}"), "ESC is shown as ␛")
    }

    @Test func onlyTheExactFormsOfMetaLabsEncodersAreRegistered() {
        #expect(TerminalImages.isWellFormed(kitty, as: .kitty))
        #expect(TerminalImages.isWellFormed(sixel, as: .sixel))
        let iterm = itermImageEscape(png: Array("PNG".utf8), columns: 3, rows: 2)
        #expect(TerminalImages.isWellFormed(iterm, as: .iterm))
        let long = kittyImageEscape(png: [UInt8](repeating: 7, count: 10_000), columns: 3, rows: 2)
        #expect(TerminalImages.isWellFormed(long, as: .kitty), "chunked with m=1 … m=0")
        // A file read, a trailing command, a smuggled escape, the wrong protocol.
        let rejected: [(String, GraphicsProtocol)] = [
            (Self.forgedImages[0], .kitty),
            (kitty + "\u{1B}]52;c;eA==\u{07}", .kitty),
            (kitty.replacingOccurrences(of: "t=d", with: "t=f"), .kitty),
            (String(long[..<long.range(of: "\u{1B}\\")!.upperBound]), .kitty),  // stops at m=1
            (sixel.replacingOccurrences(of: "@", with: "@\u{1B}]0;title\u{07}"), .sixel),
            (iterm.replacingOccurrences(of: "inline=1;", with: "inline=1;name=eA==;"), .iterm),
            (sixel, .kitty), (kitty, .none),
        ]
        for (escape, graphicsProtocol) in rejected {
            #expect(!TerminalImages.isWellFormed(escape, as: graphicsProtocol), "\(escape.debugDescription)")
            let placeholder = TerminalImages.placeholder(
                for: escape, as: graphicsProtocol, linesUp: 0, column: 0)
            #expect(placeholder.isEmpty)
        }
    }

    @Test func writingWithoutStylesNeverResolvesAPlaceholder() {
        let placeholder = TerminalImages.placeholder(for: kitty, as: .kitty, linesUp: 0, column: 0)
        // Where lesson text enters (prose, print): everything shown, nothing resolved.
        #expect(!TerminalText.sanitize(placeholder).unicodeScalars.contains(where: TerminalText.isUnsafe))
    }
}

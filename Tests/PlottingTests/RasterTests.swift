import Plotting
import Terminal
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A terminal with 10 × 20-pixel cells, 80 columns and 40 rows that speaks `graphics`.
func rasterContext(_ graphics: GraphicsProtocol, width: Int = 80, height: Int = 40) -> TerminalContext {
    var c = TerminalContext(colorMode: .trueColor, width: width, height: height, isTerminal: true)
    c.graphics = GraphicsSupport(graphics, cellWidth: 10, cellHeight: 20)
    return c
}

/// What MetaLab's output writers send for `text`: sanitised, with MetaLab's own image
/// placeholders turned into their images (a plot's text carries no image escape itself).
func written(_ text: String) -> String { TerminalText.sanitize(text, keepingStyles: true) }

/// The PNG carried by the kitty escapes in `text`, checking the chunking rules on the way.
func kittyPNG(_ text: String, columns: Int, rows: Int) throws -> DecodedImage {
    let commands = kittyCommands(text)
    #expect(!commands.isEmpty)
    let first = commands[0].keys
    #expect(first["a"] == "T" && first["f"] == "100" && first["q"] == "2" && first["C"] == "1")
    #expect(first["c"] == String(columns) && first["r"] == String(rows))
    for (k, command) in commands.enumerated() {
        #expect(command.payload.utf8.count <= 4096)
        #expect(command.keys["m"] == (k == commands.count - 1 ? "0" : "1"))
        if k < commands.count - 1 { #expect(command.payload.utf8.count % 4 == 0) }
    }
    return try decodePNG(try decodeBase64(commands.map(\.payload).joined()))
}

/// Whether pixel p is `colour` (opaque enough, each channel within `tolerance`).
func near(_ p: (r: Int, g: Int, b: Int, a: Int), _ colour: (Int, Int, Int), tolerance: Int = 40) -> Bool {
    p.a >= 160 && abs(p.r - colour.0) <= tolerance && abs(p.g - colour.1) <= tolerance
        && abs(p.b - colour.2) <= tolerance
}

let okabeBlue = (0, 114, 178)
let okabeOrange = (230, 159, 0)

@Suite struct RasterTests {
    /// The line width the renderer uses for 20-pixel cells: max(1.5, 20/9).
    let lineWidth = 20.0 / 9

    /// The pixel rows a curve y = f(x) covers in image column `column`, given the
    /// documented mapping of the axis limits onto `box`, widened by half a line and a pixel.
    func expectedRows(
        _ f: (Double) -> Double, column: Int, box: PixelRect, x: (Double, Double), y: (Double, Double)
    )
        -> ClosedRange<Double>
    {
        var lo = Double.infinity, hi = -Double.infinity
        for k in 0...10 {
            let p = Double(column) + Double(k) / 10
            let world = x.0 + (p - box.x0) / (box.x1 - box.x0) * (x.1 - x.0)
            let py = box.y0 + (y.1 - f(world)) / (y.1 - y.0) * (box.y1 - box.y0)
            lo = min(lo, py)
            hi = max(hi, py)
        }
        let pad = lineWidth / 2 + 1.5
        return (lo - pad)...(hi + pad)
    }

    func sinCos() -> Plot {
        var plot = Plot(options: PlotOptions(xlim: (0, 2 * Double.pi), ylim: (-1.25, 1.25)))
        plot.addFunction(from: 0, to: 2 * Double.pi, label: "sin") { sin($0) }
        plot.addFunction(from: 0, to: 2 * Double.pi, label: "cos") { cos($0) }
        return plot
    }

    @Test func kittyPNGHasTheLinesWhereTheFunctionsAreInTheirColours() throws {
        let raster = try #require(sinCos().renderRaster(rasterContext(.kitty)))
        let image = try kittyPNG(
            written(raster.terminalText(.kitty)), columns: raster.columns, rows: raster.rows)
        #expect(image.width == raster.columns * 10 && image.height == raster.rows * 20)
        let box = raster.dataBox
        var checked = 0
        for column in Int(box.x0) + 2..<Int(box.x1) - 2 {
            let world = (Double(column) + 0.5 - box.x0) / (box.x1 - box.x0) * 2 * Double.pi
            guard abs(sin(world) - cos(world)) > 0.4 else { continue }  // away from the crossings
            let sinRows = expectedRows(sin, column: column, box: box, x: (0, 2 * .pi), y: (-1.25, 1.25))
            let cosRows = expectedRows(cos, column: column, box: box, x: (0, 2 * .pi), y: (-1.25, 1.25))
            var sawSin = false, sawCos = false
            for y in 0..<image.height {
                let p = image.pixel(column, y)
                let centre = Double(y) + 0.5
                if near(p, okabeBlue) {
                    #expect(sinRows.contains(centre), "blue pixel (\(column), \(y)) off the sine curve")
                    sawSin = true
                }
                if near(p, okabeOrange) {
                    #expect(cosRows.contains(centre), "orange pixel (\(column), \(y)) off the cosine curve")
                    sawCos = true
                }
            }
            #expect(sawSin && sawCos, "column \(column) lacks a curve")
            checked += 1
        }
        #expect(checked > 200)
    }

    @Test func nothingIsDrawnOutsideTheFrame() throws {
        var plot = Plot(options: PlotOptions(xlim: (-1, 1), ylim: (-1, 1)))
        plot.addLine(x: [-1, 1], y: [-3, 3], label: "steep")
        let raster = try #require(plot.renderRaster(rasterContext(.kitty)))
        let image = try kittyPNG(
            written(raster.terminalText(.kitty)), columns: raster.columns, rows: raster.rows)
        let box = raster.dataBox
        var inside = 0
        for y in 0..<image.height {
            for x in 0..<image.width where near(image.pixel(x, y), okabeBlue) {
                let (cx, cy) = (Double(x) + 0.5, Double(y) + 0.5)
                #expect(cy >= box.y0 - lineWidth / 2 - 1 && cy <= box.y1 + lineWidth / 2 + 1, "(\(x), \(y))")
                inside += 1
            }
            _ = y
        }
        #expect(inside > 100)
        // The frame: mid grey on the image's border.
        #expect(near(image.pixel(0, image.height / 2), (128, 128, 128), tolerance: 10))
        #expect(near(image.pixel(image.width / 3, image.height - 1), (128, 128, 128), tolerance: 10))
    }

    @Test func itermFormCarriesTheSamePNG() throws {
        let raster = try #require(sinCos().renderRaster(rasterContext(.iterm)))
        let text = written(raster.terminalText(.iterm))
        let start = try #require(text.range(of: "\u{1B}]1337;File="))
        let colon = try #require(text.range(of: ":", range: start.upperBound..<text.endIndex))
        let bell = try #require(text.range(of: "\u{07}", range: colon.upperBound..<text.endIndex))
        let arguments = text[start.upperBound..<colon.lowerBound].split(separator: ";")
        let png = try decodeBase64(String(text[colon.upperBound..<bell.lowerBound]))
        #expect(arguments.contains("size=\(png.count)"))
        #expect(arguments.contains("width=\(raster.columns)") && arguments.contains("height=\(raster.rows)"))
        #expect(arguments.contains("inline=1"))
        let image = try decodePNG(png)
        #expect(image.rgba == raster.image.pixels)
    }

    @Test func pngRoundTripsEveryByte() throws {
        // A canvas with every kind of mark, decoded back exactly.
        let plot = Fixtures.annotations
        let raster = try #require(plot.renderRaster(rasterContext(.kitty)))
        let image = try decodePNG(raster.png())
        #expect(image.width == raster.image.width && image.height == raster.image.height)
        #expect(image.rgba == raster.image.pixels)
    }

    @Test func sixelShowsTheSamePixels() throws {
        let raster = try #require(sinCos().renderRaster(rasterContext(.sixel)))
        let text = written(raster.terminalText(.sixel))
        let image = try decodeSixel(text)
        #expect(image.width == raster.image.width && image.height == raster.image.height)
        var mismatches = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                let want = raster.image.pixel(x, y)
                let got = image.pixel(x, y)
                if want.a >= 128 {
                    if !(got.a == 255 && abs(got.r - Int(want.r)) <= 3 && abs(got.g - Int(want.g)) <= 3
                        && abs(got.b - Int(want.b)) <= 3)
                    {
                        mismatches += 1
                    }
                } else if got.a != 0 {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func sixelQuantisesManyColoursToAtMost256Registers() throws {
        // A smooth 24 × 24 gradient has more distinct colours than sixel registers.
        let rows = (0..<24).map { i in (0..<24).map { j in Double(i * 24 + j) } }
        let raster = try #require(Plot.heatmap(rows).renderRaster(rasterContext(.sixel)))
        var distinct = Set<[UInt8]>()
        for p in 0..<(raster.image.width * raster.image.height) {
            distinct.insert(Array(raster.image.pixels[(p * 4)..<(p * 4 + 3)]))
        }
        #expect(distinct.count > 256)
        let text = raster.imageEscape(.sixel)
        let registers = Set(
            text.split(separator: "#").compactMap { part -> Int? in
                let fields = part.split(separator: ";")
                return fields.count >= 5 ? Int(fields[0]) : nil
            })
        #expect(registers.count <= 256)
        let image = try decodeSixel(text)
        for p in stride(from: 0, to: image.width * image.height, by: 97) {
            let (x, y) = (p % image.width, p / image.width)
            let want = raster.image.pixel(x, y)
            let got = image.pixel(x, y)
            #expect(
                abs(got.r - Int(want.r)) <= 24 && abs(got.g - Int(want.g)) <= 24
                    && abs(got.b - Int(want.b)) <= 24)
        }
    }

    @Test func scatterSeriesGetDistinctMarkers() throws {
        var plot = Plot(options: PlotOptions(xlim: (0, 4), ylim: (0, 4)))
        plot.addScatter(x: [1], y: [2], label: "a")
        plot.addScatter(x: [3], y: [2], label: "b")
        let raster = try #require(plot.renderRaster(rasterContext(.kitty)))
        let image = try decodePNG(raster.png())
        let box = raster.dataBox
        func pixelAt(_ x: Double, _ y: Double, dx: Int = 0) -> (r: Int, g: Int, b: Int, a: Int) {
            let px = box.x0 + x / 4 * (box.x1 - box.x0)
            let py = box.y0 + (4 - y) / 4 * (box.y1 - box.y0)
            return image.pixel(Int(px) + dx, Int(py))
        }
        // A filled disc for the first series, a ring (hollow centre) for the second.
        #expect(near(pixelAt(1, 2), okabeBlue))
        #expect(!near(pixelAt(3, 2), okabeOrange))
        #expect((1...4).contains { near(pixelAt(3, 2, dx: $0), okabeOrange) })
    }

    @Test func contourLevelsAreWhereTheFunctionTakesThem() throws {
        var plot = Plot()
        plot.addContour(x: -2...2, y: -2...2, levels: .values([1, 2.25])) { x, y in x * x + y * y }
        let raster = try #require(plot.renderRaster(rasterContext(.kitty)))
        let image = try decodePNG(raster.png())
        let box = raster.dataBox
        // Viridis at 0.15 and 0.85 (anchors (68,1,84) (59,82,139) (33,145,140) (94,201,98) (253,231,37)).
        let inner = (63, 50, 117)
        let outer = (134, 209, 83)
        for (radius, colour) in [(1.0, inner), (1.5, outer)] {
            for k in 0..<16 {
                let angle = Double(k) * Double.pi / 8
                let px = box.x0 + (radius * cos(angle) + 2) / 4 * (box.x1 - box.x0)
                let py = box.y0 + (2 - radius * sin(angle)) / 4 * (box.y1 - box.y0)
                #expect(near(image.pixel(Int(px), Int(py)), colour, tolerance: 30), "r=\(radius) θ=\(angle)")
            }
        }
    }

    @Test func largeHeatmapIsAnImageSmallOneKeepsItsNumbers() throws {
        let rows = (0..<30).map { i in (0..<30).map { j in Double(i + j) } }
        let raster = try #require(Plot.heatmap(rows).renderRaster(rasterContext(.kitty)))
        let image = try decodePNG(raster.png())
        #expect(near(image.pixel(0, 0), (68, 1, 84), tolerance: 2))  // viridis(0): the minimum, top left
        #expect(near(image.pixel(image.width - 1, image.height - 1), (253, 231, 37), tolerance: 2))
        #expect(
            Plot.heatmap([[1, 2], [3, 4]]).renderRaster(rasterContext(.kitty)).map { _ in true } == nil)
    }

    @Test func barLengthsFollowTheValues() throws {
        let plot = Plot.bars([1, -2, 3])
        let raster = try #require(plot.renderRaster(rasterContext(.kitty)))
        let image = try decodePNG(raster.png())
        func count(_ row: Int, _ colour: (Int, Int, Int)) -> Int {
            (0..<image.width).filter { near(image.pixel($0, row * 20 + 10), colour, tolerance: 2) }.count
        }
        let (one, two, three) = (count(0, okabeBlue), count(1, okabeOrange), count(2, okabeBlue))
        #expect(one > 0 && abs(Double(three) / Double(one) - 3) < 0.1)
        #expect(abs(Double(two) / Double(one) - 2) < 0.1)
    }

    @Test func terminalTextPlacesTheImageOverItsBlankCells() throws {
        let raster = try #require(sinCos().renderRaster(rasterContext(.kitty)))
        let text = written(raster.terminalText(.kitty))
        let up = raster.lines.count - 1 - raster.imageRow
        #expect(
            text.hasPrefix(
                raster.lines.joined(separator: "\n")
                    + "\u{1B}7\u{1B}[\(up)A\u{1B}[\(raster.imageColumn + 1)G\u{1B}_G"))
        #expect(text.hasSuffix("\u{1B}\\\u{1B}8"))
        // The image's cells are blank in the text.
        for line in raster.lines[raster.imageRow..<(raster.imageRow + raster.rows)] {
            let plain = stripEscapes(line)
            let cells = Array(plain)[raster.imageColumn..<(raster.imageColumn + raster.columns)]
            #expect(cells.allSatisfy { $0 == " " })
        }
        // The summary line stays.
        #expect(raster.lines.contains { $0.contains("sin: min") })
    }

    @Test func smallMultiplesPlaceOneImagePerPanel() throws {
        let context = rasterContext(.kitty, width: 120)
        let text = written(Plot.renderedSideBySideForTerminal([sinCos(), Fixtures.scatter], context))
        let transmissions = kittyCommands(text).filter { $0.keys["a"] == "T" }
        #expect(transmissions.count == 2)
        // The second image starts right of the first panel and the gap.
        let first = try #require(sinCos().renderRaster(context.withWidth(59)))
        let second = try #require(Fixtures.scatter.renderRaster(context.withWidth(59)))
        let width = displayWidth(first.lines[0])
        #expect(text.contains("\u{1B}[\(width + 2 + second.imageColumn + 1)G\u{1B}_Ga=T"))
        #expect(text.contains("\u{1B}[\(first.imageColumn + 1)G\u{1B}_Ga=T"))
        // Without graphics: exactly the text small multiples.
        let plain = TerminalContext(colorMode: .none, width: 100)
        #expect(
            Plot.renderedSideBySideForTerminal([Fixtures.tangent, Fixtures.blockCanvas], plain)
                == Plot.renderSideBySide([Fixtures.tangent, Fixtures.blockCanvas], plain).joined(
                    separator: "\n"))
    }

    @Test func bandsShadeBetweenTheirBounds() throws {
        var plot = Plot(options: PlotOptions(xlim: (0, 1), ylim: (0, 4)))
        plot.addBand(x: [0, 1], mean: [2, 2], lower: [1, 1], upper: [3, 3], label: "mean ± 1")
        let raster = try #require(plot.renderRaster(rasterContext(.kitty)))
        let image = try decodePNG(raster.png())
        let box = raster.dataBox
        func y(_ v: Double) -> Int { Int(box.y0 + (4 - v) / 4 * (box.y1 - box.y0)) }
        let x = Int((box.x0 + box.x1) / 2)
        // Inside the band (away from the mean line): translucent blue; outside: nothing blue.
        for v in [1.3, 1.6, 2.4, 2.7] {
            let p = image.pixel(x, y(v))
            #expect(p.a > 30 && p.a < 120 && p.b > p.r, "y = \(v): \(p)")
        }
        for v in [0.5, 3.5] { #expect(image.pixel(x, y(v)).a < 30, "y = \(v)") }
        #expect(near(image.pixel(x, y(2)), okabeBlue))
    }

    @Test func tinyCanvasesEncode() throws {
        var canvas = RasterCanvas(width: 1, height: 1)
        canvas.fillRect(x0: 0, y0: 0, x1: 1, y1: 1, RGBA(10, 20, 30))
        #expect(
            try decodePNG(PNGEncoder.encode(width: 1, height: 1, rgba: canvas.pixels)).rgba == [
                10, 20, 30, 255,
            ])
        let sixel = try decodeSixel(SixelEncoder.encode(width: 1, height: 1, rgba: canvas.pixels))
        #expect(sixel.width == 1 && sixel.height == 1 && sixel.pixel(0, 0).a == 255)
        #expect(abs(sixel.pixel(0, 0).b - 30) <= 3)
        let empty = RasterCanvas(width: 7, height: 13)
        #expect(
            try decodeSixel(SixelEncoder.encode(width: 7, height: 13, rgba: empty.pixels)).rgba.allSatisfy {
                $0 == 0
            })
    }

    @Test func tooTallForTheWindowFallsBackToText() {
        // Five rows leave no room for a drawing between the ticks and the summary.
        #expect(sinCos().renderRaster(rasterContext(.kitty, height: 5)).map { _ in true } == nil)
        let context = rasterContext(.kitty, height: 5)
        #expect(sinCos().renderedForTerminal(context) == sinCos().rendered(context))
    }

    /// Undetected graphics (a pipe, tmux, --plain, --ascii): byte for byte today's goldens.
    @Test(arguments: Fixtures.all.map(\.name))
    func withoutGraphicsEveryKindIsTodaysGolden(name: String) {
        let plot = Fixtures.all.first { $0.name == name }!.plot
        for (suffix, context) in goldenContexts {
            var undetected = context
            undetected.graphics = GraphicsSupport.choose(
                request: .auto, environment: ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default"],
                isTerminal: true, plain: false, ascii: context.ascii,
                replies: GraphicsReplies.parse(
                    Array("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[?64;4c".utf8)),
                columns: 80, rows: 40)
            #expect(undetected.graphics == .none)
            expectGolden(
                "\(name)-\(suffix)",
                plot.renderedForTerminal(undetected).split(
                    separator: "\n", omittingEmptySubsequences: false
                ).map(String.init))
            // ASCII or colourless output never carries an image, even when a protocol was forced.
            if context.ascii || context.colorMode == .none {
                var forced = context
                forced.graphics = GraphicsSupport(.kitty, cellWidth: 10, cellHeight: 20)
                #expect(plot.renderedForTerminal(forced) == plot.rendered(context))
            }
        }
    }
}

/// The text with CSI and OSC escapes removed.
func stripEscapes(_ s: String) -> String {
    var out = ""
    var it = s.unicodeScalars.makeIterator()
    while let c = it.next() {
        if c == "\u{1B}" {
            guard let n = it.next() else { break }
            if n == "[" { while let d = it.next(), !(0x40...0x7E).contains(d.value) {} }
            continue
        }
        out.unicodeScalars.append(c)
    }
    return out
}

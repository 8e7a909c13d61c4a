import CZlib

/// PNG (ISO/IEC 15948) of an RGBA8 image: signature, IHDR (8-bit RGBA, no
/// interlace), one IDAT compressed by the system zlib, IEND. Scanlines are
/// unfiltered (filter type 0) and deflated with zlib's run-length strategy
/// (`Z_RLE`): plot images are mostly runs (transparent background, flat fills),
/// which RLE finds at a fraction of the cost of a full match search.
/// - Complexity: O(width × height).
public enum PNGEncoder {
    /// The PNG file of `pixels` (row-major RGBA, `width × height × 4` bytes).
    public static func encode(width: Int, height: Int, rgba pixels: [UInt8]) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 4, "RGBA buffer size")
        let compressed = deflateScanlines(pixels, width: width, height: height)

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 6, 0, 0, 0]  // bit depth 8, colour type 6 (RGBA), deflate, filter set 0, no interlace
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", compressed)
        png.appendChunk("IEND", [])
        return png
    }
}

/// The zlib stream of the PNG scanlines — each a filter byte 0 then the row's
/// RGBA bytes — deflated at level 1 with the `Z_RLE` strategy. The rows are fed
/// to zlib straight from `pixels`, so no filtered copy of the image is made.
private func deflateScanlines(_ pixels: [UInt8], width: Int, height: Int) -> [UInt8] {
    var stream = z_stream()
    var status = deflateInit2_(
        &stream, 1, Z_DEFLATED, 15, 8, Z_RLE, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    precondition(status == Z_OK, "zlib deflateInit2 failed (\(status))")
    defer { deflateEnd(&stream) }
    var output = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var filterByte: UInt8 = 0
    let stride = width * 4
    /// Feeds `count` bytes at `start` to zlib, collecting what it writes.
    func feed(_ start: UnsafePointer<UInt8>, _ count: Int, flush: Int32) {
        stream.next_in = UnsafeMutablePointer(mutating: start)
        stream.avail_in = uInt(count)
        repeat {
            chunk.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = CZlib.deflate(&stream, flush)
                output.append(contentsOf: out[0..<(out.count - Int(stream.avail_out))])
            }
            precondition(
                status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, "zlib (\(status))")
        } while stream.avail_in > 0 || stream.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END)
    }
    pixels.withUnsafeBufferPointer { rows in
        for y in 0..<height {
            withUnsafePointer(to: &filterByte) { feed($0, 1, flush: Z_NO_FLUSH) }
            feed(rows.baseAddress! + y * stride, stride, flush: Z_NO_FLUSH)
        }
    }
    withUnsafePointer(to: &filterByte) { feed($0, 0, flush: Z_FINISH) }
    return output
}

extension [UInt8] {
    mutating func appendBigEndian(_ v: UInt32) {
        append(UInt8(v >> 24))
        append(UInt8((v >> 16) & 0xFF))
        append(UInt8((v >> 8) & 0xFF))
        append(UInt8(v & 0xFF))
    }

    /// Length, type, data, CRC-32 of type and data (zlib's crc32).
    mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        appendBigEndian(UInt32(data.count))
        let typed = Array(type.utf8) + data
        self += typed
        let crc = typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        appendBigEndian(UInt32(crc))
    }
}

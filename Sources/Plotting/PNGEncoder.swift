import CZlib

/// PNG (ISO/IEC 15948) of an RGBA8 image: signature, IHDR (8-bit RGBA, no
/// interlace), one IDAT compressed by the system zlib, IEND. Every scanline
/// uses filter 1 (Sub: each byte minus the byte 4 to its left), which costs
/// one subtraction a byte and shrinks runs of one colour to runs of zeros.
/// - Complexity: O(width × height).
public enum PNGEncoder {
    /// The PNG file of `pixels` (row-major RGBA, `width × height × 4` bytes).
    public static func encode(width: Int, height: Int, rgba pixels: [UInt8], level: Int32 = 1) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 4, "RGBA buffer size")
        let stride = width * 4
        var filtered = [UInt8](repeating: 0, count: (stride + 1) * height)
        pixels.withUnsafeBufferPointer { src in
            filtered.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let row = y * stride
                    let out = y * (stride + 1)
                    dst[out] = 1
                    for i in 0..<min(4, stride) { dst[out + 1 + i] = src[row + i] }
                    var i = 4
                    while i < stride {
                        dst[out + 1 + i] = src[row + i] &- src[row + i - 4]
                        i += 1
                    }
                }
            }
        }
        var compressedSize = compressBound(uLong(filtered.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
        let status = compressed.withUnsafeMutableBufferPointer { out in
            filtered.withUnsafeBufferPointer { inp in
                compress2(out.baseAddress, &compressedSize, inp.baseAddress, uLong(inp.count), level)
            }
        }
        precondition(status == Z_OK, "zlib compress2 failed (\(status))")
        compressed.removeSubrange(Int(compressedSize)...)

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

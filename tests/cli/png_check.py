#!/usr/bin/env python3
"""Checks a screenshot PNG with the standard library only (no PIL): its size, that it is not
blank, and how many pixels have a given colour (the HTML report's orphan colour).

usage: png_check.py FILE WIDTH HEIGHT RRGGBB MIN_PIXELS
exit 0 when the size matches, the page is not blank and at least MIN_PIXELS pixels are
within 8 of RRGGBB on each channel; exit 1 otherwise, saying which check failed.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    return width, height, channels, unfilter(zlib.decompress(b"".join(idat)), width, height, channels)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def unfilter(raw, width, height, bpp):
    """Undoes the PNG row filters (RFC 2083 section 6); returns rows of raw pixel bytes."""
    stride, rows, prev = width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:
            row = bytearray((x + p) & 0xFF for x, p in zip(row, prev))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                upleft = prev[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + paeth(left, prev[i], upleft)) & 0xFF
        rows.append(row)
        prev = row
    return rows


def main():
    path, want_w, want_h, colour, min_pixels = sys.argv[1:6]
    target = tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))
    width, height, bpp, rows = read_png(path)
    if (width, height) != (int(want_w), int(want_h)):
        print(f"png_check: size {width}x{height}, want {want_w}x{want_h}")
        return 1
    colours, non_white, matching = set(), 0, 0
    for row in rows:
        for x in range(0, width * bpp, bpp):
            rgb = (row[x], row[x + 1], row[x + 2])
            colours.add(rgb)
            non_white += rgb != (255, 255, 255)
            matching += all(abs(p - t) <= 8 for p, t in zip(rgb, target))
    print(f"png_check: {width}x{height}, {len(colours)} colours, {non_white} non-white pixels, "
          f"{matching} pixels of #{colour}")
    if len(colours) < 8 or non_white < width * height // 100:
        print("png_check: the screenshot is blank")
        return 1
    if matching < int(min_pixels):
        print(f"png_check: fewer than {min_pixels} pixels of #{colour}: the orphan marking is not shown")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

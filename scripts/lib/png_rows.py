#!/usr/bin/env python3
"""Prints how many distinct rows a PNG's image data has (rows as stored, filter byte
included): a blank screenshot has one or two, a page with drawings hundreds. Browser tests
use it to tell a rendered page from an empty one without a Python imaging library."""
import struct
import sys
import zlib


def distinct_rows(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    offset, idat, header = 8, b"", None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        chunk = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        offset += 12 + length
    width, height, depth, color = header[0], header[1], header[2], header[3]
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
    stride = width * channels * depth // 8 + 1
    raw = zlib.decompress(idat)
    return len({raw[row * stride:(row + 1) * stride] for row in range(height)})


if __name__ == "__main__":
    print(distinct_rows(sys.argv[1]))

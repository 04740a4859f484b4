"""The metadata cleaner of published originals (jarida.images.clean), on hand-built bytes."""

from __future__ import annotations

import struct
import zlib

import pytest

from jarida.images.clean import CleanError, strip_metadata


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


SOI, SOS_ON = b"\xff\xd8", _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\xff\x00\x34\xff\xd9"
JFIF = _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
ICC = _segment(0xE2, b"ICC_PROFILE\x00\x01\x01data")
ADOBE = _segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
DQT = _segment(0xDB, b"\x00" + bytes(64))
EXIF = _segment(0xE1, b"Exif\x00\x00MM\x00\x2a GPS here")
XMP = _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>")
IPTC = _segment(0xED, b"Photoshop 3.0\x00 8BIM")
COMMENT = _segment(0xFE, b"taken at the safe house")
OTHER_ICC_LIKE = _segment(0xE2, b"MPF\x00 more")


def test_a_jpeg_loses_exif_xmp_iptc_comments_and_keeps_jfif_icc_adobe_and_the_scan() -> None:
    dirty = SOI + JFIF + EXIF + XMP + ICC + IPTC + COMMENT + OTHER_ICC_LIKE + ADOBE + DQT + SOS_ON
    assert strip_metadata(dirty) == SOI + JFIF + ICC + ADOBE + DQT + SOS_ON


def test_a_clean_jpeg_is_returned_as_it_is() -> None:
    clean = SOI + JFIF + DQT + SOS_ON
    assert strip_metadata(clean) == clean


def test_a_truncated_jpeg_segment_is_an_error() -> None:
    with pytest.raises(CleanError, match="truncated"):
        strip_metadata(SOI + JFIF + EXIF[:8])
    with pytest.raises(CleanError):
        strip_metadata(SOI + b"\xff\xe1\x00")


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IHDR = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
IDAT = _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
IEND = _chunk(b"IEND", b"")


def test_a_png_with_only_ihdr_idat_iend_is_returned_as_it_is() -> None:
    clean = PNG_SIGNATURE + IHDR + IDAT + IEND
    assert strip_metadata(clean) == clean


def test_a_png_loses_its_text_exif_and_time_chunks() -> None:
    meta = [
        _chunk(b"eXIf", b"MM\x00\x2a GPS"),
        _chunk(b"tEXt", b"Author\x00someone"),
        _chunk(b"zTXt", b"k\x00\x00" + zlib.compress(b"v")),
        _chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<x/>"),
        _chunk(b"tIME", b"\x07\xea\x01\x01\x00\x00\x00"),
    ]
    kept = _chunk(b"gAMA", struct.pack(">I", 45455))
    dirty = PNG_SIGNATURE + IHDR + meta[0] + kept + meta[1] + IDAT + meta[2] + meta[3] + meta[4]
    assert strip_metadata(dirty + IEND) == PNG_SIGNATURE + IHDR + kept + IDAT + IEND


def test_a_truncated_png_chunk_is_an_error() -> None:
    with pytest.raises(CleanError, match="truncated"):
        strip_metadata(PNG_SIGNATURE + IHDR + IDAT[:10])


def _riff(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def _webp(*chunks: bytes) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def test_a_webp_loses_exif_and_xmp_and_their_flags() -> None:
    vp8x = _riff(b"VP8X", bytes([0x2C, 0, 0, 0]) + b"\x00\x00\x00\x00\x00\x00")
    image = _riff(b"VP8L", b"\x2f\x00\x00\x00\x00")
    icc = _riff(b"ICCP", b"icc")
    dirty = _webp(vp8x, icc, image, _riff(b"EXIF", b"MM\x00\x2a GPS!"), _riff(b"XMP ", b"<x/>"))
    clean_vp8x = _riff(b"VP8X", bytes([0x20, 0, 0, 0]) + b"\x00\x00\x00\x00\x00\x00")
    assert strip_metadata(dirty) == _webp(clean_vp8x, icc, image)


def test_a_simple_webp_is_returned_as_it_is() -> None:
    clean = _webp(_riff(b"VP8L", b"\x2f\x00\x00\x00\x00"))
    assert strip_metadata(clean) == clean


def test_a_file_of_no_known_format_is_an_error() -> None:
    with pytest.raises(CleanError, match="not a JPEG, PNG or WebP"):
        strip_metadata(b"GIF89a....")


def test_what_follows_the_jpeg_end_is_dropped_and_scans_are_followed() -> None:
    scan = _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\xff\x00\x34\xff\xd3\x56"
    dht = _segment(0xC4, b"\x00" + bytes(16))
    # an MPF picture appended after the end (phones do), with its own EXIF
    appended = b"\xff\xd8" + EXIF + b"\xff\xd9"
    dirty = SOI + JFIF + DQT + scan + dht + EXIF + scan + b"\xff\xd9" + appended
    assert strip_metadata(dirty) == SOI + JFIF + DQT + scan + dht + scan + b"\xff\xd9"

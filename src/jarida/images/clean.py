"""Metadata removed from an image file's bytes without re-encoding it (lossless), for the
originals a site publishes as they are (bundle files, files of ``static/``).

- JPEG: every APPn segment but APP0 (JFIF), APP2 ``ICC_PROFILE`` and APP14 (Adobe, which CMYK
  decoding needs) dropped, and COM; the scans' data copied as it is; nothing after the end
  (EOI), where phones append more pictures (MPF) with their own EXIF.
- PNG: ``eXIf``, ``tEXt``, ``zTXt``, ``iTXt`` and ``tIME`` dropped, the other chunks copied
  whole (with their CRCs); nothing after ``IEND``.
- WebP: the RIFF ``EXIF`` and ``XMP `` chunks dropped, their flags in ``VP8X`` cleared and the
  RIFF size fixed.

A file without metadata comes back equal to what it was. A file that cannot be read (a
truncated segment, an unknown format) raises :class:`CleanError`.
"""

from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The PNG chunks that carry metadata.
PNG_METADATA = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})
#: The WebP chunks that carry metadata, and their flags in ``VP8X``.
WEBP_METADATA = frozenset({b"EXIF", b"XMP "})
_VP8X_EXIF_XMP = 0x08 | 0x04
_SOS, _EOI, _COM, _APP0, _APP2, _APP14 = 0xDA, 0xD9, 0xFE, 0xE0, 0xE2, 0xEE
#: JPEG markers that stand alone (no length): TEM and RST0–7.
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


class CleanError(ValueError):
    """The file cannot be read far enough to clean it."""


def strip_metadata(data: bytes) -> bytes:
    """``data`` (a JPEG, PNG or WebP file) without its metadata, pixels untouched."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    raise CleanError("is not a JPEG, PNG or WebP file")


def _jpeg_keeps(marker: int, payload: bytes) -> bool:
    if marker == _COM:
        return False
    if marker == _APP2:
        return payload.startswith(b"ICC_PROFILE\x00")
    return marker in (_APP0, _APP14) or not 0xE0 <= marker <= 0xEF


def _jpeg(data: bytes) -> bytes:
    out, at = bytearray(data[:2]), 2
    while True:
        if at + 2 > len(data) or data[at] != 0xFF:
            raise CleanError(f"is a truncated or broken JPEG (no marker at byte {at})")
        marker = data[at + 1]
        if marker == 0xFF:  # a fill byte
            at += 1
            continue
        if marker == _EOI:  # what follows (a phone's appended pictures, with EXIF) is dropped
            return bytes(out + data[at : at + 2])
        if marker in _STANDALONE:
            out += data[at : at + 2]
            at += 2
            continue
        if at + 4 > len(data):
            raise CleanError(f"is a truncated JPEG (a segment cut at byte {at})")
        end = at + 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
        if end > len(data) or end < at + 4:
            raise CleanError(f"is a truncated JPEG (a segment at byte {at} runs past its end)")
        if _jpeg_keeps(marker, data[at + 4 : end]):
            out += data[at:end]
        at = end
        if marker == _SOS:  # the entropy-coded data, copied as it is, up to the next marker
            at = _scan_end(data, end)
            out += data[end:at]
            if at >= len(data):  # cut inside the scan: the pixels' problem, not metadata's
                return bytes(out)


def _scan_end(data: bytes, at: int) -> int:
    """Where the marker after a scan's data starting at ``at`` is (``len(data)`` if none):
    0xFF 0x00 is a stuffed byte, 0xFF RSTn a restart, 0xFF 0xFF a fill byte."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        following = data[at + 1]
        if following == 0xFF:
            at += 1
        elif following == 0 or following in _STANDALONE:
            at += 2
        else:
            return at


def _png(data: bytes) -> bytes:
    out, at = bytearray(PNG_SIGNATURE), len(PNG_SIGNATURE)
    while True:
        if at + 12 > len(data):
            raise CleanError(f"is a truncated PNG (a chunk cut at byte {at}, no IEND)")
        length, kind = struct.unpack(">I", data[at : at + 4])[0], data[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(data):
            raise CleanError(f"is a truncated PNG (the chunk at byte {at} runs past its end)")
        if kind not in PNG_METADATA:
            out += data[at:end]
        if kind == b"IEND":
            return bytes(out)
        at = end


def _webp(data: bytes) -> bytes:
    body, at = bytearray(b"WEBP"), 12
    end_of_riff = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    while at < end_of_riff:
        if at + 8 > len(data):
            raise CleanError(f"is a truncated WebP (a chunk cut at byte {at})")
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        end = at + 8 + size + size % 2
        if at + 8 + size > len(data):
            raise CleanError(f"is a truncated WebP (the chunk at byte {at} runs past its end)")
        chunk = bytearray(data[at : min(end, len(data))])
        if kind == b"VP8X" and size >= 1:
            chunk[8] &= ~_VP8X_EXIF_XMP & 0xFF
        if kind not in WEBP_METADATA:
            body += chunk
        at = end
    return b"RIFF" + struct.pack("<I", len(body)) + bytes(body)

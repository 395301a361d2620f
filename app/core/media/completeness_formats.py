"""Completeness checks for MP3 and TIFF, which have no end marker (see
`app.core.media.completeness`).

MP3: a file is a chain of frames whose headers give their length. Cut short in the middle
of a frame, the chain running through the last 64 KB overshoots the end of the file; cut
at a frame boundary, the Xing/Info header (when the encoder wrote one) still declares more
bytes than are there. Trailing ID3v1 and APEv2 tags are allowed after the last frame.

TIFF: every strip or tile named by an image's offset and byte-count tables must lie inside
the file; a cut file keeps its tables (Pillow opens it, and c2pa signs it) but not the
pixels they point to. Only the tables are read.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

TAIL_SIZE = 64 * 1024
MIN_CHAIN = 3  # frames in a row before a chain counts as real audio, not a chance match
MAX_TIFF_PAGES = 64
MAX_STRIPS = 1_000_000  # a bigger table is not a picture anyone made
_STRIPS = ((273, 279), (324, 325))  # StripOffsets/StripByteCounts, TileOffsets/...
_STRIP_TAGS = {tag for pair in _STRIPS for tag in pair}
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

# Bitrates in kbit/s by (MPEG-1?, layer) and index 1..14; 0 (free format) and 15 are invalid.
_BITRATES = {
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_BITRATES[(False, 3)] = _BITRATES[(False, 2)]
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mp3_complete(path: Path) -> bool:
    """False when the MP3 visibly ends inside a frame or before its declared length."""
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(0)
        start = _id3v2_end(fh.read(10))
        end = _audio_end(fh, size)
        if end <= start:
            return True  # no audio to judge; the probe already found it an MP3
        fh.seek(start)
        head = fh.read(4096)
        tail_start = max(start, end - TAIL_SIZE)
        fh.seek(tail_start)
        tail = fh.read(end - tail_start)
    declared = _xing_bytes(head)
    # Generous: trailing tags count as present bytes (measured: LAME and the corpus files
    # declare exactly the frames' bytes).
    if declared is not None and declared > size - start:
        return False
    return not _tail_overruns(tail)


def _id3v2_end(head: bytes) -> int:
    if len(head) < 10 or head[:3] != b"ID3":
        return 0
    size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    return 10 + size + (10 if head[5] & 0x10 else 0)  # a footer follows when flagged


def _audio_end(fh: BinaryIO, size: int) -> int:
    """Where the frames end: before a trailing APEv2 and/or ID3v1 tag."""
    end = size
    if end >= 128:
        fh.seek(end - 128)
        if fh.read(3) == b"TAG":
            end -= 128
    if end >= 32:
        fh.seek(end - 32)
        footer = fh.read(32)
        if footer[:8] == b"APETAGEX":
            tag_size, flags = struct.unpack("<II", footer[12:20])
            end -= tag_size + (32 if flags & 0x80000000 else 0)
    return max(end, 0)


def frame_length(header: bytes) -> tuple[int, tuple[int, int, int]] | None:
    """(length in bytes, (version, layer, sample rate)) of the MPEG audio frame whose
    header starts `header`, or None when these 4 bytes are not a frame header."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    layer = 4 - ((header[1] >> 1) & 3)  # 1, 2, 3 (4: reserved)
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 3
    if version == 1 or layer == 4 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version == 3
    bitrate = _BITRATES[(mpeg1, layer)][bitrate_index - 1] * 1000
    rate = _RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    if layer == 1:
        length = (12 * bitrate // rate + padding) * 4
    elif layer == 3 and not mpeg1:
        length = 72 * bitrate // rate + padding
    else:
        length = 144 * bitrate // rate + padding
    return length, (version, layer, rate)


def _tail_overruns(tail: bytes) -> bool:
    """True when a chain of frames through `tail` runs past its end and none ends exactly
    there. Offsets inside a chain already followed are not tried again."""
    seen: set[int] = set()
    overrun = False
    for offset in range(len(tail) - 3):
        if offset in seen or tail[offset] != 0xFF:
            continue
        count, position, kind = 0, offset, None
        while (found := frame_length(tail[position : position + 4])) is not None:
            length, this_kind = found
            if kind is not None and this_kind != kind:
                break
            kind = this_kind
            seen.add(position)
            count += 1
            if position + length >= len(tail):
                if position + length == len(tail) and count >= 2:
                    return False  # the frames end exactly where the file does
                overrun = overrun or count >= MIN_CHAIN
                break
            position += length
    return overrun


def _xing_bytes(head: bytes) -> int | None:
    """The byte count a Xing/Info header in the first frame declares, if it has one."""
    found = frame_length(head[:4])
    if found is None:
        return None
    version = found[1][0]
    mono = (head[3] >> 6) == 3
    side_info = (17 if mono else 32) if version == 3 else (9 if mono else 17)
    at = 4 + side_info
    if head[at : at + 4] not in (b"Xing", b"Info") or len(head) < at + 16:
        return None
    flags = struct.unpack(">I", head[at + 4 : at + 8])[0]
    if not flags & 2:
        return None
    field = at + 8 + (4 if flags & 1 else 0)  # the frame count comes first when present
    value: int = struct.unpack(">I", head[field : field + 4])[0]
    return value


def tiff_complete(path: Path) -> bool:
    """Every page's directory (up to 64 pages), its values and its strips or tiles lie
    inside the file. Classic TIFF only; a BigTIFF is left to the probe."""
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(0)
        head = fh.read(8)
        order = {b"II": "<", b"MM": ">"}.get(head[:2])
        if order is None or len(head) < 8 or struct.unpack(order + "H", head[2:4])[0] != 42:
            return True
        offset = struct.unpack(order + "I", head[4:8])[0]
        for _ in range(MAX_TIFF_PAGES):
            if offset == 0:
                return True
            offset = _directory_inside(fh, order, offset, size)
            if offset < 0:
                return False
    return True


def _directory_inside(fh: BinaryIO, order: str, offset: int, size: int) -> int:
    """The next directory's offset when this one is whole and its strips are inside the
    file, else -1."""
    if offset + 2 > size:
        return -1
    fh.seek(offset)
    (count,) = struct.unpack(order + "H", fh.read(2))
    table = fh.read(12 * count + 4)
    if len(table) < 12 * count + 4:
        return -1
    values: dict[int, tuple[int, ...]] = {}
    for index in range(count):
        tag, kind, number, field = struct.unpack(
            order + "HHI4s", table[12 * index : 12 * index + 12]
        )
        width = _TYPE_SIZES.get(kind, 0)
        length = width * number
        if length > 4 and struct.unpack(order + "I", field)[0] + length > size:
            return -1  # a value stored outside the directory, past the end of the file
        if tag in _STRIP_TAGS and kind in (3, 4) and number <= MAX_STRIPS:
            values[tag] = _numbers(fh, order, kind, number, field)
    for offsets_tag, counts_tag in _STRIPS:
        offsets, counts = values.get(offsets_tag, ()), values.get(counts_tag, ())
        if len(counts) < len(offsets):
            return -1
        if any(o + c > size for o, c in zip(offsets, counts, strict=False)):
            return -1
    next_offset: int = struct.unpack(order + "I", table[12 * count :])[0]
    return next_offset


def _numbers(fh: BinaryIO, order: str, kind: int, number: int, field: bytes) -> tuple[int, ...]:
    code = "H" if kind == 3 else "I"
    length = _TYPE_SIZES[kind] * number
    if length <= 4:
        data = field[:length]
    else:
        here = fh.tell()
        fh.seek(struct.unpack(order + "I", field)[0])
        data = fh.read(length)
        fh.seek(here)
    return struct.unpack(f"{order}{number}{code}", data)


# ---------------------------------------------------------------- FLAC

FLAC_TAIL = 64 * 1024
MAX_FLAC_TAIL = 1 << 20
MAX_FLAC_TRIES = 8  # frame starts tried, nearest the end first


def flac_complete(path: Path) -> bool:
    """False when the FLAC's last frame is cut: no frame start in the tail has a valid
    header CRC-8 and a frame CRC-16 that ends exactly at the end of the file."""
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(0)
        head = fh.read(42)
        max_frame = int.from_bytes(head[20:23], "big") if head[:4] == b"fLaC" else 0
        span = min(max(FLAC_TAIL, 2 * max_frame), MAX_FLAC_TAIL, size)
        fh.seek(size - span)
        tail = fh.read(span)
    if len(tail) > 128 and tail[-128:-125] == b"TAG":
        tail = tail[:-128]  # an ID3v1 tag some taggers append
    starts = [i for i in range(len(tail) - 6) if tail[i] == 0xFF and tail[i + 1] in (0xF8, 0xF9)]
    tried = 0
    for start in reversed(starts):
        if not _flac_header_ok(tail, start):
            continue
        if _crc16(tail[start:-2]) == int.from_bytes(tail[-2:], "big"):
            return True
        tried += 1
        if tried >= MAX_FLAC_TRIES:
            break
    return tried == 0  # no frame seen in the tail at all: nothing to judge by


def _flac_header_ok(data: bytes, start: int) -> bool:
    """A frame header at `start` whose CRC-8 matches."""
    at = start + 4
    if at >= len(data):
        return False
    first = data[at]
    extra = 0  # continuation bytes of the UTF-8-style coded frame/sample number
    while extra < 7 and first & (0x80 >> extra):
        extra += 1
    at += 1 + max(extra - 1, 0)
    block_code, rate_code = data[start + 2] >> 4, data[start + 2] & 0x0F
    at += {6: 1, 7: 2}.get(block_code, 0) + {12: 1, 13: 2, 14: 2}.get(rate_code, 0)
    if rate_code == 15 or block_code == 0 or at >= len(data):
        return False
    return _crc8(data[start:at]) == data[at]


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = _CRC8[crc ^ byte]
    return crc


def _crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC16[(crc >> 8) ^ byte]
    return crc


def _table(bits: int, poly: int) -> list[int]:
    top, mask = 1 << (bits - 1), (1 << bits) - 1
    table = []
    for value in range(256):
        crc = value << (bits - 8)
        for _ in range(8):
            crc = ((crc << 1) ^ poly) if crc & top else crc << 1
        table.append(crc & mask)
    return table


_CRC8 = _table(8, 0x07)
_CRC16 = _table(16, 0x8005)

"""Read an MP4's stream layout straight from its boxes (no ffmpeg), for the stream-copy join.

`read_mp4_layout` takes well under a millisecond per file. It answers only for the plain
case it fully understands — one H.264 track and one AAC track, not fragmented, not
truncated — and returns None for anything else, so callers fall back to probing with
ffmpeg and re-encoding. Two files with the same `signature` carry byte-identical codec
configuration (SPS/PPS, AudioSpecificConfig), size, frame rate and orientation, which is
what joining them with the concat demuxer and `-c copy` needs.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# A movie header larger than this is not a short generated clip; let ffmpeg handle it.
MAX_MOOV_BYTES = 64 << 20


class _Unsupported(Exception):
    """The file is not the plain H.264 + AAC MP4 this reader understands."""


@dataclass(frozen=True)
class Mp4Layout:
    """The streams of one plain H.264 + AAC MP4, and its length as ffmpeg reports it."""

    duration: float  # seconds (movie header; what `ffmpeg -i` prints as Duration)
    width: int
    height: int
    fps: float
    profile: int  # AVCProfileIndication: 66 baseline, 77 main, 100 high, …
    sample_rate: int
    channels: int
    signature: str  # equal signatures: the files can be joined with `-c copy`


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of each box in data[start:end]."""
    pos = start
    while pos < end:
        if end - pos < 8:
            raise _Unsupported("a box header is cut short")
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if end - pos < 16:
                raise _Unsupported("a large box header is cut short")
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise _Unsupported(f"box {kind!r} overruns its parent")
        yield kind, pos + header, pos + size
        pos += size


def _children(data: bytes, start: int, end: int) -> dict[bytes, tuple[int, int]]:
    found: dict[bytes, tuple[int, int]] = {}
    for kind, a, b in _boxes(data, start, end):
        found.setdefault(kind, (a, b))
    return found


def _child(data: bytes, span: tuple[int, int], kind: bytes) -> tuple[int, int]:
    found = _children(data, *span).get(kind)
    if found is None:
        raise _Unsupported(f"no {kind!r} box")
    return found


@dataclass(frozen=True)
class _Track:
    handler: bytes
    timescale: int
    matrix: bytes
    entry_type: bytes
    entry: bytes  # the sample entry's payload
    deltas: Counter[int]  # sample duration -> number of samples


def _full_box_version(data: bytes, start: int) -> int:
    return data[start]


def _track(data: bytes, trak: tuple[int, int]) -> _Track:
    tkhd = _child(data, trak, b"tkhd")
    base = tkhd[0] + (36 if _full_box_version(data, tkhd[0]) == 1 else 24)
    matrix = data[base + 16 : base + 52]
    if len(matrix) != 36:
        raise _Unsupported("short track header")
    mdia = _child(data, trak, b"mdia")
    mdhd = _child(data, mdia, b"mdhd")[0]
    offset = 20 if _full_box_version(data, mdhd) == 1 else 12
    (timescale,) = struct.unpack_from(">I", data, mdhd + offset)
    hdlr = _child(data, mdia, b"hdlr")[0]
    handler = data[hdlr + 8 : hdlr + 12]
    stbl = _child(data, _child(data, mdia, b"minf"), b"stbl")
    stsd = _child(data, stbl, b"stsd")
    (entries,) = struct.unpack_from(">I", data, stsd[0] + 4)
    if entries != 1:
        raise _Unsupported("more than one sample description")
    kind, a, b = next(_boxes(data, stsd[0] + 8, stsd[1]))
    stts = _child(data, stbl, b"stts")[0]
    (count,) = struct.unpack_from(">I", data, stts + 4)
    deltas: Counter[int] = Counter()
    for i in range(count):
        samples, delta = struct.unpack_from(">II", data, stts + 8 + 8 * i)
        deltas[delta] += samples
    return _Track(handler, timescale, matrix, kind, data[a:b], deltas)


def _descriptor(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, payload start, length) of an MPEG-4 descriptor at `pos`."""
    tag = data[pos]
    pos += 1
    length = 0
    for _ in range(4):
        byte = data[pos]
        pos += 1
        length = (length << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    if pos + length > len(data):
        raise _Unsupported("a descriptor overruns the esds box")
    return tag, pos, length


def _audio_config(esds: bytes) -> tuple[int, bytes]:
    """(objectTypeIndication, AudioSpecificConfig) from an esds payload."""
    tag, pos, _ = _descriptor(esds, 4)
    if tag != 0x03:
        raise _Unsupported("no ES descriptor")
    flags = esds[pos + 2]
    pos += 3
    if flags & 0x80:
        pos += 2
    if flags & 0x40:
        pos += 1 + esds[pos]
    if flags & 0x20:
        pos += 2
    tag, pos, _ = _descriptor(esds, pos)
    if tag != 0x04:
        raise _Unsupported("no decoder config")
    object_type = esds[pos]
    tag, pos, length = _descriptor(esds, pos + 13)
    if tag != 0x05:
        raise _Unsupported("no decoder specific info")
    return object_type, esds[pos : pos + length]


def _sub_boxes(entry: bytes, start: int) -> list[tuple[bytes, bytes]]:
    return [(kind, entry[a:b]) for kind, a, b in _boxes(entry, start, len(entry))]


def _layout(moov: bytes) -> Mp4Layout:
    top = list(_boxes(moov, 0, len(moov)))
    kinds = [kind for kind, _, _ in top]
    if b"mvex" in kinds:
        raise _Unsupported("fragmented MP4")
    mvhd = next((a for kind, a, _ in top if kind == b"mvhd"), None)
    if mvhd is None:
        raise _Unsupported("no movie header")
    if _full_box_version(moov, mvhd) == 1:
        movie_scale, movie_duration = struct.unpack_from(">IQ", moov, mvhd + 20)
    else:
        movie_scale, movie_duration = struct.unpack_from(">II", moov, mvhd + 12)
    if not movie_scale or not movie_duration:
        raise _Unsupported("no movie duration")
    tracks = [_track(moov, (a, b)) for kind, a, b in top if kind == b"trak"]
    if sorted(t.handler for t in tracks) != [b"soun", b"vide"]:
        raise _Unsupported("not exactly one picture and one sound track")
    video = next(t for t in tracks if t.handler == b"vide")
    audio = next(t for t in tracks if t.handler == b"soun")
    if video.entry_type != b"avc1" or audio.entry_type != b"mp4a":
        raise _Unsupported("not H.264 + AAC with out-of-band parameters")

    width, height = struct.unpack_from(">HH", video.entry, 24)
    visual = [(k, v) for k, v in _sub_boxes(video.entry, 78) if k != b"btrt"]
    avcc = dict(visual).get(b"avcC", b"")
    if len(avcc) < 7 or avcc[0] != 1:
        raise _Unsupported("no H.264 configuration")
    if not video.deltas or not video.timescale:
        raise _Unsupported("no frame timing")
    frame = video.deltas.most_common(1)[0][0]
    if frame <= 0:
        raise _Unsupported("zero frame duration")
    fps = video.timescale / frame

    (sound_version,) = struct.unpack_from(">H", audio.entry, 8)
    if sound_version != 0:
        raise _Unsupported("QuickTime sound description")
    channels, _bits = struct.unpack_from(">HH", audio.entry, 16)
    (rate_fixed,) = struct.unpack_from(">I", audio.entry, 24)
    sound = _sub_boxes(audio.entry, 28)
    esds = dict(sound).get(b"esds")
    if esds is None:
        raise _Unsupported("no AAC configuration")
    object_type, asc = _audio_config(esds)
    if object_type != 0x40 or not asc:
        raise _Unsupported("not AAC")

    digest = hashlib.sha256()
    parts: list[bytes] = [
        b"avc1",
        struct.pack(">HH", width, height),
        f"{fps:.6f}".encode(),
        video.matrix,
        *(kind + value for kind, value in visual),
        b"mp4a",
        struct.pack(">HI", channels, rate_fixed),
        bytes([object_type]),
        asc,
        *(kind + value for kind, value in sound if kind not in (b"esds", b"btrt")),
    ]
    for part in parts:
        digest.update(struct.pack(">I", len(part)))
        digest.update(part)
    return Mp4Layout(
        duration=movie_duration / movie_scale,
        width=width,
        height=height,
        fps=fps,
        profile=avcc[1],
        sample_rate=rate_fixed >> 16,
        channels=channels,
        signature=digest.hexdigest(),
    )


def read_mp4_layout(path: Path) -> Mp4Layout | None:
    """The layout of a plain, complete H.264 + AAC MP4; None for anything else."""
    try:
        with Path(path).open("rb") as fh:
            file_size = os.fstat(fh.fileno()).st_size
            moov: bytes | None = None
            has_media = False
            pos = 0
            while pos < file_size:
                fh.seek(pos)
                head = fh.read(16)
                if len(head) < 8:
                    return None
                size, kind = struct.unpack(">I4s", head[:8])
                header = 8
                if size == 1:
                    if len(head) < 16:
                        return None
                    (size,) = struct.unpack(">Q", head[8:16])
                    header = 16
                elif size == 0:
                    size = file_size - pos
                # Every box must end inside the file: a truncated download is not plain.
                if size < header or pos + size > file_size:
                    return None
                if pos == 0 and kind != b"ftyp":
                    return None
                if kind == b"moof":
                    return None
                if kind == b"mdat":
                    has_media = True
                elif kind == b"moov":
                    if moov is not None or size > MAX_MOOV_BYTES:
                        return None
                    fh.seek(pos + header)
                    moov = fh.read(size - header)
                    if len(moov) != size - header:
                        return None
                pos += size
        if moov is None or not has_media:
            return None
        return _layout(moov)
    except (OSError, struct.error, IndexError, StopIteration, _Unsupported):
        return None

"""Codecs as people know them: FFmpeg's decoder names (what `MediaInfo` keeps) shown as
"MP3", "H.264", ..."""

from __future__ import annotations

# FFmpeg's decoder names (what `MediaInfo` and the JSON keep) as people know the codecs.
_CODEC_LABELS = {
    "mp3float": "MP3",
    "mp3": "MP3",
    "aac": "AAC",
    "h264": "H.264",
    "hevc": "H.265 (HEVC)",
    "mpeg4": "MPEG-4 part 2",
    "av1": "AV1",
    "libdav1d": "AV1",
    "vp8": "VP8",
    "vp9": "VP9",
    "prores": "ProRes",
    "opus": "Opus",
    "vorbis": "Vorbis",
    "flac": "FLAC",
    "alac": "ALAC",
    "ac3": "AC-3",
    "eac3": "E-AC-3",
    "pcm_s16le": "PCM 16-bit",
    "pcm_s24le": "PCM 24-bit",
    "pcm_f32le": "PCM 32-bit float",
}


def codec_label(name: str | None) -> str:
    """A codec for people: "MP3" for FFmpeg's "mp3float" decoder; unknown names as given."""
    if not name:
        return ""
    return _CODEC_LABELS.get(name, name)

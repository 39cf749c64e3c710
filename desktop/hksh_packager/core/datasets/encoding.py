"""Which text encoding a data file uses, decided on a bounded sample and always overridable.

Order: a byte-order mark; then strict UTF-8; then charset-normalizer limited to the Chinese
encodings the two portals publish in. Big5 is read as Big5-HKSCS and GBK/GB2312 as GB18030: each is
a superset, so Hong Kong characters outside plain Big5 and four-byte GB18030 characters decode too.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass
from pathlib import Path

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define

log = logging.getLogger(__name__)

SAMPLE_SIZE = 1 << 20
CHINESE_CANDIDATES = ["big5hkscs", "big5", "cp950", "gb18030", "gbk", "gb2312", "cp936"]
_SUPERSET = {
    "big5": "big5hkscs", "cp950": "big5hkscs", "big5hkscs": "big5hkscs",
    "gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "gb18030": "gb18030",
}  # fmt: skip
LABELS = {
    "utf-8-sig": "UTF-8 with BOM",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "big5hkscs": "Big5-HKSCS",
    "gb18030": "GB18030",
}


@dataclass(frozen=True)
class DetectedEncoding:
    codec: str  # a Python codec name
    how: str  # how it was decided, for the report

    @property
    def label(self) -> str:
        return LABELS.get(self.codec, self.codec)


def superset_codec(name: str) -> str:
    """The codec to read text detected as `name` with: Big5 and its Windows form as Big5-HKSCS,
    GBK, GB2312 and their Windows form as GB18030 (each a superset, so characters beyond the base
    set, common in Hong Kong names and rare Chinese names, decode too)."""
    codec = codecs.lookup(name).name
    return _SUPERSET.get(codec, codec)


def _decodes(sample: bytes, codec: str) -> int | None:
    """None if `sample` decodes (a character cut at its end is fine), else the bad offset."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError as exc:
        return exc.start
    return None


# The text encodings a data file may be read in, by Python codec name. A fixed list: Python also
# has codecs that decompress (bz2_codec, zlib_codec) or run on bytes, which a name from a bundle
# must never reach.
TEXT_CODECS = frozenset({
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "big5hkscs", "big5", "cp950",
    "gb18030", "gbk", "gb2312", "iso8859-1", "cp1252", "ascii",
})  # fmt: skip


UNKNOWN_ENCODING = define(
    "encoding.unknown", "unknown encoding {encoding}; use one of utf-8, utf-8-sig, big5hkscs, "
    "gb18030, utf-16, latin-1"
)  # fmt: skip
BINARY = define(
    "encoding.binary", "{file} is not a text file: it holds binary data (a NUL byte at offset "
    "{offset}); export the data as CSV text and try again"
)  # fmt: skip
UNRECOGNISED = define(
    "encoding.unrecognised", "{file}: the text encoding could not be recognised (line {line}, "
    "byte {offset} is not UTF-8, and the file is not consistently Big5-HKSCS or GB18030 either; "
    "it may mix encodings). Re-save it as UTF-8, or name its encoding"
)  # fmt: skip


def check_codec(name: str) -> str:
    """The Python codec for an encoding name a user (or a bundle) gave, if it is a text encoding
    on the list; otherwise InputError."""
    try:
        codec = codecs.lookup(name).name if isinstance(name, str) and len(name) < 40 else ""
    except LookupError:
        codec = ""
    if codec not in TEXT_CODECS:
        shown = name[:40] if isinstance(name, str) else repr(name)
        raise InputError(UNKNOWN_ENCODING(encoding=repr(shown)), remedy=Remedy.SET_ENCODING)
    return codec


def detect_encoding(path: Path, override: str | None = None) -> DetectedEncoding:
    detected = _detect(path, override)
    log.debug("%s: encoding %s (%s)", path, detected.label, detected.how)
    return detected


def _detect(path: Path, override: str | None) -> DetectedEncoding:
    if override:
        return DetectedEncoding(check_codec(override), "given by the user")
    with Path(path).open("rb") as handle:
        sample = handle.read(SAMPLE_SIZE)
    if sample.startswith(codecs.BOM_UTF8):
        return DetectedEncoding("utf-8-sig", "byte-order mark")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DetectedEncoding("utf-16", "byte-order mark")
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise InputError(BINARY(file=str(path), offset=nul))
    if _decodes(sample, "utf-8") is None:
        return DetectedEncoding("utf-8", "valid UTF-8")
    # Loaded only for text that is not UTF-8 (13 ms, and most files are UTF-8)
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=CHINESE_CANDIDATES).best()
    if best is not None:
        codec = superset_codec(best.encoding)
        if _decodes(sample, codec) is None:
            return DetectedEncoding(codec, "detected by charset-normalizer")
    offset = _decodes(sample, "utf-8")
    line = sample[:offset].count(b"\n") + 1
    raise InputError(
        UNRECOGNISED(file=str(path), line=line, offset=offset), remedy=Remedy.SET_ENCODING
    )

"""What a material file really is, read with the libraries made for each format: MediaInfo for
videos (container, duration, a cut-short file), pypdf for PDFs (pages, a broken cross-reference
table), python-pptx for PowerPoint files (slides), olefile for old .ppt files, Pillow for images.

`inspect_material` looks at the content, never the name: a text file renamed .mp4 is "text", and
says so. Files may come from a stranger's bundle: every reader runs with its own limits and any
failure becomes a finding, never a crash. Each reader's work is bounded before it starts: images
only in the formats the challenge takes (PNG, JPEG, WebP: never EPS, which Pillow would hand to
Ghostscript), their pixels counted before any is decoded, a JPEG's scans counted; a PowerPoint's
parts measured before python-pptx reads them into memory. `inspect_materials` runs the readers in
a child process under a time and memory budget per file (core/common/bounded.py), for what no
check can foresee.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hksh_packager.core.common.bounded import Budget, Overrun, run_each_bounded, start_reader
from hksh_packager.core.common.messages import Message, define, define_plural
from hksh_packager.core.common.progress import CancelToken
from hksh_packager.core.common.units import human_size

log = logging.getLogger(__name__)

# Images: the formats the challenge takes, and only those are tried (Pillow's other plugins
# include EPS, which runs Ghostscript on the file).
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}
MAX_IMAGE_PIXELS = 100_000_000  # 400 MB once decoded: a poster at print resolution fits
# A progressive JPEG is decoded scan by scan; ordinary ones have about ten. One built with
# thousands keeps the decoder busy for hours.
MAX_JPEG_SCANS = 100
# python-pptx reads every part of a deck into memory.
MAX_PPTX_PART = 512 << 20
MAX_PPTX_TOTAL = 1536 << 20
# Each material read in a child process within this (see inspect_materials).
MATERIAL_BUDGET = Budget(seconds=60.0, memory_bytes=3 << 30)
# Loaded by a reader started ahead (prepare_inspection): a proposal is a PDF, and most teams add
# pictures; the rarer readers load when a file needs them.
COMMON_READERS = ("pypdf", "PIL.Image")


# What a file is, for a person ("summary"), and why it cannot be used ("problem"): said of "it",
# the file, whose name the sentence around it gives.
VIDEO_NAMES = {
    ".mov": define("material.quicktime", "QuickTime video"),
    ".mp4": define("material.mp4", "MP4 video"),
    ".webm": define("material.webm", "WebM video"),
}
VIDEO_LONG = define("material.video-length", "{video}, {length}")
NO_PICTURE = define("material.no-picture", "{video} without a picture")
PDF = define("material.pdf", "PDF")
PDF_PAGES = define_plural("material.pdf-pages", "PDF, {count} page", "PDF, {count} pages")
POWERPOINT = define("material.pptx", "PowerPoint")
POWERPOINT_SLIDES = define_plural(
    "material.pptx-slides", "PowerPoint, {count} slide", "PowerPoint, {count} slides"
)
OLD_POWERPOINT = define("material.ppt", "PowerPoint 97-2003")
IMAGE = define("material.image-size", "{format} image, {width}×{height}")
AN_IMAGE = define("material.image", "image")
WORD = define("material.docx", "Word document")
ZIP = define("material.zip", "zip archive")
OLD_OFFICE = define("material.old-office", "an old Office file that is not PowerPoint")
UNREADABLE = define("material.unreadable", "unreadable")
UNKNOWN = define("material.unknown", "unknown")
TEXT = define("material.text", "text")
UNKNOWN_TYPE = define("material.unknown-type", "a file of unknown type")
NOT_EXAMINED = define("material.not-examined", "not examined")
TRUNCATED = define("material.truncated", "it is cut short (truncated); export or copy it again")
NO_VIDEO_TRACK = define("material.no-video-track", "it has no video track")
NO_DURATION = define("material.no-duration", "its duration cannot be read; export it again")
ENCRYPTED = define("material.encrypted", "it is encrypted; save it without a password")
NOT_A_PDF = define("material.not-a-pdf", "it does not open as a PDF ({reason}); export it again")
PART_TOO_LARGE = define(
    "material.pptx-part", "one of its parts unpacks to {size}, more than {limit}; too large to "
    "check: export it again, with videos linked"
)  # fmt: skip
UNPACKS_TOO_LARGE = define(
    "material.pptx-total", "it unpacks to {size}, more than {limit}; too large to check: export "
    "it again, with videos linked"
)  # fmt: skip
NOT_POWERPOINT = define(
    "material.not-pptx", "it does not open as PowerPoint ({reason}); export it again"
)
TOO_MANY_PIXELS = define(
    "material.pixels", "it has {pixels:,} pixels, more than {limit:,}; make it smaller"
)
TOO_MANY_SCANS = define(
    "material.jpeg-scans", "it is stored in {scans} scans (ordinary pictures have about ten); "
    "save it again as an ordinary JPEG"
)  # fmt: skip
NOT_AN_IMAGE = define("material.not-an-image", "it does not decode as an image ({reason})")
CANNOT_READ = define("material.cannot-read", "it cannot be read ({reason})")
NOT_EXAMINED_ERROR = define("material.failed", "it could not be examined ({error})")
OVER_TIME = define(
    "material.over-time", "it could not be examined within {seconds} seconds (a file built to "
    "stall its reader, or one too complex to check); export it again"
)  # fmt: skip
OVER_MEMORY = define(
    "material.over-memory", "examining it needs more than {memory} of memory; export it again, "
    "smaller"
)  # fmt: skip
CRASHED = define(
    "material.crashed", "its reader stopped on it (the file is damaged or built to crash it); "
    "export it again"
)  # fmt: skip


@dataclass(frozen=True)
class Material:
    """What a file is: `format` is the extension its content deserves (".mp4", ".pdf", "" when
    unknown), `summary` says it for a person ("MP4 video, 3:12"), `problem` why it cannot be used
    (cut short, does not open), `seconds` a video's duration."""

    format: str
    summary: Message
    problem: Message | None = None
    seconds: float | None = None
    pages: int | None = None


def duration_text(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _video(path: Path) -> Material | None:
    from pymediainfo import MediaInfo

    info = MediaInfo.parse(str(path))
    general = info.general_tracks[0] if info.general_tracks else None
    if general is None or general.format is None:
        return None
    data = general.to_data()
    if general.format == "MPEG-4":
        found = ".mov" if general.format_profile == "QuickTime" else ".mp4"
    elif general.format == "WebM":
        found = ".webm"
    else:
        return None  # another kind of media: the caller says what it is not
    name = VIDEO_NAMES[found]()
    if data.get("istruncated") == "Yes":
        return Material(found, name, TRUNCATED())
    if not info.video_tracks:
        return Material(found, NO_PICTURE(video=name), NO_VIDEO_TRACK())
    seconds = _longest_duration(info)
    if seconds is None:
        return Material(found, name, NO_DURATION())
    return Material(found, VIDEO_LONG(video=name, length=duration_text(seconds)), seconds=seconds)


def _longest_duration(info: object) -> float | None:
    """The longest of the durations the file states: the container's header and each track's
    header and sample table (MediaInfo's `source_duration`), in seconds. A header rewritten
    to say less than the samples play is not believed."""
    found: list[float] = []
    for track in getattr(info, "tracks", []):
        if track.track_type not in ("General", "Video", "Audio"):
            continue
        for field in ("duration", "source_duration"):
            value: Any = getattr(track, field, None)
            try:
                found.append(float(value) / 1000)
            except (TypeError, ValueError):
                continue
    return max(found) if found else None


def _pdf(path: Path) -> Material:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(path, strict=True)
        if reader.is_encrypted:
            return Material(".pdf", PDF(), ENCRYPTED())
        pages = len(reader.pages)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        return Material(".pdf", PDF(), NOT_A_PDF(reason=str(exc)))
    return Material(".pdf", PDF_PAGES(count=pages), pages=pages)


def _pptx_too_large(path: Path) -> Message | None:
    with zipfile.ZipFile(path) as archive:
        sizes = [info.file_size for info in archive.infolist()]
    largest, total = max(sizes, default=0), sum(sizes)
    if largest > MAX_PPTX_PART:
        return PART_TOO_LARGE(size=human_size(largest), limit=human_size(MAX_PPTX_PART))
    if total > MAX_PPTX_TOTAL:
        return UNPACKS_TOO_LARGE(size=human_size(total), limit=human_size(MAX_PPTX_TOTAL))
    return None


def _pptx(path: Path) -> Material:
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    too_large = _pptx_too_large(path)
    if too_large:
        return Material(".pptx", POWERPOINT(), too_large)
    try:
        slides = len(Presentation(str(path)).slides)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        return Material(".pptx", POWERPOINT(), NOT_POWERPOINT(reason=str(exc)))
    except Exception as exc:  # lxml and zip errors of a broken file: a finding, not a crash
        return Material(".pptx", POWERPOINT(), NOT_POWERPOINT(reason=str(exc)))
    return Material(".pptx", POWERPOINT_SLIDES(count=slides), pages=slides)


def _ppt(path: Path) -> Material | None:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        if ole.exists("PowerPoint Document"):
            return Material(".ppt", OLD_POWERPOINT())
    return None


def jpeg_scans(path: Path) -> int:
    """How many scans (SOS markers, FF DA) a JPEG holds. Inside compressed data an FF byte is
    always followed by 00 or a restart marker, so every FF DA starts a scan (or one of a
    thumbnail's: an upper bound, which is what a limit wants)."""
    count, previous = 0, b""
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += (previous + block).count(b"\xff\xda")
            previous = block[-1:]
    return count


def _image(path: Path) -> Material | None:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path, formats=list(IMAGE_FORMATS)) as image:
            kind, (width, height) = image.format or "", image.size
            if width * height > MAX_IMAGE_PIXELS:
                summary = IMAGE(format=kind, width=width, height=height)
                problem = TOO_MANY_PIXELS(pixels=width * height, limit=MAX_IMAGE_PIXELS)
                return Material(IMAGE_FORMATS[kind], summary, problem)
            if kind == "JPEG" and (scans := jpeg_scans(path)) > MAX_JPEG_SCANS:
                summary = IMAGE(format=kind, width=width, height=height)
                return Material(".jpg", summary, TOO_MANY_SCANS(scans=scans))
            image.load()  # decodes every pixel: a cut-short image fails here
    except UnidentifiedImageError:
        return None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return Material("", AN_IMAGE(), NOT_AN_IMAGE(reason=str(exc)))
    return Material(IMAGE_FORMATS[kind], IMAGE(format=kind, width=width, height=height))


def _starts(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)


def inspect_material(path: Path) -> Material:
    """What `path` is, by its content."""
    path = Path(path)
    try:
        head = _starts(path)
        if head.startswith(b"%PDF-"):
            return _pdf(path)
        if head.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
            if "ppt/presentation.xml" in names:
                return _pptx(path)
            if any(n.startswith("word/") for n in names):
                return Material(".docx", WORD())
            return Material(".zip", ZIP())
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            found = _ppt(path)
            return found or Material("", OLD_OFFICE())
        image = _image(path)
        if image is not None:
            return image
        video = _video(path)
        if video is not None:
            return video
    except (OSError, zipfile.BadZipFile) as exc:
        return Material("", UNREADABLE(), CANNOT_READ(reason=str(exc)))
    except Exception as exc:  # a reader's own failure on a crafted file: a finding
        log.debug("inspecting %s failed: %r", path, exc)
        return Material("", UNKNOWN(), NOT_EXAMINED_ERROR(error=type(exc).__name__))
    if head and all(32 <= b < 127 or b in b"\t\r\n" for b in head):
        return Material(".txt", TEXT())
    return Material("", UNKNOWN_TYPE())


def _overrun_problem(overrun: Overrun, budget: Budget) -> Message:
    if overrun == Overrun.TIME:
        return OVER_TIME(seconds=round(budget.seconds))
    if overrun == Overrun.MEMORY:
        return OVER_MEMORY(memory=human_size(budget.memory_bytes))
    return CRASHED()


def prepare_inspection(budget: Budget = MATERIAL_BUDGET) -> None:
    """Start the child process inspect_materials(..., budget) will read in, now, while the caller
    does other work: starting it and loading its readers take about a quarter of a second."""
    start_reader(inspect_material, budget, preload=COMMON_READERS)


def inspect_materials(
    paths: Sequence[Path], budget: Budget = MATERIAL_BUDGET, cancel: CancelToken | None = None
) -> list[Material]:
    """What each file is (`inspect_material`), each read in a child process within `budget`: a
    file that is over it is a finding about that file, and the others are still read."""
    found: list[Material] = []
    for _, outcome in run_each_bounded(inspect_material, list(paths), budget, cancel=cancel):
        if outcome.overrun is None and outcome.value is not None:
            found.append(outcome.value)
        else:
            problem = _overrun_problem(outcome.overrun or Overrun.CRASHED, budget)
            found.append(Material("", NOT_EXAMINED(), problem))
    return found

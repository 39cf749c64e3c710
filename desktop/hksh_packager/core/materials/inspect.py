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

from hksh_packager.core.common.bounded import Budget, Overrun, run_each_bounded
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


@dataclass(frozen=True)
class Material:
    """What a file is: `format` is the extension its content deserves (".mp4", ".pdf", "" when
    unknown), `summary` says it for a person ("MP4 video, 3:12"), `problem` why it cannot be used
    (cut short, does not open), `seconds` a video's duration."""

    format: str
    summary: str
    problem: str | None = None
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
    name = {".mov": "QuickTime video", ".mp4": "MP4 video", ".webm": "WebM video"}[found]
    if data.get("istruncated") == "Yes":
        return Material(found, name, "it is cut short (truncated); export or copy it again")
    if not info.video_tracks:
        return Material(found, f"{name} without a picture", "it has no video track")
    seconds = _longest_duration(info)
    if seconds is None:
        return Material(found, name, "its duration cannot be read; export it again")
    return Material(found, f"{name}, {duration_text(seconds)}", seconds=seconds)


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
            return Material(".pdf", "PDF", "it is encrypted; save it without a password")
        pages = len(reader.pages)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        return Material(".pdf", "PDF", f"it does not open as a PDF ({exc}); export it again")
    return Material(".pdf", f"PDF, {pages} page{'s' if pages != 1 else ''}", pages=pages)


def _pptx_too_large(path: Path) -> str | None:
    with zipfile.ZipFile(path) as archive:
        sizes = [info.file_size for info in archive.infolist()]
    largest, total = max(sizes, default=0), sum(sizes)
    if largest > MAX_PPTX_PART:
        return (
            f"one of its parts unpacks to {human_size(largest)}, more than "
            f"{human_size(MAX_PPTX_PART)}; too large to check: export it again, with videos linked"
        )
    if total > MAX_PPTX_TOTAL:
        return (
            f"it unpacks to {human_size(total)}, more than {human_size(MAX_PPTX_TOTAL)}; too large "
            "to check: export it again, with videos linked"
        )
    return None


def _pptx(path: Path) -> Material:
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    too_large = _pptx_too_large(path)
    if too_large:
        return Material(".pptx", "PowerPoint", too_large)
    try:
        slides = len(Presentation(str(path)).slides)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        return Material(".pptx", "PowerPoint", f"it does not open as PowerPoint ({exc})")
    except Exception as exc:  # lxml and zip errors of a broken file: a finding, not a crash
        return Material(".pptx", "PowerPoint", f"it does not open as PowerPoint ({exc})")
    return Material(".pptx", f"PowerPoint, {slides} slide{'s' if slides != 1 else ''}",
                    pages=slides)  # fmt: skip


def _ppt(path: Path) -> Material | None:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        if ole.exists("PowerPoint Document"):
            return Material(".ppt", "PowerPoint 97-2003")
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
                return Material(
                    IMAGE_FORMATS[kind], f"{kind} image, {width}×{height}",
                    f"it has {width * height:,} pixels, more than {MAX_IMAGE_PIXELS:,}; make it "
                    "smaller",
                )  # fmt: skip
            if kind == "JPEG" and (scans := jpeg_scans(path)) > MAX_JPEG_SCANS:
                return Material(
                    ".jpg", f"JPEG image, {width}×{height}",
                    f"it is stored in {scans} scans (ordinary pictures have about ten); save it "
                    "again as an ordinary JPEG",
                )  # fmt: skip
            image.load()  # decodes every pixel: a cut-short image fails here
    except UnidentifiedImageError:
        return None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return Material("", "image", f"it does not decode as an image ({exc})")
    return Material(IMAGE_FORMATS[kind], f"{kind} image, {width}×{height}")


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
                return Material(".docx", "Word document")
            return Material(".zip", "zip archive")
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            found = _ppt(path)
            return found or Material("", "an old Office file that is not PowerPoint")
        image = _image(path)
        if image is not None:
            return image
        video = _video(path)
        if video is not None:
            return video
    except (OSError, zipfile.BadZipFile) as exc:
        return Material("", "unreadable", f"it cannot be read ({exc})")
    except Exception as exc:  # a reader's own failure on a crafted file: a finding
        log.debug("inspecting %s failed: %r", path, exc)
        return Material("", "unknown", f"it could not be examined ({type(exc).__name__})")
    if head and all(32 <= b < 127 or b in b"\t\r\n" for b in head):
        return Material(".txt", "text")
    return Material("", "a file of unknown type")


def _overrun_problem(overrun: Overrun, budget: Budget) -> str:
    if overrun == Overrun.TIME:
        return (
            f"it could not be examined within {budget.seconds:.0f} seconds (a file built to stall "
            "its reader, or one too complex to check); export it again"
        )
    if overrun == Overrun.MEMORY:
        return (
            f"examining it needs more than {human_size(budget.memory_bytes)} of memory; export it "
            "again, smaller"
        )
    return "its reader stopped on it (the file is damaged or built to crash it); export it again"


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
            found.append(Material("", "not examined", problem))
    return found

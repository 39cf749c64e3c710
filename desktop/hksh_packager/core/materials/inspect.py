"""What a material file really is, read with the libraries made for each format: MediaInfo for
videos (container, duration, a cut-short file), pypdf for PDFs (pages, a broken cross-reference
table), python-pptx for PowerPoint files (slides), olefile for old .ppt files, Pillow for images.

`inspect_material` looks at the content, never the name: a text file renamed .mp4 is "text", and
says so. Files may come from a stranger's bundle: every reader runs with its own limits and any
failure becomes a finding, never a crash.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MAX_IMAGE_PIXELS = 100_000_000  # a decompression bomb beyond this is refused by Pillow


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
    if general.duration is None:
        return Material(found, name, "its duration cannot be read; export it again")
    seconds = float(general.duration) / 1000
    return Material(found, f"{name}, {duration_text(seconds)}", seconds=seconds)


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


def _pptx(path: Path) -> Material:
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

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


def _image(path: Path) -> Material | None:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            kind, size = image.format, image.size
            image.load()  # decodes every pixel: a cut-short image fails here
    except UnidentifiedImageError:
        return None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return Material("", "image", f"it does not decode as an image ({exc})")
    found = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}.get(kind or "", "")
    if not found:
        return Material("", f"{kind} image", None)
    return Material(found, f"{kind} image, {size[0]}×{size[1]}")


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

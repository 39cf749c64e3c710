"""Materials checked for what they are: real videos made by ffmpeg, PDFs made by Pillow, and the
files a team might hand in by mistake (renamed, cut short, broken)."""

from __future__ import annotations

import struct
import subprocess
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from hksh_packager.core.common.bounded import Budget, run_each_bounded
from hksh_packager.core.common.messages import Message
from hksh_packager.core.materials.inspect import Material, inspect_material, jpeg_scans
from hksh_packager.core.materials.rules import material_problems
from hksh_packager.core.submission.profile import load_profile
from tests.helpers import require_tool

CODECS = {"mp4": ["-c:v", "libx264"], "mov": ["-c:v", "libx264"], "webm": ["-c:v", "libvpx-vp9"]}


def _said(message: Message | None) -> str | None:
    return None if message is None else str(message)


def _problems(*args: Any) -> list[str]:
    """The problems in English, as a team reading them in English sees them."""
    return [str(problem) for problem in material_problems(*args)]


def video(folder: Path, extension: str, seconds: int) -> Path:
    """A real video of `seconds` (a blue square at one frame a second: a few kilobytes)."""
    path = folder / f"demo-{seconds}.{extension}"
    subprocess.run(
        [require_tool("ffmpeg"), "-loglevel", "error", "-f", "lavfi",
         "-i", "color=c=blue:s=32x32:r=1", "-t", str(seconds), *CODECS[extension],
         "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    return path


def _rule(profile: str, stage: str, kind: str) -> dict:  # type: ignore[type-arg]
    return next(m for m in load_profile(profile).materials(stage) if m["kind"] == kind)


@pytest.mark.parametrize(
    ("extension", "summary"),
    [("mp4", "MP4 video, 3:20"), ("mov", "QuickTime video, 3:20"), ("webm", "WebM video, 3:20")],
)
@pytest.mark.tools
def test_real_videos_give_their_container_and_true_duration(
    tmp_path: Path, extension: str, summary: str
) -> None:
    found = inspect_material(video(tmp_path, extension, 200))
    assert (found.format, str(found.summary), _said(found.problem)) == (
        f".{extension}",
        summary,
        None,
    )
    assert found.seconds == pytest.approx(200, abs=1)
    # 3:20 is within 2023's 3 to 5 minutes, over 2025's 3 minutes.
    assert _problems(found, "demo", _rule("hksh-2023", "proposal", "video")) == []
    assert _problems(found, "demo", _rule("hksh-2025", "proposal", "video")) == [
        "demo is 3:20 long; this stage wants at most 3:00"
    ]


@pytest.mark.tools
def test_a_short_video_is_below_2023s_three_minutes(tmp_path: Path) -> None:
    found = inspect_material(video(tmp_path, "mp4", 95))
    assert _problems(found, "demo.mp4", _rule("hksh-2023", "proposal", "video")) == [
        "demo.mp4 is 1:35 long; this stage wants at least 3:00"
    ]


def test_a_text_file_renamed_mp4_says_what_it_really_is(tmp_path: Path) -> None:
    fake = tmp_path / "demo.mp4"
    fake.write_text("This is our video, we promise.\n", "utf-8")
    found = inspect_material(fake)
    assert (found.format, str(found.summary)) == (".txt", "text")
    assert _problems(found, "demo.mp4", _rule("hksh-2023", "proposal", "video")) == [
        "demo.mp4 is really text, not .mp4 or .mov or .webm as a file of kind video must be here; "
        "export it in the right format"
    ]


@pytest.mark.tools
def test_a_video_cut_short_in_the_upload_is_refused(tmp_path: Path) -> None:
    whole = video(tmp_path, "mp4", 200)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    found = inspect_material(cut)
    assert found.format == ".mp4"
    assert str(found.problem) == "it is cut short (truncated); export or copy it again"
    assert _problems(found, "cut.mp4", _rule("hksh-2023", "proposal", "video")) == [
        "cut.mp4 (MP4 video): it is cut short (truncated); export or copy it again"
    ]


def test_a_pptx_that_is_a_zip_of_something_else_is_not_a_powerpoint(tmp_path: Path) -> None:
    fake = tmp_path / "proposal.pptx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("notes/readme.txt", "slides to follow")
    found = inspect_material(fake)
    assert (found.format, str(found.summary)) == (".zip", "zip archive")
    assert _problems(found, "proposal.pptx", _rule("hksh-2023", "proposal", "proposal"))[
        0
    ].startswith(
        "proposal.pptx is really zip archive, not .pptx or .ppt as a file of kind proposal must be "
        "here"
    )


def test_a_real_powerpoint_gives_its_slide_count(tmp_path: Path) -> None:
    from pptx import Presentation

    deck = Presentation()
    for _ in range(4):
        deck.slides.add_slide(deck.slide_layouts[6])
    deck.save(str(tmp_path / "proposal.pptx"))
    found = inspect_material(tmp_path / "proposal.pptx")
    assert (found.format, str(found.summary), _said(found.problem)) == (
        ".pptx",
        "PowerPoint, 4 slides",
        None,
    )
    assert _problems(found, "p", _rule("hksh-2023", "proposal", "proposal")) == []
    # 2025 wants the proposal as a PDF.
    assert _problems(found, "p", _rule("hksh-2025", "proposal", "proposal")) == [
        "p is really PowerPoint, 4 slides, not .pdf as a file of kind proposal must be here; "
        "export it in the right format"
    ]


def test_a_pdf_gives_its_pages_and_a_broken_cross_reference_table_is_refused(
    tmp_path: Path,
) -> None:
    pages = [Image.new("RGB", (120, 160), colour) for colour in ("red", "green", "blue")]
    pages[0].save(tmp_path / "proposal.pdf", save_all=True, append_images=pages[1:])
    found = inspect_material(tmp_path / "proposal.pdf")
    assert (found.format, str(found.summary), _said(found.problem)) == (
        ".pdf",
        "PDF, 3 pages",
        None,
    )
    data = (tmp_path / "proposal.pdf").read_bytes()
    broken = data[: data.rfind(b"startxref")] + b"startxref\n999999\n%%EOF\n"
    (tmp_path / "broken.pdf").write_bytes(broken)
    found = inspect_material(tmp_path / "broken.pdf")
    assert found.format == ".pdf"
    assert found.problem is not None and "does not open as a PDF" in str(found.problem)


def test_images_decode_and_a_cut_short_one_does_not(tmp_path: Path) -> None:
    Image.new("RGB", (640, 480), "white").save(tmp_path / "diagram.png")
    found = inspect_material(tmp_path / "diagram.png")
    assert (found.format, str(found.summary), _said(found.problem)) == (
        ".png",
        "PNG image, 640×480",
        None,
    )
    data = (tmp_path / "diagram.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    cut = inspect_material(tmp_path / "cut.png")
    assert cut.problem is not None and "does not decode as an image" in str(cut.problem)


HEADERS = [b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n",
           b"\x00\x00\x00\x18ftypmp42", b"\x1aE\xdf\xa3", b"\xff\xd8\xff\xe0", b""]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(head=st.sampled_from(HEADERS), tail=st.binary(max_size=4096))
@example(head=b"%PDF-1.7\n", tail=b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF")
@example(head=b"PK\x03\x04", tail=b"\x00" * 26)
def test_any_bytes_with_any_header_give_a_finding_never_a_crash(
    tmp_path: Path, head: bytes, tail: bytes
) -> None:
    path = tmp_path / "material.bin"
    path.write_bytes(head + tail)
    found = inspect_material(path)  # a stranger's file: whatever it holds, a finding comes back
    assert isinstance(found.summary, Message) and str(found.summary)


# Files built to make a reader hang or take all the memory (issue 25). Each is read through
# run_each_bounded with a budget, so that a reader that does hang fails the test instead of
# holding the suite.
def _bounded(path: Path) -> Material:
    [(_, outcome)] = list(run_each_bounded(inspect_material, [path], Budget(30.0, 3 << 30)))
    assert outcome.overrun is None, f"the reader ran past its budget: {outcome.overrun}"
    assert outcome.value is not None
    return outcome.value


EPS_LOOP = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n%%EndComments\n{ 1 pop } loop\n%%EOF\n"
)


@pytest.mark.tools
def test_postscript_under_an_image_name_is_never_rendered(tmp_path: Path) -> None:
    # Pillow opens EPS by running Ghostscript, which runs the file's program: here, for ever.
    require_tool("gs")
    path = tmp_path / "diagram.png"
    path.write_bytes(EPS_LOOP)
    started = time.monotonic()
    found = _bounded(path)
    assert time.monotonic() - started < 10
    assert found.format != ".png"
    assert _problems(found, "diagram.png", _rule("hksh-2023", "final", "image"))


def _progressive_jpeg_with_scans(path: Path, copies: int) -> None:
    """A real progressive JPEG, then one of its scans (SOS header and data) repeated."""
    Image.new("RGB", (64, 64), "orange").save(path, progressive=True, quality=90)
    data = path.read_bytes()
    first = data.index(b"\xff\xda")
    second = data.index(b"\xff\xda", first + 2)
    scan = data[first:second]
    path.write_bytes(data[:second] + scan * copies + data[second:])


def test_a_jpeg_with_thousands_of_scans_is_refused_before_decoding(tmp_path: Path) -> None:
    ordinary = tmp_path / "ordinary.jpg"
    Image.new("RGB", (64, 64), "orange").save(ordinary, progressive=True, quality=90)
    assert jpeg_scans(ordinary) <= 12
    assert _bounded(ordinary).problem is None
    crafted = tmp_path / "crafted.jpg"
    _progressive_jpeg_with_scans(crafted, 5_000)
    found = _bounded(crafted)
    assert found.format == ".jpg"
    assert found.problem is not None and "scans" in str(found.problem)


def _png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG that says it is width × height grey pixels, its data all zero and compressed."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    packer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_an_image_of_too_many_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    # 14,000 × 14,000 is under Pillow's own bomb error (twice MAX_IMAGE_PIXELS): it would be
    # decoded, 196 MB for grey and four times that once converted.
    path = tmp_path / "poster.png"
    _png_header_only(path, 14_000, 14_000)
    found = _bounded(path)
    assert found.problem is not None and "196,000,000 pixels" in str(found.problem)


def test_a_deck_with_a_part_of_gigabytes_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from pptx import Presentation

    deck = tmp_path / "slides.pptx"
    Presentation().save(str(deck))
    with zipfile.ZipFile(deck, "a") as archive:
        archive.writestr("ppt/media/film.bin", b"\x00" * 1024)
    # The part's size rewritten to 3 GB in its local header and its central record, as a
    # crafted file would say it (python-pptx would read it all into memory).
    data = bytearray(deck.read_bytes())
    name = b"ppt/media/film.bin"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, 3 << 30)
            at += 4
    deck.write_bytes(bytes(data))
    found = _bounded(deck)
    assert found.problem is not None and "3.2 GB" in str(found.problem)


MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts"}


def _rewrite_header_durations(data: bytearray, seconds: int) -> None:
    """Every header duration of an MP4 (mvhd, tkhd, mdhd) set to `seconds`, its sample table
    left as it is: what a sender does to pass a length rule."""

    def walk(start: int, end: int, movie_scale: int) -> int:
        at = start
        while at + 8 <= end:
            size, kind = struct.unpack(">I4s", data[at : at + 8])
            version = data[at + 8] if size > 8 else 0
            if kind in MP4_CONTAINERS:
                movie_scale = walk(at + 8, at + size, movie_scale)
            elif kind in (b"mvhd", b"mdhd"):
                scale_at = at + (20 if version == 0 else 28)
                scale = struct.unpack(">I", data[scale_at : scale_at + 4])[0]
                movie_scale = scale if kind == b"mvhd" else movie_scale
                struct.pack_into(
                    ">I" if version == 0 else ">Q", data, scale_at + 4, seconds * scale
                )
            elif kind == b"tkhd":
                at_duration = at + (28 if version == 0 else 36)
                struct.pack_into(
                    ">I" if version == 0 else ">Q", data, at_duration, seconds * movie_scale
                )
            at += size
        return movie_scale

    walk(0, len(data), 1000)


@pytest.mark.tools
def test_a_video_whose_headers_say_less_than_it_plays_is_measured_by_its_samples(
    tmp_path: Path,
) -> None:
    path = video(tmp_path, "mp4", 360)
    data = bytearray(path.read_bytes())
    _rewrite_header_durations(data, 240)
    path.write_bytes(bytes(data))
    found = inspect_material(path)
    assert found.seconds == 360
    problems = _problems(found, "demo.mp4", _rule("hksh-2023", "proposal", "video"))
    assert "demo.mp4 is 6:00 long; this stage wants at most 5:00" in problems

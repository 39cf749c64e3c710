"""Materials built to stall or exhaust a reader, in bundles validly signed by their own team: each
is a problem of its bundle within a minute, and the genuine bundles beside it still verify."""

from __future__ import annotations

import time
from pathlib import Path

import psutil
import pytest

from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.verify.report import Check, Verdict
from hksh_packager.core.workflows.verify import verify_many
from tests.helpers import read_members, require_tool, resign, write_members

BAG = "HKSH2023-T042/"
IMAGE = BAG + "data/attachments/architecture.png"
# PostScript that loops for ever: Pillow would hand it to Ghostscript as an EPS image.
EPS_LOOP = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n%%EndComments\n{ 1 pop } loop\n%%EOF\n"
)


def _with_image(sample_bundle: Path, out: Path, secret: SecretKey, data: bytes) -> Path:
    members = read_members(sample_bundle)
    assert IMAGE in members
    members[IMAGE] = data
    return write_members(out, resign(members, BAG, secret))


def _ghostscripts() -> set[int]:
    return {p.pid for p in psutil.process_iter(["name"]) if p.info["name"] in ("gs", "gsc")}


@pytest.mark.tools
def test_a_postscript_image_is_a_problem_within_a_minute_and_the_batch_goes_on(
    sample_bundle: Path, tmp_path: Path, secret: SecretKey
) -> None:
    require_tool("gs")
    before = _ghostscripts()
    hostile = _with_image(sample_bundle, tmp_path / "hostile.zip", secret, EPS_LOOP)
    started = time.monotonic()
    reports = verify_many([hostile, sample_bundle, hostile], workers=2)
    assert time.monotonic() - started < 60
    assert [r.verdict for r in reports] == [
        Verdict.INVALID, Verdict.VALID_UNTRUSTED_KEY, Verdict.INVALID
    ]  # fmt: skip
    [problem] = reports[0].problems
    assert (problem.check, problem.member) == (Check.PROFILE, "data/attachments/architecture.png")
    assert problem.message.startswith("docs/architecture.png is really text, not .png")
    assert _ghostscripts() - before == set(), "a Ghostscript the verifier started is still running"

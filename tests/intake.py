"""A folder of bundles as organisers receive them after a deadline, each made for real (packed and
signed by the product, then changed the way a tamperer or a careless team would), with what the
batch must say about each and the trust list the organisers registered."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.paths import resources_dir
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.submission.project import load_project
from hksh_packager.core.validation.project import validate_project
from tests.helpers import read_members, resign, sha256, write_members, zip_bytes

EPOCH = 1_700_000_000
HOUR = 3600


@dataclass(frozen=True)
class Expected:
    verdict: str
    standing: str
    accepted: bool
    check: str | None = None  # the check of the (first) problem, for invalid bundles


def _key(number: int) -> SecretKey:
    return SecretKey(key_id=bytes([0xA0, number, 0, 0, 0, 0, 0, 1]), seed=bytes([number]) * 32)


KEYS = {team: _key(n) for n, team in enumerate(("T001", "T002", "T003", "T004", "T005",
                                                "T006", "T007"), start=1)}  # fmt: skip
NAMES = {"T001": "港大數據隊", "T002": "复旦数据组", "T003": "Kowloon Analytics",
         "T004": "Unregistered Team", "T005": "浦東開放數據", "T006": "Lion Rock Lab",
         "T007": "外滩小组"}  # fmt: skip
REVOKED = {"T005": "2026-11-01"}


def trust_records() -> list[dict[str, str]]:
    """The organisers' registrations: every team but T004; T005's key revoked."""
    return [
        {"team_id": team, "team_name": NAMES[team], "public_key": KEYS[team].public_key.base64_line,
         **({"revoked": REVOKED[team]} if team in REVOKED else {})}
        for team in KEYS if team != "T004"
    ]  # fmt: skip


def write_trust_list(path: Path) -> Path:
    path.write_text(json.dumps(trust_records(), ensure_ascii=False, indent=1), "utf-8")
    return path


def _project(work: Path, team: str, title: str) -> Path:
    folder = work / f"{team}-{sha256(title.encode())[:8]}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(resources_dir() / "sample", folder)
    path = folder / "submission.json"
    document = json.loads(path.read_text("utf-8"))
    document["submission_id"] = f"HKSH2023-{team}"
    document["team"]["id"] = team
    document["team"]["name"] = NAMES[team]
    document["title"] = title
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")
    return folder


def _pack(work: Path, out: Path, team: str, title: str, key: SecretKey, epoch: int) -> Path:
    project = load_project(_project(work, team, title))
    return pack_project(project, out, key, epoch=epoch).path


def make_intake(folder: Path, work: Path) -> dict[str, Expected]:
    """Write the intake's bundles into `folder` (scratch files in `work`); return what each one
    is, by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}

    def pack(name: str, team: str, title: str, key: SecretKey | None = None, epoch: int = EPOCH):  # type: ignore[no-untyped-def]
        return _pack(work, folder / name, team, title, key or KEYS[team], epoch)

    # T001 sends twice; the later one counts, and sends that one again under another name.
    pack("t001-first.zip", "T001", "Harbour heat map")
    expected["t001-first.zip"] = Expected("valid", "superseded", True)
    second = pack("t001-second.zip", "T001", "Harbour heat map, final", epoch=EPOCH + 2 * HOUR)
    expected["t001-second.zip"] = Expected("valid", "counts", True)
    shutil.copyfile(second, folder / "t001-second-again.zip")
    expected["t001-second-again.zip"] = Expected("valid", "duplicate", True)

    # T002: a payload byte changed after signing.
    tampered = pack("t002-tampered.zip", "T002", "Tram times")
    members = read_members(tampered)
    name = "HKSH2023-T002/data/datasets/latest_1min_temperature.csv"
    members[name] = members[name].replace(b"2", b"3", 1)
    write_members(tampered, members)
    expected["t002-tampered.zip"] = Expected("invalid", "rejected", False, "payload-manifest")

    # T003 claims its own team but signs with T001's registered key.
    pack("t003-wrong-key.zip", "T003", "Kowloon walks", key=KEYS["T001"])
    expected["t003-wrong-key.zip"] = Expected("invalid", "rejected", False, "key-trust")

    # T004 never registered its key.
    pack("t004-unknown-key.zip", "T004", "Ferry crowding")
    expected["t004-unknown-key.zip"] = Expected("valid-untrusted-key", "rejected", False)

    # T005's key was revoked.
    pack("t005-revoked-key.zip", "T005", "Pudong bikes")
    expected["t005-revoked-key.zip"] = Expected("invalid", "rejected", False, "key-trust")

    # T006 sends for the proposal stage without the proposal and the video it requires
    # (re-signed with its own key: pack itself refuses such a bundle).
    bundle = pack("t006-no-proposal.zip", "T006", "Lion Rock trails")
    prefix = "HKSH2023-T006/"
    members = read_members(bundle)
    submission = json.loads(members[prefix + "data/submission.json"])
    submission["stage"] = "proposal"
    submission["attachments"] = [a for a in submission["attachments"] if a["kind"] != "proposal"]
    members[prefix + "data/submission.json"] = json.dumps(submission, ensure_ascii=False).encode()
    del members[prefix + "data/attachments/proposal.pdf"]
    write_members(bundle, resign(members, prefix, KEYS["T006"]))
    expected["t006-no-proposal.zip"] = Expected("invalid", "rejected", False, "profile")

    # T007's data fails its schema; its report was doctored to say it passes.
    root = _project(work, "T007", "Bund parking")
    with (root / "data/shanghai_public_parking.csv").open("a", encoding="utf-8") as f:
        f.write("99,坏数据,火星区,x,-5,,\n")
    project = load_project(root)
    honest = validate_project(project)
    doctored = replace(honest, datasets=tuple(
        replace(d, result=replace(d.result, counts={}, errors=(), invalid_rows=0))
        for d in honest.datasets
    ))  # fmt: skip
    pack_project(project, folder / "t007-bad-dataset.zip", KEYS["T007"], epoch=EPOCH,
                 validation=doctored)  # fmt: skip
    expected["t007-bad-dataset.zip"] = Expected("invalid", "rejected", False, "datasets")

    # Not bundles at all.
    (folder / "hostile.zip").write_bytes(zip_bytes({"../../etc/cron.d/evil": b"* * * * * x\n"}))
    expected["hostile.zip"] = Expected("invalid", "rejected", False, "archive")
    (folder / "not-a-zip.zip").write_bytes(b"%PDF-1.7 this is a proposal, not a bundle\n")
    expected["not-a-zip.zip"] = Expected("invalid", "rejected", False, "archive")
    return expected

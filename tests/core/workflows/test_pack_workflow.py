"""Packing through the workflow: rule breaks come before any data is read, the passphrase before
the long work, and bytes that changed after validation are never packed."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from hksh_packager.core.common.errors import DatasetChanged, KeyStoreError, ProfileViolation
from hksh_packager.core.common.progress import Progress
from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows.pack import pack, plan_pack, validate_for_pack, write_planned

PASSPHRASE = "a long passphrase"


def _passphrase(asked: list[tuple[str, bool]]):  # type: ignore[no-untyped-def]
    def provide(team_id: str, confirm: bool) -> str:
        asked.append((team_id, confirm))
        return PASSPHRASE

    return provide


@pytest.fixture
def team_key(monkeypatch: pytest.MonkeyPatch) -> keys.KeyInfo:
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    return keys.generate_key("T042", _passphrase([])).info


def test_a_dataset_changed_after_validation_is_refused_and_nothing_is_written(
    project_copy: Path, tmp_path: Path, team_key: keys.KeyInfo
) -> None:
    output = tmp_path / "bundle.zip"
    plan = plan_pack(project_copy, output)
    secret = keys.unlock_key(plan.key, _passphrase([]))
    validation = validate_for_pack(plan)
    data = project_copy / "data" / "latest_1min_temperature.csv"
    before = data.stat()
    # Same size and the old modification time: only the bytes tell.
    data.write_bytes(data.read_bytes().replace(b"22.4", b"29.4"))
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(DatasetChanged, match="latest_1min_temperature.csv changed after"):
        write_planned(plan, secret, validation)
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_rule_breaks_are_reported_before_the_key_is_looked_for_or_data_read(
    project_copy: Path, tmp_path: Path
) -> None:
    document = json.loads((project_copy / "submission.json").read_text())
    document["theme"] = "Space travel"
    (project_copy / "submission.json").write_text(json.dumps(document))
    (project_copy / "data" / "latest_1min_temperature.csv").write_text("not,the,header\n")
    # No key exists on this computer and one dataset is broken: the rule break comes first.
    with pytest.raises(ProfileViolation, match="Theme 'Space travel'"):
        plan_pack(project_copy, tmp_path / "b.zip")


def test_the_passphrase_is_asked_once_before_any_progress(
    project_copy: Path, tmp_path: Path, team_key: keys.KeyInfo
) -> None:
    events: list[str] = []
    asked: list[tuple[str, bool]] = []

    def provide(team_id: str, confirm: bool) -> str:
        events.append("passphrase")
        return _passphrase(asked)(team_id, confirm)

    def progress(report: Progress) -> None:
        if not events or events[-1] != report.stage:
            events.append(report.stage)

    outcome = pack(project_copy, tmp_path / "b.zip", provide, progress=progress)
    assert asked == [("T042", False)]
    assert events[0] == "passphrase" and events[1:] == ["validating", "packing"]
    with zipfile.ZipFile(outcome.result.path) as archive:
        report = json.loads(archive.read("HKSH2023-T042/data/reports/validation.json"))
    data = project_copy / "data" / "latest_1min_temperature.csv"
    import hashlib

    recorded = {d["file"]: d["sha256"] for d in report["datasets"]}
    assert (
        recorded["data/datasets/latest_1min_temperature.csv"]
        == hashlib.sha256(data.read_bytes()).hexdigest()
    )


def test_a_missing_key_is_reported_with_its_remedy(project_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError) as caught:
        plan_pack(project_copy, tmp_path / "b.zip")
    assert caught.value.remedy == "generate-key" and caught.value.details == {"team": "T042"}

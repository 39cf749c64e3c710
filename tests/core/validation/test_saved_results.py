"""Validation results kept in the project: a project opened again shows what still holds."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hksh_packager.core.common.paths import catalogue_path
from hksh_packager.core.validation import saved
from hksh_packager.core.validation.freshness import DatasetState, dataset_state
from hksh_packager.core.validation.project import validate_entry
from hksh_packager.core.validation.saved import RESULTS_FILE, load_results, save_results


def _document(root: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((root / "submission.json").read_text("utf-8"))


def _validated(root: Path) -> dict:  # type: ignore[type-arg]
    document = _document(root)
    return {e["file"]: validate_entry(root, e)[0] for e in document["datasets"]}


def test_results_come_back_as_they_were_made(project_copy: Path) -> None:
    made = _validated(project_copy)
    save_results(project_copy, _document(project_copy), made.items())
    assert (project_copy / RESULTS_FILE).is_file()
    back = load_results(project_copy, _document(project_copy))
    assert set(back) == set(made)
    for file, validation in made.items():
        assert back[file].result.to_json() == validation.result.to_json()
        assert back[file].fingerprint == validation.fingerprint
        assert back[file].to_json() == validation.to_json()
        entry = next(e for e in _document(project_copy)["datasets"] if e["file"] == file)
        assert dataset_state(project_copy, entry, back[file]) == DatasetState.VALID


def test_a_changed_file_invalidates_only_its_own_result(project_copy: Path) -> None:
    save_results(project_copy, _document(project_copy), _validated(project_copy).items())
    document = _document(project_copy)
    changed, other = document["datasets"][0], document["datasets"][1]
    path = project_copy / changed["file"]
    path.write_bytes(path.read_bytes() + b"\n")
    os.utime(path, ns=(1, 1))
    back = load_results(project_copy, document)
    assert dataset_state(project_copy, changed, back[changed["file"]]) == DatasetState.CHANGED
    assert dataset_state(project_copy, other, back[other["file"]]) == DatasetState.VALID


def test_results_are_not_trusted_for_another_schema_or_another_version(
    project_copy: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # The temperature dataset checked against a custom copy of its catalogue schema.
    document = _document(project_copy)
    custom = document["datasets"][0]
    (project_copy / "schemas").mkdir()
    schema_path = project_copy / "schemas" / "temperature.json"
    schema_path.write_bytes(catalogue_path(custom.pop("catalogue_id")).read_bytes())
    custom["schema"] = "schemas/temperature.json"
    (project_copy / "submission.json").write_text(json.dumps(document), "utf-8")
    save_results(project_copy, document, _validated(project_copy).items())
    assert len(load_results(project_copy, document)) == 2
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["x-minRows"] = 1
    schema_path.write_text(json.dumps(schema), "utf-8")
    back = load_results(project_copy, document)
    assert custom["file"] not in back and len(back) == len(document["datasets"]) - 1
    monkeypatch.setattr(saved, "__version__", "0.0.0-another")
    assert load_results(project_copy, document) == {}


def test_a_damaged_results_file_is_ignored(project_copy: Path) -> None:
    (project_copy / RESULTS_FILE).parent.mkdir()
    for damaged in (b"{not json", b"[]", b'{"format": "hksh-saved-results/1", "app_version": 1}'):
        (project_copy / RESULTS_FILE).write_bytes(damaged)
        assert load_results(project_copy, _document(project_copy)) == {}

from __future__ import annotations

from pathlib import Path

import pandas
import pyarrow
import PySide6
import pytest

from hksh_packager.core.common import licences


def test_the_libraries_are_listed_with_the_versions_they_report_themselves() -> None:
    found = {item.name.lower().replace("_", "-"): item for item in licences.installed_licences()}
    assert found["pandas"].version == pandas.__version__
    assert found["pyarrow"].version == pyarrow.__version__
    assert found["pyside6-essentials"].version == PySide6.__version__
    assert "LGPL-3.0" in found["pyside6-essentials"].licence
    assert found["pyarrow"].licence == "Apache-2.0"
    assert "python" in found and "pytest" not in found  # what runs the app, not its test tools


def test_a_frozen_app_reads_the_list_the_build_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    licences.write_licences(tmp_path / licences.FILE_NAME)
    monkeypatch.setattr(licences, "resources_dir", lambda: tmp_path)
    assert licences.bundled_licences() == licences.installed_licences()

"""The package as users get it: a wheel built from this tree, installed into a fresh virtual
environment outside the checkout, runs the demo with the schemas and resources it carries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import hksh_packager

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installed_outside_the_checkout_runs_the_demo(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    [wheel] = wheels.glob("hksh_packager-*.whl")
    # Every module of the tree and every shipped file is in the wheel (pyproject.toml lists the
    # packages by hand): a new folder of code left out of that list fails here.
    with zipfile.ZipFile(wheel) as archive:
        packed = {name for name in archive.namelist() if not name.endswith("/")}
    code = ROOT / "desktop"
    expected = {p.relative_to(code).as_posix() for p in code.rglob("*.py")}
    for data in ("schemas", "resources"):
        expected |= {
            f"hksh_packager/{data}/{p.relative_to(ROOT / data).as_posix()}"
            for p in (ROOT / data).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
    assert expected - packed == set()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["HKSH_HOME"] = str(tmp_path / "home")
    where = subprocess.run(
        [str(python), "-c", "import hksh_packager, sys; print(hksh_packager.__file__)"],
        check=True, capture_output=True, text=True, cwd=tmp_path, env=env,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(venv), where
    version = subprocess.run(
        [str(scripts / "hksh-packager"), "--version"],
        check=True, capture_output=True, text=True, cwd=tmp_path, env=env,
    ).stdout  # fmt: skip
    assert version.split() == ["hksh-packager", hksh_packager.__version__]
    demo = subprocess.run(
        [str(scripts / "hksh-packager"), "demo", "--output", str(tmp_path / "out"), "--json"],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    report = json.loads(demo.stdout)["bundles"][0]
    assert report["verdict"] == "valid" and report["problems"] == []

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hksh_packager.core.bundle.pack import pack_project
from hksh_packager.core.common.paths import resources_dir
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.submission.project import load_project
from tests.helpers import running_test

# In CI the property tests are derandomized: the same examples every run, so a failure there is
# reproducible and a pass means the same thing each time. Locally they explore new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

EPOCH = 1_700_000_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):  # type: ignore[no-untyped-def]
    token = running_test.set(item)  # fixtures run here: a fixture calling a tool counts too
    try:
        return (yield)
    finally:
        running_test.reset(token)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):  # type: ignore[no-untyped-def]
    token = running_test.set(item)
    try:
        return (yield)
    finally:
        running_test.reset(token)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test touches the real user data folder, keyring choice or passphrase."""
    home = tmp_path_factory.mktemp("hksh-home")
    monkeypatch.setenv("HKSH_HOME", str(home))
    monkeypatch.delenv("HKSH_KEY_PASSPHRASE", raising=False)
    monkeypatch.delenv("HKSH_KEYSTORE", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # Messages in English whatever the machine's locale; a test of another language sets it.
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return home


@pytest.fixture
def sample_dir() -> Path:
    return resources_dir() / "sample"


@pytest.fixture
def project_copy(tmp_path: Path, sample_dir: Path) -> Path:
    """A writable copy of the sample project, for tests that change it."""
    target = tmp_path / "project"
    shutil.copytree(sample_dir, target)
    return target


@pytest.fixture(scope="session")
def secret() -> SecretKey:
    return SecretKey(key_id=bytes.fromhex("0123456789abcdef"), seed=bytes(range(32)))


@pytest.fixture(scope="session")
def sample_bundle(tmp_path_factory: pytest.TempPathFactory, secret: SecretKey) -> Path:
    """The sample packed once per session; tests copy it before changing it."""
    out = tmp_path_factory.mktemp("bundle") / "sample.zip"
    pack_project(load_project(resources_dir() / "sample"), out, secret, epoch=EPOCH)
    return out

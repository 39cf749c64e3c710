"""Where a secret key is kept, and what a damaged or odd key file or user folder does: a clear
error naming the file, never a hang, never a secret in clear."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from hksh_packager.cli import main
from hksh_packager.core.common.errors import KeyStoreError, Remedy
from hksh_packager.core.signing.keystore.encrypted_file import EncryptedFileStore
from hksh_packager.core.signing.keystore.os_keyring import KeyringStore
from hksh_packager.core.signing.keystore.select import choose_store
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.team_keys import find_team_key, generate_team_key

PASSPHRASE = "a long passphrase"


@pytest.fixture
def plaintext_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")  # type: ignore[misc]
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_plaintext_keyring_is_not_taken_for_the_os_keyring(
    plaintext_keyring: PlaintextKeyring, tmp_path: Path
) -> None:
    choice = choose_store(tmp_path, lambda team, confirm: PASSPHRASE)
    assert isinstance(choice.store, EncryptedFileStore)
    assert choice.notice and "keyrings.alt.file.PlaintextKeyring" in str(choice.notice)
    generate_team_key("T042", choice.store, tmp_path)
    assert not Path(plaintext_keyring.file_path).exists()  # nothing written in clear


def test_storing_in_a_plaintext_keyring_on_purpose_is_refused(
    plaintext_keyring: PlaintextKeyring,
) -> None:
    with pytest.raises(KeyStoreError, match="not the operating system's keyring") as caught:
        KeyringStore().save("T042", SecretKey.generate())
    assert caught.value.remedy == Remedy.USE_KEY_FILE
    assert not Path(plaintext_keyring.file_path).exists()


def _record(folder: Path, content: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "T042.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "does not hold a JSON object"),
        ("{not json", "is not valid JSON"),
        ({"team_id": "T999", "store": "file", "public_key": "x"}, "does not name team T042"),
        ({"team_id": "T042", "store": "cloud", "public_key": "x"}, "where the secret key is kept"),
        ({"team_id": "T042", "store": "file", "public_key": "x"}, "is damaged"),
    ],
    ids=["list", "not-json", "other-team", "unknown-store", "bad-key"],
)
def test_a_damaged_key_record_says_which_file_and_how_to_recover(
    tmp_path: Path, content: object, message: str
) -> None:
    path = _record(tmp_path / "keys", content)
    with pytest.raises(KeyStoreError, match=message) as caught:
        find_team_key(tmp_path / "keys", "T042")
    assert str(path) in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_place_of_a_key_record_does_not_block(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    folder.mkdir()
    os.mkfifo(folder / "T042.json")
    started = time.monotonic()
    with pytest.raises(KeyStoreError, match="is not a regular file"):
        find_team_key(folder, "T042")
    assert time.monotonic() - started < 5


def test_a_key_file_asking_scrypt_for_a_terabyte_is_damaged_not_run(tmp_path: Path) -> None:
    store = EncryptedFileStore(tmp_path, lambda team, confirm: PASSPHRASE, scrypt_n=2**4)
    store.save("T042", SecretKey.generate())
    path = store.path_for("T042")
    document = json.loads(path.read_text())
    document["kdf"]["n"] = 2**40
    path.write_text(json.dumps(document))
    with pytest.raises(KeyStoreError, match=r"is damaged \(scrypt n=1099511627776"):
        store.load("T042")


def test_a_home_folder_that_is_a_file_gets_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    monkeypatch.setenv("HKSH_HOME", str(home))
    monkeypatch.setenv("HKSH_KEYSTORE", "file")
    monkeypatch.setenv("HKSH_KEY_PASSPHRASE", PASSPHRASE)
    code = main(["keys", "generate", "--team", "T042"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "cannot be created" in err and "HKSH_HOME" in err

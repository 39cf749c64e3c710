from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hksh_packager.core.common.errors import MinisignFormatError, SignatureMismatch
from hksh_packager.core.signing.minisign import PublicKey, SecretKey, Signature, sign, verify
from tests.helpers import require_tool


@given(
    message=st.binary(max_size=2048),
    comment=st.text(max_size=80).filter(lambda c: "\n" not in c and "\r" not in c),
)
def test_signature_round_trips_through_its_file_form(message: bytes, comment: str) -> None:
    key = SecretKey(b"\x01" * 8, b"\x02" * 32)
    signature = sign(key, message, comment)
    parsed = Signature.from_file_text(signature.file_text())
    assert parsed == signature
    verify(PublicKey.from_file_text(key.public_key.file_text()), message, parsed)


def test_changed_message_or_trusted_comment_or_key_is_refused(secret: SecretKey) -> None:
    signature = sign(secret, b"tag manifest", "team:T042")
    with pytest.raises(SignatureMismatch, match="content"):
        verify(secret.public_key, b"tag manifesT", signature)
    with pytest.raises(SignatureMismatch, match="trusted comment"):
        verify(secret.public_key, b"tag manifest", replace(signature, trusted_comment="team:T043"))
    other = SecretKey.generate()
    with pytest.raises(SignatureMismatch, match="made with key"):
        verify(other.public_key, b"tag manifest", signature)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "must have 4 lines"),
        ("untrusted comment: x\n!!!\ntrusted comment: y\nAAAA\n", "not valid base64"),
        ("untrusted comment: x\nAAAA\ntrusted comment: y\nAAAA\n", "74 bytes"),
        ("hello\nAAAA\ntrusted comment: y\nAAAA\n", "untrusted comment"),
    ],
)
def test_malformed_signature_files_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(MinisignFormatError, match=message):
        Signature.from_file_text(text)


@pytest.mark.tools
def test_real_minisign_accepts_our_signature_and_key(tmp_path: Path, secret: SecretKey) -> None:
    minisign = require_tool("minisign")
    message = tmp_path / "tagmanifest-sha256.txt"
    message.write_bytes(b"0" * 64 + b"  bagit.txt\n")
    (tmp_path / "tagmanifest-sha256.txt.minisig").write_text(
        sign(secret, message.read_bytes(), "team:T042\tsubmission:S1").file_text()
    )
    (tmp_path / "key.pub").write_text(secret.public_key.file_text())
    result = subprocess.run(
        [minisign, "-V", "-p", "key.pub", "-m", message.name],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "team:T042" in result.stdout


@pytest.mark.parametrize("legacy", [False, True])
@pytest.mark.tools
def test_we_accept_keys_and_signatures_made_by_real_minisign(tmp_path: Path, legacy: bool) -> None:
    minisign = require_tool("minisign")
    subprocess.run(
        [minisign, "-G", "-W", "-p", "k.pub", "-s", "k.key"], cwd=tmp_path, check=True,
        capture_output=True,
    )  # fmt: skip
    message = tmp_path / "file.txt"
    message.write_bytes("數據 data\n".encode() * 100)
    sign_args = [minisign, "-S", "-s", "k.key", "-m", "file.txt", "-t", "team:T9"]
    subprocess.run(sign_args + (["-l"] if legacy else []), cwd=tmp_path, check=True,
                   capture_output=True)  # fmt: skip
    key = PublicKey.from_file_text((tmp_path / "k.pub").read_text())
    signature = Signature.from_file_text((tmp_path / "file.txt.minisig").read_text())
    assert signature.algorithm == (b"Ed" if legacy else b"ED")
    assert signature.trusted_comment == "team:T9"
    verify(key, message.read_bytes(), signature)
    with pytest.raises(SignatureMismatch):
        verify(key, message.read_bytes() + b"x", signature)

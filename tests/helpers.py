"""Shared test helpers: real tools on PATH, rewriting bundles member by member."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from contextvars import ContextVar
from pathlib import Path

import pytest

# The test being run (set by tests/conftest.py), so that require_tool can check its marker.
running_test: ContextVar[pytest.Item | None] = ContextVar("running_test", default=None)


def require_tool(name: str) -> str:
    """The tool's path; skip the test when it is missing, fail instead under HKSH_REQUIRE_TOOLS.
    Only a test marked `tools` may call it, so `-m "not tools"` leaves out every such test."""
    item = running_test.get()
    if item is not None and item.get_closest_marker("tools") is None:
        pytest.fail(f"{item.nodeid} runs {name}: mark it @pytest.mark.tools")
    path = shutil.which(name)
    if path is None:
        if os.environ.get("HKSH_REQUIRE_TOOLS"):
            pytest.fail(f"{name} is required (HKSH_REQUIRE_TOOLS is set) but not on PATH")
        pytest.skip(f"{name} is not installed")
    return path


def read_members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_members(path: Path, members: dict[str, bytes]) -> Path:
    """A plain zip of `members` in the given order (how a tamperer would re-zip a bundle)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def resign(
    members: dict[str, bytes], prefix: str, secret, extra_tags=(), comment_suffix="", timestamp=0
):  # type: ignore[no-untyped-def]
    """Rebuild manifests, Payload-Oxum and signature after editing a bag's members, as a team with
    its own key could: the result verifies unless the content itself is wrong."""
    from hksh_packager.core.bundle import bag
    from hksh_packager.core.signing.minisign import sign

    payload = {n[len(prefix) :]: d for n, d in members.items() if n.startswith(prefix + "data/")}
    members[prefix + bag.MANIFEST] = bag.manifest_bytes({n: sha256(d) for n, d in payload.items()})
    oxum = bag.payload_oxum(sum(map(len, payload.values())), len(payload))
    info = [
        f"Payload-Oxum: {oxum}" if line.startswith("Payload-Oxum:") else line
        for line in members[prefix + bag.BAG_INFO].decode().splitlines()
    ]
    members[prefix + bag.BAG_INFO] = ("\n".join(info) + "\n").encode()
    covered = {
        name: sha256(members[prefix + name]) for name in [*bag.COVERED_TAG_FILES, *extra_tags]
    }
    members[prefix + bag.TAGMANIFEST] = bag.manifest_bytes(covered)
    fields = bag.parse_bag_info(members[prefix + bag.BAG_INFO])
    comment = (
        bag.trusted_comment(
            timestamp, fields.first("HKSH-Team-Id") or "", fields.first("External-Identifier") or ""
        )
        + comment_suffix
    )
    signature = sign(secret, members[prefix + bag.TAGMANIFEST], comment)
    text = signature.file_text().replace(
        "signature from minisign secret key",
        bag.untrusted_signature_comment(fields.first("HKSH-Team-Id") or "",
                                        secret.public_key.id_hex),
    )  # fmt: skip
    members[prefix + bag.SIGNATURE] = text.encode()
    return members


def sign_with_comment(
    members: dict[str, bytes], secret, comment: str, bag: str = "HKSH2023-T042/"
) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """Sign the tag manifest as minisign's format describes, with raw Ed25519: a signer that,
    unlike ours, lets any trusted comment through."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.from_private_bytes(secret.seed)
    manifest = members[bag + "tagmanifest-sha256.txt"]
    signature = private.sign(hashlib.blake2b(manifest).digest())
    global_signature = private.sign(signature + comment.encode())
    text = (
        f"untrusted comment: signature from HKSH team T042 key {secret.public_key.id_hex}\n"
        f"{base64.b64encode(b'ED' + secret.key_id + signature).decode()}\n"
        f"trusted comment: {comment}\n{base64.b64encode(global_signature).decode()}\n"
    )
    members[bag + "tagmanifest-sha256.txt.minisig"] = text.encode()
    return members

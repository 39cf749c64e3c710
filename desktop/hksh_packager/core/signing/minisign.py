"""Ed25519 keys and signatures in minisign's file formats, so real `minisign -V` checks our bundles
and our verifier checks signatures made by real minisign.

Public key file: "untrusted comment: ...", then base64("Ed" + key id (8 bytes) + key (32)).
Signature file: "untrusted comment: ...", then base64(algorithm (2) + key id (8) + signature (64)),
    "trusted comment: ...", then base64(Ed25519 signature of signature + trusted comment).
Algorithm "ED" signs the BLAKE2b-512 hash of the message (minisign's default), "Ed" the message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from hksh_packager.core.common.errors import MinisignFormatError, SignatureMismatch
from hksh_packager.core.common.messages import define, define_plural

KEY_ALGORITHM = b"Ed"
HASHED = b"ED"
LEGACY = b"Ed"
UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
MINISIGN_DEFAULT_COMMENT = "signature from minisign secret key"


def key_id_hex(key_id: bytes) -> str:
    """minisign prints the key id as the little-endian 64-bit number in upper-case hex."""
    return key_id[::-1].hex().upper()


NOT_BASE64 = {
    "public key": define("minisign.key-base64", "the public key is not valid base64"),
    "signature line": define("minisign.signature-base64", "the signature line is not valid base64"),
    "global signature": define(
        "minisign.global-base64", "the global signature is not valid base64"
    ),
}
LINES = {
    "public key file": define_plural(
        "minisign.key-lines", "the public key file must have {count} line, found {found}",
        "the public key file must have {count} lines, found {found}",
    ),
    "signature file": define_plural(
        "minisign.signature-lines", "the signature file must have {count} line, found {found}",
        "the signature file must have {count} lines, found {found}",
    ),
}  # fmt: skip
KEY_LENGTH = define("minisign.key-length", "the public key must decode to 42 bytes, got {found}")
WRONG_KEY_ALGORITHM = define(
    "minisign.key-algorithm", "the public key's algorithm {found} is not Ed25519 ('Ed')"
)
KEY_COMMENT = define(
    "minisign.key-comment", "the public key file must start with 'untrusted comment:'"
)
SIGNATURE_COMMENT = define(
    "minisign.signature-comment", "the signature file must start with 'untrusted comment:'"
)
TRUSTED_COMMENT = define(
    "minisign.trusted-comment",
    "line 3 of the signature file must be 'trusted comment: ...'",
)
SIGNATURE_LENGTH = define(
    "minisign.signature-length", "the signature must decode to 74 bytes, got {found}"
)
SIGNATURE_ALGORITHM = define("minisign.signature-algorithm", "unknown signature algorithm {found}")
GLOBAL_LENGTH = define("minisign.global-length", "the global signature must decode to 64 bytes")


def _b64decode(line: str, what: str) -> bytes:
    try:
        return base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MinisignFormatError(NOT_BASE64[what]()) from exc


def _lines(text: str, what: str, count: int) -> list[str]:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) != count:
        raise MinisignFormatError(LINES[what](count=count, found=len(lines)))
    return lines


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    key: bytes

    @property
    def id_hex(self) -> str:
        return key_id_hex(self.key_id)

    @property
    def base64_line(self) -> str:
        return base64.b64encode(KEY_ALGORITHM + self.key_id + self.key).decode("ascii")

    def file_text(self, comment: str | None = None) -> str:
        comment = comment or f"minisign public key {self.id_hex}"
        return f"{UNTRUSTED_PREFIX}{comment}\n{self.base64_line}\n"

    @classmethod
    def from_base64(cls, line: str) -> PublicKey:
        raw = _b64decode(line, "public key")
        if len(raw) != 42:
            raise MinisignFormatError(KEY_LENGTH(found=len(raw)))
        if raw[:2] != KEY_ALGORITHM:
            raise MinisignFormatError(WRONG_KEY_ALGORITHM(found=repr(raw[:2])))
        return cls(key_id=raw[2:10], key=raw[10:])

    @classmethod
    def from_file_text(cls, text: str) -> PublicKey:
        first, second = _lines(text, "public key file", 2)
        if not first.startswith(UNTRUSTED_PREFIX.rstrip()):
            raise MinisignFormatError(KEY_COMMENT())
        return cls.from_base64(second)


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    seed: bytes

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(key_id=os.urandom(8), seed=os.urandom(32))

    @property
    def public_key(self) -> PublicKey:
        private = Ed25519PrivateKey.from_private_bytes(self.seed)
        raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return PublicKey(key_id=self.key_id, key=raw)

    def __repr__(self) -> str:  # never show the seed in logs or tracebacks
        return f"SecretKey(key_id={key_id_hex(self.key_id)})"


@dataclass(frozen=True)
class Signature:
    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes
    untrusted_comment: str = MINISIGN_DEFAULT_COMMENT

    def file_text(self) -> str:
        sig_line = base64.b64encode(self.algorithm + self.key_id + self.signature).decode("ascii")
        glob_line = base64.b64encode(self.global_signature).decode("ascii")
        return (
            f"{UNTRUSTED_PREFIX}{self.untrusted_comment}\n{sig_line}\n"
            f"{TRUSTED_PREFIX}{self.trusted_comment}\n{glob_line}\n"
        )

    @classmethod
    def from_file_text(cls, text: str) -> Signature:
        lines = _lines(text, "signature file", 4)
        if not lines[0].startswith(UNTRUSTED_PREFIX.rstrip()):
            raise MinisignFormatError(SIGNATURE_COMMENT())
        if not lines[2].startswith(TRUSTED_PREFIX):
            raise MinisignFormatError(TRUSTED_COMMENT())
        raw = _b64decode(lines[1], "signature line")
        if len(raw) != 74:
            raise MinisignFormatError(SIGNATURE_LENGTH(found=len(raw)))
        if raw[:2] not in (HASHED, LEGACY):
            raise MinisignFormatError(SIGNATURE_ALGORITHM(found=repr(raw[:2])))
        global_sig = _b64decode(lines[3], "global signature")
        if len(global_sig) != 64:
            raise MinisignFormatError(GLOBAL_LENGTH())
        return cls(
            algorithm=raw[:2],
            key_id=raw[2:10],
            signature=raw[10:],
            trusted_comment=lines[2][len(TRUSTED_PREFIX) :],
            global_signature=global_sig,
            untrusted_comment=lines[0][len(UNTRUSTED_PREFIX) :],
        )


def _prehash(message: bytes) -> bytes:
    return hashlib.blake2b(message, digest_size=64).digest()


def sign(secret: SecretKey, message: bytes, trusted_comment: str) -> Signature:
    """Sign like `minisign -S` (hashed); the global signature covers the trusted comment too."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise ValueError("a trusted comment is one line")
    private = Ed25519PrivateKey.from_private_bytes(secret.seed)
    signature = private.sign(_prehash(message))
    global_sig = private.sign(signature + trusted_comment.encode("utf-8"))
    return Signature(HASHED, secret.key_id, signature, trusted_comment, global_sig)


def verify(public: PublicKey, message: bytes, signature: Signature) -> None:
    """Check like `minisign -V`; raise SignatureMismatch saying what does not match."""
    if signature.key_id != public.key_id:
        raise SignatureMismatch(
            f"signature was made with key {key_id_hex(signature.key_id)}, "
            f"but the public key is {public.id_hex}"
        )
    verifier = Ed25519PublicKey.from_public_bytes(public.key)
    signed = _prehash(message) if signature.algorithm == HASHED else message
    try:
        verifier.verify(signature.signature, signed)
    except InvalidSignature:
        raise SignatureMismatch("signature does not match the signed file's content") from None
    try:
        verifier.verify(
            signature.global_signature,
            signature.signature + signature.trusted_comment.encode("utf-8"),
        )
    except InvalidSignature:
        raise SignatureMismatch("the trusted comment was altered after signing") from None

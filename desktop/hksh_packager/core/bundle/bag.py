"""The BagIt 1.0 (RFC 8493) tag files of a bundle: writing them and reading them back."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hksh_packager.core.common.messages import Message, define

BAGIT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = "tagmanifest-sha256.txt.minisig"
PUBLIC_KEY = "team-key.pub"
# Tag files the tag manifest must cover; the signature covers the tag manifest itself.
COVERED_TAG_FILES = (BAGIT, BAG_INFO, MANIFEST, PUBLIC_KEY)
REQUIRED_TAG_FILES = (*COVERED_TAG_FILES, TAGMANIFEST, SIGNATURE)

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
# bag-info.txt fields the verifier reads: each must appear at most once.
RELIED_ON_FIELDS = (
    "External-Identifier", "Payload-Oxum", "Bagging-Date", "HKSH-Bundle-Format", "HKSH-Challenge",
    "HKSH-Profile", "HKSH-Team-Id", "HKSH-Key-Id", "HKSH-Allow-Invalid",
)  # fmt: skip
FORMAT_VERSION = "1"
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_LABEL = re.compile(r"^[^\s:][^:]*$")


def encode_path(path: str) -> str:
    """RFC 8493 section 2.1.3: percent-encode %, CR and LF in manifest paths."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(text: str) -> str:
    return re.sub(
        r"%(25|0[dD]|0[aA])", lambda m: {"25": "%", "0D": "\r", "0A": "\n"}[m[1].upper()], text
    )


def manifest_bytes(digests: dict[str, str]) -> bytes:
    """`<sha256>  <path>` lines, sorted by path."""
    return "".join(f"{digests[path]}  {encode_path(path)}\n" for path in sorted(digests)).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class ParsedManifest:
    digests: dict[str, str]
    errors: tuple[Message, ...]


NOT_UTF8 = define("tag-file.not-utf8", "is not UTF-8 (byte {offset})")
NOT_MANIFEST_LINE = define("tag-file.manifest-line", "line {line} is not '<sha256> <path>': {text}")
LISTED_TWICE = define("tag-file.listed-twice", "line {line} lists {path} a second time")
NOT_INFO_LINE = define("tag-file.info-line", "line {line} is not 'Label: value': {text}")


def parse_manifest(data: bytes) -> ParsedManifest:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ParsedManifest({}, (NOT_UTF8(offset=exc.start),))
    digests: dict[str, str] = {}
    errors: list[Message] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        digest, _, path = line.partition(" ")
        path = decode_path(path.lstrip(" \t"))
        if not _SHA256.match(digest) or not path:
            errors.append(NOT_MANIFEST_LINE(line=number, text=repr(line[:80])))
            continue
        if path in digests:
            errors.append(LISTED_TWICE(line=number, path=path))
            continue
        digests[path] = digest.lower()
    return ParsedManifest(digests, tuple(errors))


def _one_line(value: str) -> str:
    return " ".join(value.split())


def bag_info_bytes(fields: Iterable[tuple[str, str]]) -> bytes:
    return "".join(f"{label}: {_one_line(value)}\n" for label, value in fields).encode("utf-8")


@dataclass(frozen=True)
class ParsedBagInfo:
    fields: dict[str, list[str]]
    errors: tuple[Message, ...]

    def first(self, label: str) -> str | None:
        values = self.fields.get(label)
        return values[0] if values else None


def parse_bag_info(data: bytes) -> ParsedBagInfo:
    """Labels are case-sensitive; a line starting with white space continues the previous value."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ParsedBagInfo({}, (NOT_UTF8(offset=exc.start),))
    fields: dict[str, list[str]] = {}
    errors: list[Message] = []
    last: tuple[str, int] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line:
            continue
        if line[0] in " \t" and last is not None:
            label, index = last
            fields[label][index] += " " + line.strip()
            continue
        label, sep, value = line.partition(":")
        if not sep or not _LABEL.match(label):
            errors.append(NOT_INFO_LINE(line=number, text=repr(line[:80])))
            continue
        label = label.strip()
        fields.setdefault(label, []).append(value.strip())
        last = (label, len(fields[label]) - 1)
    return ParsedBagInfo(fields, tuple(errors))


def payload_oxum(total_bytes: int, count: int) -> str:
    return f"{total_bytes}.{count}"


def trusted_comment(epoch: int, team_id: str, submission_id: str) -> str:
    """minisign's own fields first, then ours; the verifier reads team and submission back."""
    return (
        f"timestamp:{epoch}\tfile:{TAGMANIFEST}\thashed\tteam:{team_id}\tsubmission:{submission_id}"
    )


def parse_trusted_comment(comment: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in comment.split("\t"):
        key, sep, value = part.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def untrusted_signature_comment(team_id: str, key_id: str) -> str:
    return f"signature from HKSH team {team_id} key {key_id}"

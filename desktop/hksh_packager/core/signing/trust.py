"""The organisers' trust list of registered team keys (JSON array or CSV, same field names)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from hksh_packager.core.common.errors import InputError, MinisignFormatError
from hksh_packager.core.common.jsontext import parse_json
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.signing.minisign import PublicKey
from hksh_packager.core.signing.team_keys import TEAM_ID_PATTERN

FIELDS = ("team_id", "team_name", "public_key", "revoked")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class TrustStatus(StrEnum):
    TRUSTED = "trusted"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    WRONG_TEAM = "registered-to-another-team"
    NO_LIST = "no-trust-list"
    NOT_CHECKED = "not-checked"


@dataclass(frozen=True)
class TrustEntry:
    team_id: str
    team_name: str
    public_key: PublicKey
    revoked: date | None = None


@dataclass(frozen=True)
class TrustList:
    source: Path | None
    entries: tuple[TrustEntry, ...]

    def listings(self, key: PublicKey) -> tuple[TrustEntry, ...]:
        """Every entry for `key`, in list order: the same Ed25519 key, whatever key id it is
        labelled with (the id is a label a signer chooses; a revoked key given a new id is still
        the revoked key)."""
        return tuple(entry for entry in self.entries if entry.public_key.key == key.key)

    def lookup(self, key: PublicKey) -> TrustEntry | None:
        """The entry that decides for `key`: a revocation anywhere in the list wins (the earliest
        one); otherwise the key's first entry."""
        listed = self.listings(key)
        revoked = [e for e in listed if e.revoked is not None]
        if revoked:
            return min(revoked, key=lambda e: e.revoked or date.max)
        return listed[0] if listed else None

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {
                "team_id": e.team_id,
                "team_name": e.team_name,
                "public_key": e.public_key.base64_line,
                **({"revoked": e.revoked.isoformat()} if e.revoked else {}),
            }
            for e in self.entries
        ]


def _entry(record: Any, where: str) -> TrustEntry:
    if not isinstance(record, dict):
        raise InputError(f"{where} is not an object with team_id, team_name and public_key")
    unknown = [name for name in record if name not in FIELDS]
    if unknown:
        raise InputError(
            f"{where}: unknown field {unknown[0]!r}; the fields are {', '.join(FIELDS)} (names are "
            "case-sensitive)"
        )
    for name in ("team_id", "team_name", "public_key"):
        value = record.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{where}: field '{name}' is missing or empty")
    if not TEAM_ID_PATTERN.match(record["team_id"].strip()):
        raise InputError(
            f"{where}: field 'team_id' is {escape_text(record['team_id'])!r}, not a team id as "
            "submissions write them (letters, digits, dots, dashes or underscores, starting with "
            "a letter or digit)"
        )
    try:
        key = PublicKey.from_base64(record["public_key"].strip())
    except MinisignFormatError as exc:
        raise InputError(
            f"{where}: field 'public_key' is not a minisign public key ({exc}); paste the second "
            "line of the team's .pub file"
        ) from None
    revoked_text = record.get("revoked")
    revoked = None
    if revoked_text not in (None, ""):
        try:
            if not isinstance(revoked_text, str):
                raise ValueError(revoked_text)
            if not ISO_DATE.fullmatch(revoked_text.strip()):
                raise ValueError(revoked_text)
            revoked = date.fromisoformat(revoked_text.strip())
        except ValueError:
            raise InputError(
                f"{where}: field 'revoked' is {revoked_text!r}, not an ISO date like 2026-11-24"
            ) from None
    return TrustEntry(record["team_id"].strip(), record["team_name"].strip(), key, revoked)


def parse_trust_list(data: bytes, source: Path) -> TrustList:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"trust list {source} is not UTF-8 text (byte {exc.start})") from None
    if text.lstrip().startswith("["):
        records = parse_json(text, f"trust list {source}", unique_keys=True)
        if not isinstance(records, list):
            raise InputError(f"trust list {source} must be a JSON array of team entries")
        entries = [_entry(r, f"trust list {source}, entry {i}") for i, r in enumerate(records)]
    else:
        reader = csv.DictReader(io.StringIO(text))
        columns = list(reader.fieldnames or [])
        missing = [f for f in FIELDS[:3] if f not in columns]
        if missing:
            raise InputError(
                f"trust list {source} must be a JSON array or a CSV with the columns "
                f"{', '.join(FIELDS)}; missing: {', '.join(missing)}"
            )
        strange = [c for c in columns if c not in FIELDS or columns.count(c) > 1]
        if strange:
            raise InputError(
                f"trust list {source}: the column {strange[0]!r} is unknown or repeated; the "
                f"columns are {', '.join(FIELDS)}, each once (names are case-sensitive)"
            )
        entries = []
        for number, row in enumerate(reader, start=2):
            where = f"trust list {source}, row {number}"
            if None in row:
                raise InputError(f"{where} has more cells than the header has columns")
            entries.append(_entry(row, where))
    return TrustList(source, tuple(entries))


def load_trust_list(path: Path) -> TrustList:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"trust list {path} cannot be read: {exc.strerror or exc}") from None
    return parse_trust_list(data, Path(path))

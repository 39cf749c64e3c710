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
from hksh_packager.core.common.messages import Message, define
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


AT_ENTRY = define("trust-list.entry", "trust list {file}, entry {index}")
AT_ROW = define("trust-list.row", "trust list {file}, row {row}")
NOT_AN_OBJECT = define(
    "trust-list.not-an-object", "{where} is not an object with team_id, team_name and public_key"
)
UNKNOWN_FIELD = define(
    "trust-list.unknown-field", "{where}: unknown field {field}; the fields are {fields} (names "
    "are case-sensitive)"
)  # fmt: skip
FIELD_MISSING = define("trust-list.field-missing", "{where}: field '{field}' is missing or empty")
BAD_TEAM = define(
    "trust-list.team-id", "{where}: field 'team_id' is {value}, not a team id as submissions "
    "write them (letters, digits, dots, dashes or underscores, starting with a letter or digit)"
)  # fmt: skip
BAD_KEY = define(
    "trust-list.public-key", "{where}: field 'public_key' is not a minisign public key "
    "({reason}); paste the second line of the team's .pub file"
)  # fmt: skip
BAD_DATE = define(
    "trust-list.revoked", "{where}: field 'revoked' is {value}, not an ISO date like 2026-11-24"
)
NOT_UTF8 = define("trust-list.not-utf8", "Trust list {file} is not UTF-8 text (byte {offset})")
NOT_AN_ARRAY = define(
    "trust-list.not-an-array", "Trust list {file} must be a JSON array of team entries"
)
MISSING_COLUMNS = define(
    "trust-list.missing-columns", "Trust list {file} must be a JSON array or a CSV with the "
    "columns {fields}; missing: {missing}"
)  # fmt: skip
STRANGE_COLUMN = define(
    "trust-list.strange-column", "Trust list {file}: the column {column} is unknown or "
    "repeated; the columns are {fields}, each once (names are case-sensitive)"
)  # fmt: skip
TOO_MANY_CELLS = define(
    "trust-list.too-many-cells", "{where} has more cells than the header has columns"
)
UNREADABLE = define("trust-list.unreadable", "Trust list {file} cannot be read: {reason}")


def _entry(record: Any, where: Message) -> TrustEntry:
    if not isinstance(record, dict):
        raise InputError(NOT_AN_OBJECT(where=where))
    unknown = [name for name in record if name not in FIELDS]
    if unknown:
        raise InputError(
            UNKNOWN_FIELD(where=where, field=escape_text(repr(unknown[0])), fields=list(FIELDS))
        )
    for name in ("team_id", "team_name", "public_key"):
        value = record.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InputError(FIELD_MISSING(where=where, field=name))
    if not TEAM_ID_PATTERN.match(record["team_id"].strip()):
        raise InputError(BAD_TEAM(where=where, value=repr(escape_text(record["team_id"]))))
    try:
        key = PublicKey.from_base64(record["public_key"].strip())
    except MinisignFormatError as exc:
        raise InputError(BAD_KEY(where=where, reason=str(exc))) from None
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
            shown = escape_text(repr(revoked_text)[:80])
            raise InputError(BAD_DATE(where=where, value=shown)) from None
    return TrustEntry(record["team_id"].strip(), record["team_name"].strip(), key, revoked)


def parse_trust_list(data: bytes, source: Path) -> TrustList:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(NOT_UTF8(file=str(source), offset=exc.start)) from None
    if text.lstrip().startswith("["):
        records = parse_json(text, f"trust list {source}", unique_keys=True)
        if not isinstance(records, list):
            raise InputError(NOT_AN_ARRAY(file=str(source)))
        entries = [_entry(r, AT_ENTRY(file=str(source), index=i)) for i, r in enumerate(records)]
    else:
        reader = csv.DictReader(io.StringIO(text))
        columns = list(reader.fieldnames or [])
        missing = [f for f in FIELDS[:3] if f not in columns]
        if missing:
            raise InputError(
                MISSING_COLUMNS(file=str(source), fields=list(FIELDS), missing=missing)
            )
        strange = [c for c in columns if c not in FIELDS or columns.count(c) > 1]
        if strange:
            shown = escape_text(repr(strange[0]))
            raise InputError(STRANGE_COLUMN(file=str(source), column=shown, fields=list(FIELDS)))
        entries = []
        for number, row in enumerate(reader, start=2):
            where = AT_ROW(file=str(source), row=number)
            if None in row:
                raise InputError(TOO_MANY_CELLS(where=where))
            entries.append(_entry(row, where))
    return TrustList(source, tuple(entries))


def load_trust_list(path: Path) -> TrustList:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        said = UNREADABLE(file=str(path), reason=exc.strerror or str(exc))
        raise InputError(said) from None
    return parse_trust_list(data, Path(path))

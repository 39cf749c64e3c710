"""The organisers' trust list kept in the user data folder: imported once from the registration
file (CSV or JSON), used by every later verification, and read back as a table that says which
entries need a person's attention (a key listed for two teams, revoked keys)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from hksh_packager.core.common.atomic import write_text_atomic
from hksh_packager.core.common.paths import user_data_dir
from hksh_packager.core.signing.trust import TrustEntry, TrustList, load_trust_list

STORED_NAME = "trust-list.json"


class EntryStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    SHARED = "listed-for-several-teams"  # a key belongs to one team: the list needs correcting


@dataclass(frozen=True)
class EntryView:
    """One trust-list entry as an organiser reviews it."""

    entry: TrustEntry
    status: EntryStatus
    remark: str = ""

    @property
    def key_id(self) -> str:
        return self.entry.public_key.id_hex

    def to_json(self) -> dict[str, str]:
        return {
            "team_id": self.entry.team_id,
            "team_name": self.entry.team_name,
            "key_id": self.key_id,
            "status": str(self.status),
            "revoked": self.entry.revoked.isoformat() if self.entry.revoked else "",
            "remark": self.remark,
        }


def stored_trust_path() -> Path:
    return user_data_dir() / STORED_NAME


def load_stored_trust() -> TrustList | None:
    """The imported trust list, or None when none was imported on this computer."""
    path = stored_trust_path()
    return load_trust_list(path) if path.is_file() else None


def import_trust_list(source: Path) -> TrustList:
    """Read and check `source` (CSV or JSON, as registered), then keep it as the stored list,
    replacing the previous one atomically: a bad file leaves the stored list as it was."""
    trust = load_trust_list(source)
    text = json.dumps(trust.to_json(), ensure_ascii=False, indent=2) + "\n"
    stored_trust_path().parent.mkdir(parents=True, exist_ok=True)  # a first run has no folder
    write_text_atomic(stored_trust_path(), text)
    return TrustList(stored_trust_path(), trust.entries)


def forget_stored_trust() -> bool:
    """Remove the stored list; False when there was none."""
    path = stored_trust_path()
    if not path.exists():
        return False
    path.unlink()
    return True


def review(trust: TrustList) -> list[EntryView]:
    """Every entry, in list order, with what needs attention: a key listed for more than one
    team (whichever team it is, verification refuses it), and revoked keys."""
    views = []
    for entry in trust.entries:
        teams = sorted({e.team_id for e in trust.listings(entry.public_key)})
        if len(teams) > 1:
            others = ", ".join(t for t in teams if t != entry.team_id)
            remark = f"the same key is also listed for {others}; a key belongs to one team"
            views.append(EntryView(entry, EntryStatus.SHARED, remark))
        elif (deciding := trust.lookup(entry.public_key)) and deciding.revoked is not None:
            # a revocation in any of the key's entries counts, as verification decides
            remark = f"revoked on {deciding.revoked.isoformat()}: bundles it signs are invalid"
            views.append(EntryView(entry, EntryStatus.REVOKED, remark))
        else:
            views.append(EntryView(entry, EntryStatus.ACTIVE))
    return views

"""The organisers' intake ledger: one SQLite file in a folder they choose, remembering every
bundle the first time it was seen, its verification, and their decisions.

- An arrival is a file (its path) with given bytes (SHA-256): when the intake first saw it, by
  the organiser's clock, and the file's own modification time. The same path with other bytes is
  a new arrival; nothing recorded is ever deleted.
- A scan of a folder is recorded with its time: a file it did not list was not there then, which
  bounds how early a file's own (sender-set) time can place its arrival.
- A report is kept per content (SHA-256) with the context it was made in (verifier version,
  trust list, catalogue, profiles): under another context it is made again.
- A decision is the organisers' on one arrival: accept late or reject, why, who, when.

The write-ahead log and one transaction per bundle mean a crash, or a `kill -9`, loses nothing
already recorded, and the next scan carries on where this one stopped. Stdlib sqlite3 only.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hksh_packager.core.common.errors import InputError, Remedy
from hksh_packager.core.common.messages import define
from hksh_packager.core.verify.intake import Decision, DecisionKind
from hksh_packager.core.verify.report import (
    VerificationReport,
    report_from_record,
    report_to_record,
)

LEDGER_FILE = "intake.sqlite3"
FORMAT = "hksh-intake/1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS arrivals (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    file_time INTEGER NOT NULL,
    UNIQUE (path, sha256)
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    sha256 TEXT PRIMARY KEY, context TEXT NOT NULL, report TEXT NOT NULL, verified_at INTEGER
);
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY, folder TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    arrival INTEGER NOT NULL REFERENCES arrivals (id),
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    who TEXT NOT NULL,
    at INTEGER NOT NULL
);
"""

OUR_TABLES = frozenset({"meta", "arrivals", "files", "reports", "scans", "decisions",
                        "sqlite_sequence"})  # fmt: skip
NOT_A_LEDGER = define(
    "ledger.not-a-ledger", "{file} is not an intake ledger of this app ({reason}); choose the "
    "intake folder that holds it, or a new folder"
)  # fmt: skip
NO_SUCH_BUNDLE = define(
    "ledger.no-such-bundle", "no bundle of the intake is named or begins with {name}; "
    "`intake report` lists them"
)  # fmt: skip
SEVERAL_BUNDLES = define(
    "ledger.several-bundles", "{name} names {count} bundles of the intake ({paths}); give the "
    "file's path or more of its SHA-256"
)  # fmt: skip


@dataclass(frozen=True)
class ArrivalRecord:
    id: int
    path: Path
    sha256: str
    size: int
    first_seen: int
    file_time: int


class Ledger:
    """One intake folder's ledger, open. Use as a context manager, or close()."""

    def __init__(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / LEDGER_FILE
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._check_format()  # before anything is written to a file that may not be ours
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # a commit survives a power cut too
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
        except sqlite3.Error as exc:
            if hasattr(self, "_db"):
                self._db.close()
            said = NOT_A_LEDGER(file=str(self.path), reason=str(exc))
            raise InputError(said, remedy=Remedy.FIX_FILE) from None

    def _check_format(self) -> None:
        tables = {row[0] for row in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )}  # fmt: skip
        if not tables:
            return  # a new ledger
        if "meta" not in tables:
            raise sqlite3.DatabaseError("another program's database")
        found = self._db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        if found is None and tables <= OUR_TABLES:
            return  # ours, being made by another process this moment
        if found is None or found[0] != FORMAT:
            raise sqlite3.DatabaseError(f"format {found[0] if found else 'unknown'}")

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # the settings a scan used (trust list, receipts, profile), for reports to judge alike
    def set_settings(self, settings: dict[str, str]) -> None:
        with self._transaction() as db:
            for name, value in settings.items():
                db.execute(
                    "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                    "value=excluded.value",
                    (f"setting:{name}", value),
                )

    def settings(self) -> dict[str, str]:
        rows = self._db.execute("SELECT key, value FROM meta WHERE key LIKE 'setting:%'")
        return {key.removeprefix("setting:"): value for key, value in rows.fetchall()}

    # files and arrivals
    def known_digest(self, path: Path, size: int, mtime_ns: int) -> str | None:
        """The SHA-256 recorded for `path` when it had this size and time (so that a rescan
        reads no unchanged file again), else None."""
        row = self._db.execute(
            "SELECT sha256 FROM files WHERE path=? AND size=? AND mtime_ns=?",
            (str(path), size, mtime_ns),
        ).fetchone()
        return row[0] if row else None

    def record_file(
        self, path: Path, size: int, mtime_ns: int, sha256: str, now: int | None = None
    ) -> bool:
        """Record that `path` holds these bytes; True when that is a new arrival."""
        now = int(time.time()) if now is None else now
        with self._transaction() as db:
            db.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
                "size=excluded.size, mtime_ns=excluded.mtime_ns, sha256=excluded.sha256",
                (str(path), size, mtime_ns, sha256),
            )
            added = db.execute(
                "INSERT OR IGNORE INTO arrivals (path, sha256, size, first_seen, file_time) "
                "VALUES (?, ?, ?, ?, ?)",
                (str(path), sha256, size, now, mtime_ns // 1_000_000_000),
            )
            return added.rowcount == 1

    def record_scan(self, folder: Path, at: int) -> None:
        """A full listing of `folder` was taken at `at`: a file not in it was not there."""
        with self._transaction() as db:
            db.execute("INSERT INTO scans (folder, at) VALUES (?, ?)", (str(folder), at))

    def unseen_at(self, arrival: ArrivalRecord) -> int | None:
        """The last scan of a folder holding the arrival's file, taken before it was first seen:
        it was not there then."""
        # The latest scan per folder, in SQL: a watch records a look every ten seconds, and a
        # report asks this of every arrival.
        latest = self._db.execute(
            "SELECT folder, MAX(at) FROM scans WHERE at < ? GROUP BY folder", (arrival.first_seen,)
        ).fetchall()
        times = [at for folder, at in latest if arrival.path.is_relative_to(folder)]
        return max(times, default=None)

    def arrivals(self) -> list[ArrivalRecord]:
        rows = self._db.execute(
            "SELECT id, path, sha256, size, first_seen, file_time FROM arrivals ORDER BY id"
        ).fetchall()
        return [ArrivalRecord(r[0], Path(r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    def find(self, name: str) -> ArrivalRecord:
        """The arrival a person names: its path, its file name, or the start of its SHA-256."""
        found = [
            a for a in self.arrivals()
            if name in (str(a.path), a.path.name) or (len(name) >= 8 and a.sha256.startswith(name))
        ]  # fmt: skip
        if not found:
            raise InputError(NO_SUCH_BUNDLE(name=name), remedy=Remedy.FIX_FILE)
        if len(found) > 1:
            said = SEVERAL_BUNDLES(name=name, count=len(found), paths=[str(a.path) for a in found])
            raise InputError(said, remedy=Remedy.FIX_FILE)
        return found[0]

    # reports
    def unverified(self, context: str) -> list[ArrivalRecord]:
        """One arrival for each content that has no report made in `context`."""
        rows = self._db.execute(
            "SELECT a.id, a.path, a.sha256, a.size, a.first_seen, a.file_time FROM arrivals a "
            "LEFT JOIN reports r ON r.sha256 = a.sha256 AND r.context = ? "
            "WHERE r.sha256 IS NULL GROUP BY a.sha256 ORDER BY MIN(a.id)",
            (context,),
        ).fetchall()
        return [ArrivalRecord(r[0], Path(r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    def record_report(
        self, sha256: str, context: str, report: VerificationReport, now: int | None = None
    ) -> None:
        record = json.dumps(report_to_record(report), ensure_ascii=False)
        with self._transaction() as db:
            db.execute(
                "INSERT INTO reports VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET "
                "context=excluded.context, report=excluded.report, "
                "verified_at=excluded.verified_at",
                (sha256, context, record, int(time.time()) if now is None else now),
            )

    def reports(self) -> dict[str, VerificationReport]:
        rows = self._db.execute("SELECT sha256, report FROM reports").fetchall()
        return {sha: report_from_record(json.loads(text)) for sha, text in rows}

    # decisions
    def decide(self, arrival: ArrivalRecord, decision: Decision) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO decisions (arrival, kind, reason, who, at) VALUES (?, ?, ?, ?, ?)",
                (arrival.id, str(decision.kind), decision.reason, decision.who, decision.at),
            )

    def decisions(self) -> dict[int, Decision]:
        """The latest decision on each arrival (an earlier one stays recorded)."""
        rows = self._db.execute(
            "SELECT arrival, kind, reason, who, at FROM decisions ORDER BY id"
        ).fetchall()
        return {row[0]: Decision(DecisionKind(row[1]), row[2], row[3], row[4]) for row in rows}

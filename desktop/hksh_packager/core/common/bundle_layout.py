"""Where each file sits in a bundle's payload (the bag's data/ folder): the one definition that
packing, the validation report and the verifier share. The BagIt tag files around the payload are
named in bag.py."""

from __future__ import annotations

from pathlib import PurePosixPath

PAYLOAD_FOLDER = "data/"
SUBMISSION_MEMBER = "data/submission.json"
REPORT_MEMBER = "data/reports/validation.json"
SCHEMAS_FOLDER = "data/schemas/"
# Sections of submission.json that name files, each bundled in data/<section>/.
SECTIONS = ("datasets", "schemas", "attachments")


def bundle_member(section: str, relative: str) -> str:
    """Where a file named in submission.json sits in the bag: data/<section>/<file name>."""
    return f"{PAYLOAD_FOLDER}{section}/{PurePosixPath(relative).name}"


def catalogue_schema_member(entry_id: str) -> str:
    """Where the schema of a catalogue entry the submission names is bundled."""
    return f"{SCHEMAS_FOLDER}{entry_id}.json"


def is_payload(name: str) -> bool:
    return name.startswith(PAYLOAD_FOLDER)

"""Every error a user can cause and act on, under one base.

An error's text is the whole message shown to the user: what is wrong, where, and what to do, in
words that fit any face (no command-line flags, no buttons). It is a `Message` (a code and its
parameters, core.common.messages), rendered by the face in the user's language; `str()` is its
English. What a face can offer to fix it is the error's `remedy`: the CLI turns a remedy into the
flag to pass, the app into a button.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from hksh_packager.core.common.messages import ENGLISH, Message, define, define_plural, render


class Remedy(StrEnum):
    """What the user can do about an error, for a face to offer."""

    GENERATE_KEY = "generate-key"  # no key for the team on this computer: create one
    REPLACE_KEY = "replace-key"  # a key exists (or is broken): replace it, knowingly
    CHOOSE_TEAM = "choose-team"  # several teams' keys are here: say which
    ENTER_PASSPHRASE = "enter-passphrase"  # the key file needs its passphrase (again)
    USE_KEY_FILE = "use-key-file"  # the OS keyring refused: keep the key in an encrypted file
    ALLOW_INVALID = "allow-invalid"  # datasets fail validation: pack anyway, recorded
    VALIDATE_AGAIN = "validate-again"  # a dataset changed since it was checked
    SET_ENCODING = "set-encoding"  # the text encoding was not recognised
    SET_POINTER = "set-pointer"  # the JSON records are not at the top level
    SET_SHEET = "set-sheet"  # the workbook has no such sheet
    SET_HEADER = "set-header"  # the header was not where it was looked for: its row and rows
    CHOOSE_SCHEMA = "choose-schema"  # no catalogue entry, or more than one, fits the file: name it
    FIX_SUBMISSION = "fix-submission"  # a field of submission.json needs a change
    FIX_FILE = "fix-file"  # a file needs to be changed, replaced or moved
    CHOOSE_OUTPUT = "choose-output"  # the output cannot be written there
    ALLOW_MORE_TIME = "allow-more-time"  # a file's reading ran past its time limit: give more


class HkshError(Exception):
    """An error with a message that says what went wrong, where, and what to do.

    `remedy` names what a face can offer; `details` carries the values a face needs to offer it
    (for example the team id for GENERATE_KEY).
    """

    def __init__(
        self,
        message: Message | str,
        *,
        remedy: Remedy | None = None,
        details: Mapping[str, str] | None = None,
        listed: Sequence[Message | str] = (),
    ) -> None:
        self.said: Message | str = message
        self.listed = tuple(listed)  # one line each, under the message
        super().__init__(self.text(ENGLISH))
        self.remedy = remedy
        self.details = dict(details or {})

    @property
    def message(self) -> str:
        return str(self)

    def text(self, language: str = ENGLISH) -> str:
        """The message in `language`, with its list of lines."""
        lines = [render(self.said, language)]
        lines += [f"  {render(line, language)}" for line in self.listed]
        return "\n".join(lines)


class InputError(HkshError):
    """A file, folder or value given by the user cannot be used as it is."""


class KeyStoreError(HkshError):
    """A key could not be created, stored, found or unlocked."""


CANCELLED = define("error.cancelled", "cancelled by the user")
# A file named by the user that the system will not let be read; `reason` is the system's.
UNREADABLE_FILE = define("file.unreadable", "{file} cannot be read: {reason}")


class Cancelled(HkshError):
    """The user cancelled a long operation; nothing was left half-written."""

    def __init__(self, message: Message | str | None = None) -> None:
        super().__init__(message or CANCELLED())


class TimeLimitReached(Cancelled):
    """Work stopped because its time budget ran out, not because the user asked."""


class BudgetExceeded(InputError):
    """Reading a file took more time or memory than it may: the work was stopped, with every
    process it started; the message names the budget."""


class SchemaProblem(InputError):
    """A dataset schema cannot be used; the message names the file and the JSON pointer."""


class PatternError(SchemaProblem):
    """A schema's pattern cannot be used (not linear-time, or too large); the message says why."""


class SubmissionParseError(InputError):
    """submission.json is not UTF-8 JSON; the message gives line and column."""


BREAKS_RULES = define("error.breaks-rules", "the submission breaks the rules of {profile}:")
INVALID_DATA = define_plural(
    "error.invalid-data",
    "{files} fails validation; fix the data, or pack it anyway as declared invalid data (the "
    "bundle then says so)",
    "{files} fail validation; fix the data, or pack them anyway as declared invalid data (the "
    "bundle then says so)",
)
CHANGED_AFTER = define(
    "error.dataset-changed-after",
    "{file} changed after it was validated; check it again before packing",
)
CHANGED_WHILE = define(
    "error.dataset-changed-while",
    "{file} changed while it was being validated; check it again before packing",
)


class ProfileViolation(InputError):
    """The submission breaks its challenge's rules; `issues` lists every one."""

    def __init__(self, profile_id: str, issues: list[Any]) -> None:
        self.issues = issues
        super().__init__(
            BREAKS_RULES(profile=profile_id),
            remedy=Remedy.FIX_SUBMISSION,
            listed=[issue.said for issue in issues],
        )


class InvalidData(HkshError):
    """Datasets fail validation and the user did not allow packing them anyway."""

    def __init__(self, validation: Any) -> None:
        self.validation = validation
        # The file as the team knows it in its folder, not its place in the bundle.
        bad = [d.source.name for d in validation.datasets if not d.result.valid]
        super().__init__(INVALID_DATA(files=bad, count=len(bad)), remedy=Remedy.ALLOW_INVALID)


class DatasetChanged(InputError):
    """A dataset's bytes differ from the ones that were validated."""

    def __init__(self, path: str, *, while_checking: bool = False) -> None:
        said = CHANGED_WHILE if while_checking else CHANGED_AFTER
        super().__init__(said(file=path), remedy=Remedy.VALIDATE_AGAIN, details={"file": path})


class MinisignFormatError(HkshError):
    """A key or signature file is not in minisign's format; the message says which part."""


class SignatureMismatch(HkshError):
    """A well-formed signature does not verify; the message says why."""


class ArchiveError(HkshError):
    """The file cannot be read as a zip at all; the message says why and what to do."""


class MemberError(HkshError):
    """One member's stored data is damaged or hostile; the message says how."""

"""The project open in the app: its folder, the submission being written, what validation found,
and what blocks packing. Pages read and edit it; it saves and checks in the background.

Edits are saved atomically after a short pause in typing (at most AUTOSAVE_MS of typing can be
lost), in a one-thread pool so saves land in order; after each save, readiness is checked again
in the same pool, from the file just written.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from hksh_packager.core.common.atomic import write_bytes_atomic
from hksh_packager.core.submission.document import FILE_NAME, check_submission
from hksh_packager.core.submission.draft import draft_bytes, get_value, with_value
from hksh_packager.core.submission.profile import Profile, load_profile
from hksh_packager.core.submission.wording import FieldError, errors_by_field
from hksh_packager.core.validation.freshness import DatasetState
from hksh_packager.core.validation.report_format import DatasetValidation, ProjectValidation
from hksh_packager.core.workflows.readiness import Readiness, check_readiness
from hksh_packager.gui.jobs import Jobs

log = logging.getLogger(__name__)

AUTOSAVE_MS = 400


class ProjectSession(QObject):
    changed = Signal()  # the document changed (any field)
    errors_changed = Signal()
    saved = Signal()
    save_failed = Signal(object)  # the exception
    readiness_changed = Signal(object)  # Readiness
    validations_changed = Signal()

    def __init__(
        self,
        root: Path,
        document: dict[str, Any],
        parent: QObject | None = None,
        *,
        validations: dict[str, DatasetValidation] | None = None,
    ) -> None:
        """`document`: the draft as read by core.submission.draft.load_draft, in a worker;
        `validations`: the results kept in the project that still hold (core.validation.saved)."""
        super().__init__(parent)
        self.root = Path(root)
        self.document = document
        # by dataset file as named
        self.validations: dict[str, DatasetValidation] = dict(validations or {})
        self.readiness: Readiness | None = None
        self.allow_invalid = False  # pack datasets that fail validation, declared as such
        self.touched: set[str] = set()  # fields the user edited: their "missing" errors show
        self.errors: dict[str, list[FieldError]] = {}
        self._profile: Profile | None = None
        self._profile_id: str | None = None
        self._saves = QThreadPool(self)
        self._saves.setMaxThreadCount(1)  # saves and checks run in order
        self._jobs = Jobs(self, self._saves)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_now)
        self._recheck_fields()

    # reading
    def value(self, pointer: str, default: Any = None) -> Any:
        return get_value(self.document, pointer, default)

    @property
    def profile(self) -> Profile | None:
        """The challenge's profile named by the draft, or None while it names none we ship."""
        challenge = self.document.get("challenge")
        if challenge != self._profile_id:
            self._profile_id = challenge if isinstance(challenge, str) else None
            try:
                self._profile = load_profile(challenge) if isinstance(challenge, str) else None
            except Exception:  # readiness names the problem; there is no profile until it is fixed
                self._profile = None
        return self._profile

    def field_errors(self, pointer: str, *, shown_only: bool = True) -> list[FieldError]:
        """The errors of one field; a field not edited yet shows no "missing" error (a new draft
        is not a page of red), but its wrong values show at once."""
        errors = self.errors.get(pointer, [])
        if shown_only and pointer not in self.touched:
            return [e for e in errors if not e.missing]
        return errors

    def dataset_state(self, file: str) -> DatasetState:
        """As of the last readiness check (which notices files changed on disk)."""
        states = self.readiness.datasets if self.readiness else {}
        return states.get(file, DatasetState.NOT_CHECKED)

    # editing
    def set_value(self, pointer: str, value: Any) -> None:
        if get_value(self.document, pointer) == value:
            return
        self.document = with_value(self.document, pointer, value)
        self.touched.add(pointer)
        self._edited()

    def replace_document(self, document: dict[str, Any], touched: str | None = None) -> None:
        """For list edits (add, remove, reorder): the whole new document."""
        self.document = document
        if touched:
            self.touched.add(touched)
        self._edited()

    def _edited(self) -> None:
        self._recheck_fields()
        self.changed.emit()
        self._timer.start()

    def _recheck_fields(self) -> None:
        self.errors = errors_by_field(check_submission(self.document))
        self.errors_changed.emit()

    # saving and checking
    def save_now(self) -> None:
        self._timer.stop()
        data = draft_bytes(self.document)
        path = self.root / FILE_NAME
        self._jobs.start(
            "save", lambda progress, cancel: write_bytes_atomic(path, data),
            succeeded=lambda _: self.saved.emit(), failed=self.save_failed.emit,
        )  # fmt: skip
        self.recheck()

    def recheck(self) -> None:
        """Check readiness again, after every save queued so far."""
        root, validation, allow = self.root, self.project_validation(), self.allow_invalid
        self._jobs.start(
            "readiness",
            lambda progress, cancel: check_readiness(
                root, validation=validation, allow_invalid=allow
            ),
            succeeded=self._readiness_ready,
        )  # fmt: skip

    def _readiness_ready(self, readiness: Readiness) -> None:
        self.readiness = readiness
        self.readiness_changed.emit(readiness)

    def flush(self) -> None:
        """Save what is pending and wait for it: at close, so nothing typed is lost."""
        if self._timer.isActive():
            self.save_now()
        self._saves.waitForDone()

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self._jobs.busy()

    def set_allow_invalid(self, allow: bool) -> None:
        self.allow_invalid = allow
        self.recheck()

    # validation results
    def project_validation(self) -> ProjectValidation:
        return ProjectValidation(tuple(self.validations.values()), {})

    def set_validation(self, file: str, validation: DatasetValidation | None) -> None:
        if validation is None:
            self.validations.pop(file, None)
        else:
            self.validations[file] = validation
        self.validations_changed.emit()
        self._keep_validations()
        self.recheck()

    def _keep_validations(self) -> None:
        """Write the results into the project, after the saves queued so far."""
        from hksh_packager.core.validation.saved import save_results

        root, snapshot = self.root, draft_bytes(self.document)
        kept = list(self.validations.items())
        self._jobs.start(
            "keep results",
            lambda progress, cancel: save_results(root, json.loads(snapshot), kept),
            failed=lambda exc: log.warning("validation results not kept: %r", exc),
        )  # fmt: skip

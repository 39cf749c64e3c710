"""Review and sign: the submission as judges will read it, the declarations, and Pack."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.submission.presentation import submission_sections
from hksh_packager.core.submission.profile import Profile, eligibility_wording
from hksh_packager.core.workflows.pack import PackPlan, pack_planned, plan_pack
from hksh_packager.core.workflows.readiness import Blocker, Severity
from hksh_packager.core.workflows.receipt import PackedBundle
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.names import app_language, said
from hksh_packager.gui.pages.base import Page
from hksh_packager.gui.widgets.progress import ProgressRow

# Marked for translation here, translated where shown (Qt's QT_TRANSLATE_NOOP pattern).
DECLARATIONS = (
    (
        "originality",
        QT_TRANSLATE_NOOP("ReviewPage", "We declare that the solution is our own original work."),
    ),
    (
        "data_licence_compliance",
        QT_TRANSLATE_NOOP(
            "ReviewPage", "We declare that we use every dataset under its licence terms."
        ),
    ),
    (
        "eligibility",
        QT_TRANSLATE_NOOP(
            "ReviewPage", "We declare that we meet the challenge's eligibility rules."
        ),
    ),
)


def sections_html(document: dict[str, Any], profile: Profile | None = None) -> str:
    """The submission as judges read it, in the app's language (the theme named as the
    `profile` writes it); every value escaped (it is the user's text)."""
    parts = []
    for section in submission_sections(document, profile, app_language()):
        parts.append(f"<h3>{html.escape(said(section.heading))}</h3><table cellpadding='3'>")
        for label, text in section.rows:
            value = html.escape(said(text)).replace("\n", "<br>")
            parts.append(f"<tr><td valign='top'><b>{html.escape(said(label))}</b></td>"
                         f"<td>{value}</td></tr>")  # fmt: skip
        if not section.rows:
            parts.append("<tr><td><i>—</i></td></tr>")
        parts.append("</table>")
    return "".join(parts)


class ReviewPage(Page):
    step = Step.REVIEW

    def __init__(self, window: Any, session: Any) -> None:
        super().__init__(window, session)
        self.job: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(
            self.tr("Review and sign"),
            self.tr("Read the submission as judges will, confirm the declarations, then pack: "
                    "the datasets are checked, everything is put in one zip and signed with "
                    "your team's key."),
        ))  # fmt: skip
        split = QSplitter(Qt.Orientation.Horizontal)
        self.view = QTextBrowser()
        self.view.setObjectName("review-text")
        self.view.setAccessibleName(self.tr("The submission as judges will read it"))
        self.view.setOpenLinks(False)
        split.addWidget(self.view)
        split.addWidget(self._sign_box())
        split.setSizes([560, 420])
        layout.addWidget(split, 1)
        session.changed.connect(self.load)
        session.readiness_changed.connect(lambda _: self._show_blockers())
        self.load()

    def _sign_box(self) -> QWidget:
        box = QGroupBox(self.tr("Sign and pack"))
        column = QVBoxLayout(box)
        self.declarations: dict[str, QCheckBox] = {}
        for name, text in DECLARATIONS:
            check = QCheckBox(self.tr(str(text)))
            check.setObjectName(f"declare-{name}")
            check.toggled.connect(lambda on, n=name: self.session.set_value(
                f"/declarations/{n}", True if on else None))  # fmt: skip
            column.addWidget(check)
            self.declarations[name] = check
        # Who may enter, as the profile of the submission's edition words it in the app's
        # language: wrapped under its declaration, so a long rule never widens the column.
        self.eligibility_rule = QLabel()
        self.eligibility_rule.setObjectName("eligibility-rule")
        self.eligibility_rule.setWordWrap(True)
        self.eligibility_rule.setContentsMargins(24, 0, 0, 0)
        column.insertWidget(column.indexOf(self.declarations["eligibility"]) + 1,
                            self.eligibility_rule)  # fmt: skip
        column.addWidget(QLabel(self.tr("Save the bundle in")))
        row = QHBoxLayout()
        self.folder = QLineEdit(str(self.window_.settings.folder("bundles")))
        self.folder.setObjectName("output-folder")
        self.folder.setAccessibleName(self.tr("Folder for the bundle"))
        browse = QPushButton(self.tr("Choose..."))
        browse.setObjectName("choose-output")
        browse.clicked.connect(self._choose_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        column.addLayout(row)
        self.file_name = QLabel()
        self.file_name.setObjectName("bundle-name")
        column.addWidget(self.file_name)
        self.allow_invalid = QCheckBox(
            self.tr("Pack datasets that fail validation (the bundle says so)")
        )
        self.allow_invalid.setObjectName("allow-invalid")
        self.allow_invalid.toggled.connect(self.session.set_allow_invalid)
        column.addWidget(self.allow_invalid)
        self.pack_button = QPushButton(self.tr("Pack and sign"))
        self.pack_button.setObjectName("pack")
        self.pack_button.clicked.connect(self.pack)
        column.addWidget(self.pack_button)
        self.progress = ProgressRow("pack")
        self.progress.cancel_requested.connect(self._cancel)
        column.addWidget(self.progress)
        self.reasons_label = QLabel(self.tr("Packing waits for:"))
        column.addWidget(self.reasons_label)
        self.reasons = QListWidget()
        self.reasons.setObjectName("pack-reasons")
        self.reasons.setAccessibleName(self.tr("What stops packing"))
        self.reasons.itemActivated.connect(
            lambda item: self.window_.go_to_problem(item.data(Qt.ItemDataRole.UserRole))
        )
        column.addWidget(self.reasons, 1)
        column.addStretch()
        return box

    def load(self) -> None:
        self.view.setHtml(sections_html(self.session.document, self.session.profile))
        profile = self.session.profile
        known = profile is not None and bool(profile.document.get("eligibility"))
        self.eligibility_rule.setText(
            eligibility_wording(profile, app_language()) if profile is not None and known else ""
        )
        self.eligibility_rule.setVisible(known)
        for name, check in self.declarations.items():
            check.blockSignals(True)
            check.setChecked(self.session.value(f"/declarations/{name}") is True)
            check.blockSignals(False)
        self.file_name.setText(self.tr("File name: {name}").format(name=self.bundle_name()))
        self._show_blockers()

    def bundle_name(self) -> str:
        submission_id = self.session.value("/submission_id")
        return (
            f"{submission_id}.zip"
            if isinstance(submission_id, str) and submission_id
            else ("submission.zip")
        )

    def output(self) -> Path:
        return Path(self.folder.text().strip() or ".") / self.bundle_name()

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Save the bundle in"),
                                                self.folder.text())  # fmt: skip
        if name:
            self.folder.setText(name)
            self.window_.settings.set_folder("bundles", Path(name))

    def blockers(self) -> list[Blocker]:
        readiness = self.session.readiness
        if readiness is None:
            return []
        return [b for b in readiness.blockers if b.severity == Severity.ERROR]

    def _show_blockers(self) -> None:
        blockers = self.blockers()
        self.reasons.clear()
        for blocker in blockers:
            self.reasons.addItem(said(blocker.message))
            self.reasons.item(self.reasons.count() - 1).setData(Qt.ItemDataRole.UserRole, blocker)
        ready = self.session.readiness is not None and not blockers
        self.pack_button.setEnabled(ready and self.job is None)
        self.reasons_label.setVisible(bool(blockers))
        self.reasons.setVisible(bool(blockers))

    # packing
    def pack(self) -> None:
        if self.job is not None:
            return
        self.session.flush()  # pack exactly what is on screen
        root, output = self.session.root, self.output()
        self._busy(True, self.tr("Checking the project..."))
        self.job = self.window_.jobs.start(
            "plan pack", lambda progress, cancel: plan_pack(root, output),
            succeeded=self._planned, failed=self._failed,
        )  # fmt: skip

    def _planned(self, plan: PackPlan) -> None:
        self.job = None
        self.window_.unlock(plan.key, lambda secret: self._write(plan, secret),
                            on_cancel=lambda: self._busy(False, ""))  # fmt: skip

    def _write(self, plan: PackPlan, secret: SecretKey) -> None:
        known = tuple(self.session.validations.values())
        allow = self.session.allow_invalid

        def work(progress: Any, cancel: Any) -> PackedBundle:
            # The sequence the command line runs too (core.workflows.pack.pack_planned).
            return pack_planned(plan, secret, known=known, allow_invalid=allow,
                                on_validated=progress.partial, progress=progress,
                                cancel=cancel)  # fmt: skip

        self._busy(True, self.tr("Packing..."))
        self.job = self.window_.jobs.start(
            "pack", work, progress=self.progress.update_progress, partial=self._validated,
            succeeded=self._packed, failed=self._failed,
        )  # fmt: skip

    def _validated(self, validation: Any) -> None:
        for dataset in validation.datasets:
            relative = Path(dataset.source).relative_to(self.session.root).as_posix()
            self.session.set_validation(relative, dataset)

    def _packed(self, packed: PackedBundle) -> None:
        self.job = None
        self._busy(False, self.tr("Packed {name}.").format(name=packed.path.name))
        self.window_.show_done(packed)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self._busy(False, self.tr("Not packed."))
        self.window_.failures.report(exc, self.tr("packing"))

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _busy(self, busy: bool, text: str) -> None:
        if busy:
            self.progress.start(text)
        else:
            self.progress.finish(text)
        self.pack_button.setEnabled(not busy and not self.blockers())

    def show_problem(self, blocker: Blocker) -> None:
        for name, check in self.declarations.items():
            if blocker.pointer.endswith(name):
                check.setFocus()
                return
        self.pack_button.setFocus()

    def closing(self) -> None:
        self._cancel()

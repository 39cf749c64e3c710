"""Team: who submits (team, members with one lead) and the team's signing key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hksh_packager.core.common.errors import KeyStoreError
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.passphrase import preset_passphrase
from hksh_packager.core.signing.team_keys import TEAM_ID_PATTERN
from hksh_packager.core.submission.document import schema_choices
from hksh_packager.core.submission.draft import (
    with_item,
    with_item_moved,
    with_lead,
    with_value,
    without_item,
)
from hksh_packager.core.submission.profile import suggested_submission_id
from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows.readiness import Blocker
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.names import app_language, city_name, said
from hksh_packager.gui.pages.base import Page, scrolled
from hksh_packager.gui.widgets.fields import FieldForm, error_label

MEMBER_FIELDS = ("name", "role", "email", "affiliation")


class TeamPage(Page):
    step = Step.TEAM

    def __init__(self, window: Any, session: Any) -> None:
        super().__init__(window, session)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.heading(
            self.tr("Team"),
            self.tr("Who submits the solution. The team id is the one the organisers gave you; "
                    "your bundle is signed with your team's key."),
        ))  # fmt: skip
        self.form = FieldForm(session)
        self.submission_id = self.form.add_line("/submission_id", self.tr("Submission id"))
        self.form.add_line("/team/id", self.tr("Team id"), "T042")
        self.form.add_line("/team/name", self.tr("Team name"))
        self.form.add_line("/team/organisation", self.tr("Organisation"))
        cities = [("", self.tr("Choose..."))] + [
            (c, city_name(c)) for c in schema_choices("team", "city")
        ]
        self.form.add_choice("/team/city", self.tr("City"), cities)
        self.form.add_line("/contact/name", self.tr("Contact for the upload link"), self.tr("Name"))
        self.form.add_line("/contact/email", self.tr("Contact email"), "name@example.org")
        column.addWidget(self.form)
        column.addWidget(self._members_box())
        column.addWidget(self._key_box())
        column.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(content))
        session.changed.connect(self._document_changed)
        session.errors_changed.connect(self._show_member_errors)
        self._team_shown: str | None = None
        self.load()
        self._suggest_submission_id()

    # members
    def _members_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Members"))
        column = QVBoxLayout(box)
        self.members = QTableWidget(0, len(MEMBER_FIELDS) + 1)
        self.members.setObjectName("members")
        self.members.setAccessibleName(self.tr("Team members"))
        self.members.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Email"), self.tr("Affiliation"),
             self.tr("Lead")]
        )  # fmt: skip
        self.members.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setMinimumHeight(150)
        self.members.itemChanged.connect(self._member_edited)
        column.addWidget(self.members)
        buttons = QHBoxLayout()
        for name, text, slot in (
            ("add-member", self.tr("Add member"), self._add_member),
            ("remove-member", self.tr("Remove"), self._remove_member),
            ("member-up", self.tr("Move up"), lambda: self._move_member(-1)),
            ("member-down", self.tr("Move down"), lambda: self._move_member(1)),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        column.addLayout(buttons)
        self.member_errors = error_label("members")
        column.addWidget(self.member_errors)
        return box

    def _member_list(self) -> list[Any]:
        members = self.session.value("/members", [])
        return members if isinstance(members, list) else []

    def _fill_members(self) -> None:
        members = self._member_list()
        self.members.blockSignals(True)
        try:
            self.members.setRowCount(len(members))
            for row, member in enumerate(members):
                member = member if isinstance(member, dict) else {}
                for column, name in enumerate(MEMBER_FIELDS):
                    item = QTableWidgetItem(str(member.get(name, "")))
                    self.members.setItem(row, column, item)
                lead = QTableWidgetItem()
                lead.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                              | Qt.ItemFlag.ItemIsSelectable)  # fmt: skip
                is_lead = member.get("lead") is True
                lead.setCheckState(Qt.CheckState.Checked if is_lead else Qt.CheckState.Unchecked)
                self.members.setItem(row, len(MEMBER_FIELDS), lead)
        finally:
            self.members.blockSignals(False)
        self._show_member_errors()

    def _member_edited(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        if column == len(MEMBER_FIELDS):
            if item.checkState() == Qt.CheckState.Checked:
                document = with_lead(self.session.document, row)
            else:
                document = with_value(self.session.document, f"/members/{row}/lead", None)
            self.session.replace_document(document, "/members")
            return
        self.session.set_value(f"/members/{row}/{MEMBER_FIELDS[column]}", item.text().strip())

    def _add_member(self) -> None:
        lead = {"lead": True} if not self._member_list() else {}
        self.session.replace_document(with_item(self.session.document, "members", lead))
        row = len(self._member_list()) - 1
        self.members.setCurrentCell(row, 0)
        item = self.members.item(row, 0)
        if item is not None:
            self.members.editItem(item)

    def _remove_member(self) -> None:
        row = self.members.currentRow()
        if 0 <= row < len(self._member_list()):
            self.session.replace_document(
                without_item(self.session.document, "members", row), "/members"
            )

    def _move_member(self, by: int) -> None:
        row = self.members.currentRow()
        if 0 <= row < len(self._member_list()):
            document = with_item_moved(self.session.document, "members", row, row + by)
            self.session.replace_document(document)
            self.members.setCurrentCell(max(0, min(row + by, self.members.rowCount() - 1)), 0)

    def _show_member_errors(self) -> None:
        lines = []
        for pointer in sorted(self.session.errors):
            if pointer == "/members" or pointer.startswith("/members/"):
                lines += [e.for_person(app_language()) for e in self.session.field_errors(pointer)]
        self.member_errors.setText("\n".join(lines))
        self.member_errors.setVisible(bool(lines))
        for row in range(self.members.rowCount()):
            for column, name in enumerate(MEMBER_FIELDS):
                item = self.members.item(row, column)
                if item is None:
                    continue
                errors = self.session.field_errors(f"/members/{row}/{name}")
                self.members.blockSignals(True)
                item.setToolTip("\n".join(e.for_person(app_language()) for e in errors))
                item.setForeground(Qt.GlobalColor.red if errors else self.palette().text())
                self.members.blockSignals(False)

    # the key
    def _key_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Team key"))
        column = QVBoxLayout(box)
        self.key_status = QLabel()
        self.key_status.setObjectName("key-status")
        self.key_status.setWordWrap(True)
        self.key_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.key_status)
        buttons = QHBoxLayout()
        self.create_key = QPushButton(self.tr("Create key..."))
        self.create_key.setObjectName("create-key")
        self.create_key.clicked.connect(self._create_key)
        self.unlock_key = QPushButton(self.tr("Unlock..."))
        self.unlock_key.setObjectName("unlock-key")
        self.unlock_key.clicked.connect(self._unlock_key)
        self.export_key = QPushButton(self.tr("Export public key..."))
        self.export_key.setObjectName("export-key")
        self.export_key.clicked.connect(self._export_key)
        self.backup_key = QPushButton(self.tr("Back up key..."))
        self.backup_key.setObjectName("backup-key")
        self.backup_key.setToolTip(
            self.tr("Write the secret key to a passphrase-protected file, to sign on another "
                    "computer")
        )  # fmt: skip
        self.backup_key.clicked.connect(self._backup_key)
        self.restore_key = QPushButton(self.tr("Restore key..."))
        self.restore_key.setObjectName("restore-key")
        self.restore_key.setToolTip(self.tr("Bring a key backed up on another computer here"))
        self.restore_key.clicked.connect(self._restore_key)
        for button in (
            self.create_key, self.unlock_key, self.export_key, self.backup_key, self.restore_key
        ):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch()
        column.addLayout(buttons)
        return box

    def _team_id(self) -> str | None:
        value = self.session.value("/team/id")
        return value if isinstance(value, str) and TEAM_ID_PATTERN.match(value) else None

    def refresh_key(self) -> None:
        team = self._team_id()
        self._team_shown = team
        self.key_info: keys.KeyInfo | None = None
        if team is None:
            self.key_status.setText(self.tr("Enter the team id first: the key belongs to it."))
            self._key_buttons(False, False)
            return
        self.key_status.setText(self.tr("Looking for team {team}'s key...").format(team=team))
        self.window_.jobs.start(
            "find key", lambda progress, cancel: keys.list_keys(team),
            succeeded=lambda found: self._key_found(team, found[0]),
            failed=lambda exc: self._key_found(team, None, exc),
        )  # fmt: skip

    def _key_found(
        self, team: str, info: keys.KeyInfo | None, exc: BaseException | None = None
    ) -> None:
        if team != self._team_id():
            return  # the team id changed meanwhile; a newer lookup is on its way
        self.key_info = info
        if info is None:
            if isinstance(exc, KeyStoreError) or exc is None:
                self.key_status.setText(
                    self.tr("Team {team} has no key on this computer yet. Create one, then export "
                            "its public key and register it with the organisers.").format(team=team)
                )  # fmt: skip
            else:
                self.window_.failures.report(exc, self.tr("looking for the team key"))
            self._key_buttons(True, False)
            return
        self.key_status.setText(
            self.tr("Key id {key}. The secret key is kept in: {where}.").format(
                key=info.key_id, where=said(info.secret_location)
            )
        )
        self._key_buttons(False, True)

    def _key_buttons(self, can_create: bool, has_key: bool) -> None:
        self.create_key.setEnabled(can_create)
        self.unlock_key.setEnabled(has_key)
        self.export_key.setEnabled(has_key)
        self.backup_key.setEnabled(has_key)
        self.restore_key.setEnabled(can_create)

    def _create_key(self) -> None:
        team = self._team_id()
        if team is None:
            return
        self.create_key.setEnabled(False)
        self.window_.jobs.start(
            "plan key", lambda progress, cancel: keys.plan_new_key(team),
            succeeded=lambda plan: self._make_key(team, plan),
            failed=lambda exc: self._key_failed(exc, self.tr("creating the team key")),
        )  # fmt: skip

    def _make_key(self, team: str, plan: keys.StorePlan) -> None:
        phrase = preset_passphrase() or ""
        if plan.needs_passphrase and not phrase:
            asked = self.window_.ask_passphrase(team, confirm=True, notice=plan.notice)
            if asked is None:
                self.create_key.setEnabled(True)
                return
            phrase = asked
        self.window_.jobs.start(
            "create key",
            lambda progress, cancel: keys.generate_key(
                team, lambda t, c: phrase, store_kind=plan.kind
            ),
            succeeded=lambda new: self._key_made(team, new),
            failed=lambda exc: self._key_failed(exc, self.tr("creating the team key")),
        )  # fmt: skip

    def _key_made(self, team: str, new: keys.NewKey) -> None:
        self.window_.secrets.pop(team, None)
        self._key_found(team, new.info)
        self.session.recheck()

    def _key_failed(self, exc: BaseException, doing: str) -> None:
        self.window_.failures.report(exc, doing)
        self.refresh_key()

    def _unlock_key(self) -> None:
        info = self.key_info
        if info is None:
            return
        self.window_.unlock(info.key, lambda secret: self.key_status.setText(
            self.tr("Key id {key} is unlocked for this session.").format(key=info.key_id)
        ))  # fmt: skip

    def _export_key(self) -> None:
        team = self._team_id()
        if team is None:
            return
        start = self.window_.settings.folder("keys") / f"{team}.pub"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export public key"), str(start), self.tr("Public keys (*.pub)")
        )
        if not name:
            return
        target = Path(name)
        self.window_.settings.set_folder("keys", target.parent)
        self.window_.jobs.start(
            "export key", lambda progress, cancel: keys.export_public_key(target, team),
            succeeded=lambda key: self.window_.statusBar().showMessage(
                self.tr("Public key written to {path}").format(path=target), 8000),
            failed=lambda exc: self.window_.failures.report(exc, self.tr("exporting the key")),
        )  # fmt: skip

    def _backup_key(self) -> None:
        info = self.key_info
        if info is None:
            return
        start = self.window_.settings.folder("keys") / f"{info.team_id}.hkshkey"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Back up key"), str(start), self.tr("Key backups (*.hkshkey)")
        )
        if name:
            self.window_.unlock(info.key, lambda secret: self._write_backup(info, secret, name))

    def _write_backup(self, info: keys.KeyInfo, secret: SecretKey, name: str) -> None:
        phrase = self.window_.ask_passphrase(info.team_id, confirm=True, notice=keys.BACKUP_WARNING)
        if phrase is None:
            return
        target = Path(name)
        self.window_.settings.set_folder("keys", target.parent)
        self.window_.jobs.start(
            "back up key",
            lambda progress, cancel: keys.write_backup(target, info.key, secret, phrase),
            succeeded=lambda _: self.window_.statusBar().showMessage(
                self.tr("Key backed up to {path}").format(path=target), 8000),
            failed=lambda exc: self.window_.failures.report(exc, self.tr("backing up the key")),
        )  # fmt: skip

    def _restore_key(self) -> None:
        team = self._team_id()
        if team is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Restore key"), str(self.window_.settings.folder("keys")),
            self.tr("Key backups (*.hkshkey);;All files (*)"),
        )  # fmt: skip
        if not name:
            return
        phrase = self.window_.ask_passphrase(team, confirm=False)
        if phrase is None:
            return
        # Where no keyring works the key is kept in a file, under its backup's passphrase.
        self.window_.jobs.start(
            "restore key",
            lambda progress, cancel: keys.restore_key(
                Path(name), lambda t, c: phrase, lambda t, c: phrase
            ),
            succeeded=lambda new: self._key_made(team, new),
            failed=lambda exc: self._key_failed(exc, self.tr("restoring the key")),
        )  # fmt: skip

    # the page
    def load(self) -> None:
        self.form.load()
        self._fill_members()
        self.refresh_key()

    def _suggest_submission_id(self) -> None:
        """The hint is this team's own id in the challenge's convention, never another team's."""
        team = self._team_id() or self.tr("<team id>")
        challenge = str(self.session.value("/challenge", "") or "")
        self.submission_id.setPlaceholderText(suggested_submission_id(challenge, team))

    def _document_changed(self) -> None:
        self._suggest_submission_id()
        if len(self._member_list()) != self.members.rowCount() or self._members_differ():
            self._fill_members()
        if self._team_id() != self._team_shown:
            self.refresh_key()

    def _members_differ(self) -> bool:
        for row, member in enumerate(self._member_list()):
            member = member if isinstance(member, dict) else {}
            for column, name in enumerate(MEMBER_FIELDS):
                item = self.members.item(row, column)
                if item is None or item.text() != str(member.get(name, "")):
                    return True
            lead = self.members.item(row, len(MEMBER_FIELDS))
            checked = lead is not None and lead.checkState() == Qt.CheckState.Checked
            if checked != (member.get("lead") is True):
                return True
        return False

    def show_problem(self, blocker: Blocker) -> None:
        if self.form.focus(blocker.pointer):
            return
        parts = blocker.pointer.split("/")
        if len(parts) >= 3 and parts[1] == "members" and parts[2].isdigit():
            column = (
                MEMBER_FIELDS.index(parts[3])
                if len(parts) > 3 and parts[3] in (MEMBER_FIELDS)
                else 0
            )
            self.members.setCurrentCell(int(parts[2]), column)
            self.members.setFocus()
        elif blocker.pointer == "/members":
            self.members.setFocus()
        elif blocker.code == "key.missing":
            self.create_key.setFocus()

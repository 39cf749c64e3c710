"""Materials: what the challenge asks for besides data (proposal, slides, video, images...), and
the files the team attaches."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from hksh_packager.core.common.units import human_size
from hksh_packager.core.materials.check import describe_materials
from hksh_packager.core.materials.inspect import Material
from hksh_packager.core.materials.rules import length_rule
from hksh_packager.core.submission.document import schema_choices
from hksh_packager.core.submission.draft import bring_into_project, with_item, without_item
from hksh_packager.core.submission.profile import kind_name, stage_wording, suggested_kind
from hksh_packager.core.workflows.readiness import Blocker
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.names import app_language, said
from hksh_packager.gui.pages.base import Page
from hksh_packager.gui.widgets.drops import FileDropTarget
from hksh_packager.gui.widgets.fields import error_label


class MaterialsPage(FileDropTarget, Page):
    step = Step.MATERIALS

    def __init__(self, window: Any, session: Any) -> None:
        super().__init__(window, session)
        self.setAcceptDrops(True)
        self.sizes: dict[str, int | None] = {}
        self.found: dict[str, Material] = {}  # what each file really is
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(
            self.tr("Materials"),
            self.tr("Attach what the challenge asks for: the proposal, and the slides, video and "
                    "images you want judges to see. Drop files here or add them."),
        ))  # fmt: skip
        rules = QGroupBox(self.tr("What the challenge asks for"))
        column = QVBoxLayout(rules)
        self.stage_note = QLabel()
        self.stage_note.setObjectName("stage-note")
        self.stage_note.setWordWrap(True)
        column.addWidget(self.stage_note)
        self.rules = QTableWidget(0, 5)
        self.rules.setObjectName("material-rules")
        self.rules.setAccessibleName(self.tr("Materials the challenge asks for"))
        self.rules.setHorizontalHeaderLabels([self.tr("Kind"), self.tr("Needed"),
            self.tr("File types"), self.tr("Largest size"), self.tr("Added")])  # fmt: skip
        self.rules.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rules.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rules.setMaximumHeight(220)
        column.addWidget(self.rules)
        layout.addWidget(rules)
        files = QGroupBox(self.tr("Attached files"))
        column = QVBoxLayout(files)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("attachments")
        self.table.setAccessibleName(self.tr("Attached files"))
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Kind"), self.tr("Title"),
            self.tr("What it is"), self.tr("Size")])  # fmt: skip
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._title_edited)
        column.addWidget(self.table)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add files..."))
        add.setObjectName("add-materials")
        add.clicked.connect(self._choose_files)
        remove = QPushButton(self.tr("Remove"))
        remove.setObjectName("remove-material")
        remove.clicked.connect(self._remove)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        column.addLayout(row)
        self.problems = error_label("materials")
        column.addWidget(self.problems)
        layout.addWidget(files, 1)
        session.changed.connect(self._document_changed)
        session.readiness_changed.connect(lambda _: self._show_problems())
        self.load()

    def attachments(self) -> list[dict[str, Any]]:
        items = self.session.value("/attachments", [])
        return [a if isinstance(a, dict) else {} for a in items] if isinstance(items, list) else []

    def load(self) -> None:
        self._fill_rules()
        self._fill_table()
        self._measure()

    def _fill_rules(self) -> None:
        profile = self.session.profile
        stage = profile.stage(self.session.value("/stage")) if profile else None
        if stage:
            title, description = stage_wording(stage, app_language())
            self.stage_note.setText(f"<b>{html.escape(title)}</b>: {html.escape(description)}")
        else:
            self.stage_note.setText(
                self.tr("Choose the stage in Solution: each stage asks for its own materials.")
            )
        rules = profile.materials(self.session.value("/stage")) if profile else []
        kinds = [a.get("kind") for a in self.attachments()]
        self.rules.setRowCount(len(rules))
        for row, rule in enumerate(rules):
            count = kinds.count(rule["kind"])
            limit = rule.get("max_count")
            added = f"{count}" + (f" / {limit}" if limit else "")
            needed = self.tr("Required") if rule.get("required") else self.tr("Optional")
            length = length_rule(rule)
            if length:
                needed += " · " + length
            limit = human_size(rule["max_bytes"]) if "max_bytes" in rule else self.tr("none set")
            kind = said(kind_name(rule["kind"]))
            for column, text in enumerate((kind, needed, ", ".join(rule["extensions"]),
                                           limit, added)):  # fmt: skip
                item = QTableWidgetItem(text)
                if rule.get("required") and not count:
                    item.setForeground(Qt.GlobalColor.red)
                self.rules.setItem(row, column, item)

    def _fill_table(self) -> None:
        attachments = self.attachments()
        kinds = schema_choices("attachments", "kind")
        self.table.blockSignals(True)
        self.table.setRowCount(len(attachments))
        for row, attachment in enumerate(attachments):
            file = str(attachment.get("file", ""))
            name = QTableWidgetItem(file)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, name)
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Kind of {file}").format(file=file))
            for kind in kinds:
                combo.addItem(said(kind_name(kind)), kind)
            combo.setCurrentIndex(max(0, combo.findData(attachment.get("kind"))))
            combo.activated.connect(
                lambda index, r=row, c=combo: self.session.set_value(
                    f"/attachments/{r}/kind", c.itemData(index))
            )  # fmt: skip
            self.table.setCellWidget(row, 1, combo)
            self.table.setItem(row, 2, QTableWidgetItem(str(attachment.get("title", ""))))
            found = self.found.get(file)
            what = said(found.summary) if found is not None else ""
            size = self.sizes.get(file)
            for column, text in ((3, what), (4, human_size(size) if size is not None else "")):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == 3 and found is not None and found.problem:
                    item.setForeground(Qt.GlobalColor.red)
                    item.setToolTip(said(found.problem))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        # A cell's combo box joins the focus chain at its end, after the buttons under the
        # table: put each right after the table and the rows above it, where it is on the page.
        previous: QWidget = self.table
        for row in range(self.table.rowCount()):
            cell = self.table.cellWidget(row, 1)
            if cell is not None:
                QWidget.setTabOrder(previous, cell)
                previous = cell

    def _measure(self) -> None:
        """Each file's size, and what it really is (read in a worker: videos and PDFs are
        opened)."""
        root, document = self.session.root, self.session.document
        files = [str(a.get("file", "")) for a in self.attachments()]

        def work(progress: Any, cancel: Any) -> tuple[dict[str, int | None], dict[str, Material]]:
            sizes: dict[str, int | None] = {}
            for file in files:
                try:
                    sizes[file] = (root / file).stat().st_size
                except OSError:
                    sizes[file] = None
            return sizes, describe_materials(root, document)

        self.window_.jobs.start("materials", work, succeeded=self._measured)

    def _measured(self, measured: tuple[dict[str, int | None], dict[str, Material]]) -> None:
        self.sizes.update(measured[0])
        self.found.update(measured[1])
        self._fill_table()

    def _title_edited(self, item: QTableWidgetItem) -> None:
        if item.column() == 2:
            self.session.set_value(f"/attachments/{item.row()}/title", item.text().strip())

    def _document_changed(self) -> None:
        if self.table.rowCount() != len(self.attachments()):
            self._fill_table()
            self._measure()
        self._fill_rules()

    def _show_problems(self) -> None:
        readiness = self.session.readiness
        lines = [
            said(b.message)
            for b in (readiness.blockers if readiness else ())
            if b.code.startswith("rule.materials") or b.pointer.startswith("/attachments")
        ]
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add materials"), str(self.window_.settings.folder("materials"))
        )
        if names:
            self.window_.settings.set_folder("materials", Path(names[0]).parent)
            self.add_files([Path(name) for name in names])

    def files_dropped(self, files: list[Path]) -> None:
        self.add_files(files)

    def add_files(self, files: list[Path]) -> None:
        root = self.session.root

        def work(progress: Any, cancel: Any) -> list[str]:
            return [bring_into_project(root, path, "docs") for path in files]

        self.window_.jobs.start(
            "add materials", work, succeeded=self._files_added,
            failed=lambda exc: self.window_.failures.report(exc, self.tr("adding materials")),
        )  # fmt: skip

    def _files_added(self, relatives: list[str]) -> None:
        document = self.session.document
        listed = {a.get("file") for a in self.attachments()}
        for relative in relatives:
            if relative in listed:
                continue
            kind = suggested_kind(self.session.profile, self.session.value("/stage"), relative)
            title = Path(relative).stem.replace("_", " ").replace("-", " ")
            document = with_item(document, "attachments",
                                 {"file": relative, "kind": kind, "title": title})  # fmt: skip
            listed.add(relative)
        self.session.replace_document(document)
        self.load()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.attachments()):
            self.session.replace_document(without_item(self.session.document, "attachments", row))
            self.load()

    def show_problem(self, blocker: Blocker) -> None:
        for row, attachment in enumerate(self.attachments()):
            if (blocker.file and attachment.get("file") == blocker.file) or (
                blocker.pointer.startswith(f"/attachments/{row}")
            ):
                self.table.setCurrentCell(row, 0)
                self.table.setFocus()
                return
        self.rules.setFocus()

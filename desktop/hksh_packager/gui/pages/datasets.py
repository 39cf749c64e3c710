"""Datasets: the files the solution uses, which catalogue entry (or custom schema) each follows,
their validation, the errors found and the data around them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from hksh_packager.core.datasets.tables import DATA_SUFFIXES
from hksh_packager.core.submission.draft import (
    bring_into_project,
    with_item,
    without_item,
)
from hksh_packager.core.validation.freshness import DatasetState
from hksh_packager.core.validation.report_format import DatasetValidation
from hksh_packager.core.workflows.readiness import Blocker
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.names import city_name
from hksh_packager.gui.pages.base import Page
from hksh_packager.gui.pages.dataset_details import DatasetDetails
from hksh_packager.gui.widgets.dataset_results import DatasetResults
from hksh_packager.gui.widgets.drops import FileDropTarget
from hksh_packager.gui.widgets.progress import ProgressRow

if TYPE_CHECKING:  # the data stack loads in workers
    pass


def _validate_all(
    root: Path, entries: list[dict[str, Any]], on_result: Any, progress: Any, cancel: Any
) -> None:
    from hksh_packager.core.validation.project import validate_entries_isolated

    validate_entries_isolated(root, entries, on_result=on_result, progress=progress,
                              cancel=cancel)  # fmt: skip


class DatasetsPage(FileDropTarget, Page):
    step = Step.DATASETS

    def __init__(self, window: Any, session: Any) -> None:
        super().__init__(window, session)
        self.setAcceptDrops(True)
        self.job: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(
            self.tr("Datasets"),
            self.tr("Add every data file the solution uses (or drop them here). Say which "
                    "catalogue dataset each is, then validate: errors are listed with their row "
                    "and column."),
        ))  # fmt: skip
        layout.addLayout(self._buttons())
        self.progress = ProgressRow("validation")
        self.progress.cancel_requested.connect(self._cancel)
        layout.addWidget(self.progress)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self._table())
        self.details = DatasetDetails(self)
        top.addWidget(self.details)
        top.setSizes([520, 480])
        split.addWidget(top)
        self.results = DatasetResults(window.jobs)
        split.addWidget(self.results)
        split.setSizes([330, 330])
        layout.addWidget(split, 1)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _: self.session.recheck())
        session.changed.connect(self._document_changed)
        session.readiness_changed.connect(lambda _: self._fill_table())
        session.errors_changed.connect(lambda: self.details.show_errors(self.current()))
        self._fill_table()

    # layout
    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = self._button("add-datasets", self.tr("Add files..."), self._choose_files)
        self.remove_button = self._button("remove-dataset", self.tr("Remove"), self._remove)
        self.validate_button = self._button("validate", self.tr("Validate"), self.validate_current)
        self.validate_all_button = self._button(
            "validate-all", self.tr("Validate all"), self.validate_all
        )
        for button in (self.add_button, self.remove_button, self.validate_button,
                       self.validate_all_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch()
        return row

    def _button(self, name: str, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _table(self) -> QTableWidget:
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("datasets")
        self.table.setAccessibleName(self.tr("Datasets of the submission"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Dataset"), self.tr("City"), self.tr("Status")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda *_: self._show_entry())
        return self.table

    # the list of datasets
    def entries(self) -> list[dict[str, Any]]:
        items = self.session.value("/datasets", [])
        return [e if isinstance(e, dict) else {} for e in items] if isinstance(items, list) else []

    def current(self) -> tuple[int, dict[str, Any]] | None:
        row, entries = self.table.currentRow(), self.entries()
        return (row, entries[row]) if 0 <= row < len(entries) else None

    def _status_text(self, entry: dict[str, Any]) -> str:
        file = entry.get("file")
        if not isinstance(file, str):
            return ""
        state = self.session.dataset_state(file)
        known = self.session.validations.get(file)
        if state == DatasetState.ERRORS and known is not None:
            count = known.result.error_count
            if count == 1:
                return self.tr("1 error")
            return self.tr("{n} errors").format(n=f"{count:,}") if count else self.tr("Invalid")
        return {
            DatasetState.VALID: self.tr("Valid"),
            DatasetState.ERRORS: self.tr("Errors"),
            DatasetState.CHANGED: self.tr("Changed since checked"),
            DatasetState.NOT_CHECKED: self.tr("Not checked"),
        }[state]

    def _fill_table(self) -> None:
        entries = self.entries()
        current = self.table.currentRow()
        self.table.blockSignals(True)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            texts = (
                entry.get("file", ""),
                *self._dataset_and_city(entry),
                self._status_text(entry),
            )
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(str(text)))
        if entries:
            self.table.setCurrentCell(min(max(current, 0), len(entries) - 1), 0)
        self.table.blockSignals(False)
        self._watch(entries)
        self._show_entry()

    def _dataset_and_city(self, entry: dict[str, Any]) -> tuple[str, str]:
        """The table's dataset and city columns of one entry."""
        dataset = entry.get("catalogue_id") or entry.get("schema") or self.tr("(choose)")
        return str(dataset), city_name(entry.get("city", ""))

    def _watch(self, entries: list[dict[str, Any]]) -> None:
        wanted = {
            str(self.session.root / e["file"]) for e in entries if isinstance(e.get("file"), str)
        }
        watched = set(self.watcher.files())
        if watched - wanted:
            self.watcher.removePaths(sorted(watched - wanted))
        for path in sorted(wanted - watched):
            if Path(path).is_file():
                self.watcher.addPath(path)

    def _document_changed(self) -> None:
        if self.table.rowCount() != len(self.entries()):
            self._fill_table()
        else:
            row = self.current()
            if row is not None:
                for column, text in enumerate(self._dataset_and_city(row[1]), start=1):
                    item = self.table.item(row[0], column)
                    if item is not None:
                        item.setText(str(text))

    # the selected dataset
    def _show_entry(self) -> None:
        found = self.current()
        for button in (self.remove_button, self.validate_button):
            button.setEnabled(found is not None)
        self.details.show_entry(found)
        entry = found[1] if found is not None else None
        known = self.session.validations.get(entry.get("file", "")) if entry else None
        self.results.show_file(self.session.root, entry, known)

    # adding and removing
    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add data files"), str(self.window_.settings.folder("data")),
            self.tr("Data files ({patterns});;All files (*)").format(
                patterns=" ".join(f"*{suffix}" for suffix in DATA_SUFFIXES)
            ),
        )  # fmt: skip
        if names:
            self.window_.settings.set_folder("data", Path(names[0]).parent)
            self.add_files([Path(name) for name in names])

    def files_dropped(self, files: list[Path]) -> None:
        self.add_files(files)

    def add_files(self, files: list[Path]) -> None:
        """Bring the files into the project (a copy in data/ when they are outside it) and list
        them; the catalogue's suggestions for each follow."""
        root = self.session.root

        def work(progress: Any, cancel: Any) -> list[str]:
            return [bring_into_project(root, path, "data") for path in files]

        self.window_.jobs.start(
            "add datasets", work, succeeded=self._files_added,
            failed=lambda exc: self.window_.failures.report(exc, self.tr("adding data files")),
        )  # fmt: skip

    def _files_added(self, relatives: list[str]) -> None:
        document = self.session.document
        listed = {e.get("file") for e in self.entries()}
        for relative in relatives:
            if relative not in listed:
                document = with_item(document, "datasets", {"file": relative})
                listed.add(relative)
        self.session.replace_document(document)
        self._fill_table()
        rows = [i for i, e in enumerate(self.entries()) if e.get("file") in relatives]
        if rows:
            self.table.setCurrentCell(rows[0], 0)

    def _remove(self) -> None:
        found = self.current()
        if found is None:
            return
        row, entry = found
        self.session.replace_document(without_item(self.session.document, "datasets", row))
        if isinstance(entry.get("file"), str):
            self.session.set_validation(entry["file"], None)
        self._fill_table()

    # validation
    def validate_current(self) -> None:
        found = self.current()
        if found is not None:
            self._run_validation([found[1]])

    def validate_all(self) -> None:
        self._run_validation(self.entries())

    def _run_validation(self, entries: list[dict[str, Any]]) -> None:
        usable = [e for e in entries if isinstance(e.get("file"), str)
                  and (e.get("catalogue_id") or e.get("schema"))]  # fmt: skip
        if not usable:
            self.window_.failures.show_message(self.tr(
                "Choose the catalogue dataset (or a custom schema) of the file before validating."
            ))  # fmt: skip
            return
        if self.job is not None:
            return
        root = self.session.root

        def work(progress: Any, cancel: Any) -> None:
            # One worker for every file, each result shown as soon as it is made.
            _validate_all(root, usable, lambda file, result: progress.partial((file, result)),
                          progress, cancel)  # fmt: skip

        self.progress.start(self.tr("Validating..."))
        self._busy(True)
        self.job = self.window_.jobs.start(
            "validate", work, progress=self.progress.update_progress, partial=self._validated,
            succeeded=lambda _: self._validation_ended(self.tr("Validation finished.")),
            failed=self._validation_failed,
        )  # fmt: skip

    def _validated(self, made: tuple[str, DatasetValidation]) -> None:
        file, result = made
        self.session.set_validation(file, result)
        found = self.current()
        if found is not None and found[1].get("file") == file:
            self.results.show_result(result)

    def _validation_failed(self, exc: BaseException) -> None:
        self.window_.failures.report(exc, self.tr("validating"))
        self._validation_ended(self.tr("Validation stopped."))

    def _validation_ended(self, text: str) -> None:
        self.job = None
        self.progress.finish(text)
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        for button in (self.validate_button, self.validate_all_button, self.add_button,
                       self.remove_button):  # fmt: skip
            button.setEnabled(not busy)

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    # the page
    def show_problem(self, blocker: Blocker) -> None:
        for row, entry in enumerate(self.entries()):
            if (blocker.file and entry.get("file") == blocker.file) or (
                blocker.pointer.startswith(f"/datasets/{row}")
            ):
                self.table.setCurrentCell(row, 0)
                break
        if not self.details.focus(blocker.pointer):
            self.table.setFocus()

    def closing(self) -> None:
        self._cancel()
        self.results.cancel()

    def refresh(self) -> None:
        self._fill_table()

    def load(self) -> None:
        self._fill_table()

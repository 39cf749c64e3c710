"""What validation found in one data file: the summary, the error table filtered by column and
rule, and the data itself, where choosing an error selects its cell."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hksh_packager.core.validation.report_format import DatasetValidation, entry_options
from hksh_packager.core.validation.results import CellError
from hksh_packager.gui.failures import failure_text
from hksh_packager.gui.jobs import Job, Jobs
from hksh_packager.gui.models.errors import ERROR_ROLE, ErrorFilter, ErrorsModel
from hksh_packager.gui.models.preview import PreviewModel
from hksh_packager.gui.names import said

if TYPE_CHECKING:  # the data stack loads in workers
    from hksh_packager.core.datasets.preview import TablePreview

DATA_TAB = 1


def _preview(path: Path, options: dict[str, Any], progress: Any, cancel: Any) -> TablePreview:
    from hksh_packager.core.datasets.preview import load_preview_isolated
    from hksh_packager.core.workflows.validate import ReadOptions

    read = ReadOptions.of_entry(options)
    return load_preview_isolated(
        path, encoding=read.encoding, sheet=read.sheet, pointer=read.pointer,
        header_row=read.header_row, header_rows=read.header_rows, progress=progress,
        cancel=cancel,
    )  # fmt: skip


class DatasetResults(QTabWidget):
    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataset-results")
        self.jobs = jobs
        self.source: tuple[Path, str, dict[str, Any]] | None = None  # (path, file, options)
        self.preview_key: tuple[str, str] | None = None
        self.preview_job: Job | None = None
        self.pending_mark: CellError | None = None
        self.addTab(self._errors_tab(), self.tr("Errors"))
        self.addTab(self._data_tab(), self.tr("Data"))
        self.currentChanged.connect(lambda index: index == DATA_TAB and self.load_preview())

    def _errors_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.summary = QLabel()
        self.summary.setObjectName("validation-summary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        filters = QHBoxLayout()
        self.column_filter = QComboBox()
        self.column_filter.setObjectName("filter-column")
        self.column_filter.setAccessibleName(self.tr("Show errors of column"))
        self.rule_filter = QComboBox()
        self.rule_filter.setObjectName("filter-rule")
        self.rule_filter.setAccessibleName(self.tr("Show errors of rule"))
        filters.addWidget(QLabel(self.tr("Column")))
        filters.addWidget(self.column_filter, 1)
        filters.addWidget(QLabel(self.tr("Rule")))
        filters.addWidget(self.rule_filter, 1)
        column.addLayout(filters)
        self.errors_model = ErrorsModel(self)
        self.errors_filter = ErrorFilter(self)
        self.errors_filter.setSourceModel(self.errors_model)
        self.errors_view = QTableView()
        self.errors_view.setObjectName("errors")
        self.errors_view.setAccessibleName(self.tr("Validation errors"))
        self.errors_view.setModel(self.errors_filter)
        self.errors_view.setSortingEnabled(True)
        self.errors_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.errors_view.horizontalHeader().setStretchLastSection(True)
        self.errors_view.selectionModel().currentRowChanged.connect(self._error_chosen)
        self.column_filter.activated.connect(
            lambda i: self.errors_filter.set_filter(column=self.column_filter.itemData(i))
        )
        self.rule_filter.activated.connect(
            lambda i: self.errors_filter.set_filter(rule=self.rule_filter.itemData(i))
        )
        column.addWidget(self.errors_view)
        return tab

    def _data_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.preview_note = QLabel()
        self.preview_note.setObjectName("preview-note")
        column.addWidget(self.preview_note)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setObjectName("preview")
        self.preview_view.setAccessibleName(self.tr("Data preview"))
        self.preview_view.setModel(self.preview_model)
        self.preview_view.horizontalHeader().setDefaultSectionSize(170)
        self.preview_view.verticalHeader().setDefaultSectionSize(24)
        column.addWidget(self.preview_view)
        return tab

    def show_file(
        self, root: Path, entry: dict[str, Any] | None, known: DatasetValidation | None
    ) -> None:
        """Show the result for a dataset entry (None: no file selected)."""
        file = entry.get("file") if entry is not None else None
        if entry is None or not isinstance(file, str):
            self.source = None
            self.summary.setText("")
            self.errors_model.set_errors([])
            self._fill_filters()
            return
        self.source = (root / file, file, entry_options(entry))
        self.show_result(known)
        if self.currentIndex() == DATA_TAB:
            self.load_preview()

    def show_result(self, known: DatasetValidation | None) -> None:
        if known is None:
            self.summary.setText(self.tr("Not validated yet."))
            self.errors_model.set_errors([])
        else:
            result = known.result
            text = self.tr("{rows} rows, {bad} with errors, {errors} errors.").format(
                rows=f"{result.rows:,}", bad=f"{result.invalid_rows:,}",
                errors=f"{result.error_count:,}",
            )  # fmt: skip
            if len(result.errors) < result.error_count:
                text += " " + self.tr("The first {n} of each column and rule are listed.").format(
                    n=100
                )
            problems = [said(p.message) for p in result.table_problems]
            self.summary.setText("\n".join([text, *problems]))
            self.errors_model.set_errors(result.errors)
        self._fill_filters()

    def _fill_filters(self) -> None:
        for combo, values in ((self.column_filter, self.errors_model.columns()),
                              (self.rule_filter, self.errors_model.rules())):  # fmt: skip
            combo.clear()
            combo.addItem(self.tr("All"), "")
            for value in values:
                combo.addItem(value or self.tr("(whole row)"), value)
        self.errors_filter.set_filter("", "")

    # the data around an error
    def _error_chosen(self, index: Any, previous: Any = None) -> None:
        if not index.isValid():
            return
        self.pending_mark = self.errors_filter.data(index, ERROR_ROLE)
        if self.load_preview():
            self._mark_pending()

    def load_preview(self) -> bool:
        """True when the preview of the shown file is loaded now; else loading starts."""
        if self.source is None:
            return False
        path, file, options = self.source
        wanted = (file, repr(sorted(options.items())))
        if wanted == self.preview_key and self.preview_model.preview is not None:
            return True
        if wanted == self.preview_key and self.preview_job is not None:
            return False  # on its way
        if self.preview_job is not None:
            self.preview_job.cancel()
        self.preview_key = wanted
        self.preview_model.set_preview(None)
        self.preview_note.setText(self.tr("Reading {file}...").format(file=file))
        self.preview_job = self.jobs.start(
            "preview", lambda progress, cancel: _preview(path, options, progress, cancel),
            succeeded=lambda preview: self._preview_loaded(wanted, preview),
            failed=lambda exc: self._preview_failed(wanted, exc),
        )  # fmt: skip
        return False

    def _preview_loaded(self, key: tuple[str, str], preview: TablePreview) -> None:
        if key != self.preview_key:
            return
        self.preview_job = None
        self.preview_model.set_preview(preview)
        note = self.tr("{rows} rows of {file} ({how}).").format(
            rows=f"{preview.rows:,}", file=key[0], how=preview.description
        )
        if not preview.complete:
            note += " " + self.tr("Only the first rows are shown: the file is too large to hold.")
        self.preview_note.setText(note)
        self._mark_pending()

    def _preview_failed(self, key: tuple[str, str], exc: BaseException) -> None:
        if key != self.preview_key:
            return
        self.preview_job, self.preview_key = None, None
        self.preview_note.setText(failure_text(exc, self.tr("reading the data")) or "")

    def _mark_pending(self) -> None:
        error, preview = self.pending_mark, self.preview_model.preview
        if error is None or preview is None:
            return
        self.pending_mark = None
        index = preview.index_of_row(error.row)
        if index is None:
            self.preview_note.setText(
                self.tr("Row {row} is not in the preview.").format(row=error.row)
            )
            return
        column = preview.columns.index(error.column) if error.column in preview.columns else 0
        cell = self.preview_model.mark(index, column)
        self.setCurrentIndex(DATA_TAB)
        self.preview_view.selectionModel().setCurrentIndex(
            cell, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.preview_view.scrollTo(cell, QAbstractItemView.ScrollHint.PositionAtCenter)

    def cancel(self) -> None:
        if self.preview_job is not None:
            self.preview_job.cancel()

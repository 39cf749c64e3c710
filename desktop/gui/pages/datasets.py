"""Datasets: the files the solution uses, which catalogue entry (or custom schema) each follows,
their validation, the errors found and the data around them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from hksh_packager.core.bundle.report_format import DatasetValidation
from hksh_packager.core.common.progress import as_step
from hksh_packager.core.submission.document import schema_choices
from hksh_packager.core.submission.draft import (
    bring_into_project,
    with_item,
    with_value,
    without_item,
)
from hksh_packager.core.validation.freshness import DatasetState
from hksh_packager.core.workflows.readiness import Blocker
from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.dialogs.catalogue_search import CatalogueSearchDialog
from hksh_packager.gui.models.errors import ERROR_ROLE, ErrorFilter, ErrorsModel
from hksh_packager.gui.models.preview import PreviewModel
from hksh_packager.gui.pages.base import Page
from hksh_packager.gui.widgets.drops import FileDropTarget
from hksh_packager.gui.widgets.fields import error_label
from hksh_packager.gui.widgets.progress import ProgressRow
from PySide6.QtCore import QFileSystemWatcher, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

DATA_FILTER = "Data files (*.csv *.tsv *.tab *.txt *.json *.geojson *.xlsx *.xlsm);;All files (*)"
OPTION_FIELDS = ("encoding", "sheet", "pointer")

if TYPE_CHECKING:  # the data stack loads in workers
    from hksh_packager.core.catalogue.catalogue import HeaderMatch
    from hksh_packager.core.datasets.preview import TablePreview


def _validate(root: Path, entry: dict[str, Any], progress: Any, cancel: Any) -> DatasetValidation:
    from hksh_packager.core.validation.project import validate_entry_isolated

    return validate_entry_isolated(root, entry, progress=progress, cancel=cancel)


def _suggest(path: Path, options: dict[str, str]) -> list[HeaderMatch]:
    from hksh_packager.core.workflows.catalogue import match_file
    from hksh_packager.core.workflows.validate import ReadOptions

    return match_file(path, ReadOptions(**options))


def _preview(path: Path, options: dict[str, str], progress: Any, cancel: Any) -> TablePreview:
    from hksh_packager.core.datasets.preview import load_preview

    return load_preview(
        path, encoding=options.get("encoding"), sheet=options.get("sheet"),
        pointer=options.get("pointer"), progress=progress, cancel=cancel,
    )  # fmt: skip


class DatasetsPage(FileDropTarget, Page):
    step = Step.DATASETS

    def __init__(self, window: Any, session: Any) -> None:
        super().__init__(window, session)
        self.setAcceptDrops(True)
        self.suggestions: dict[str, list[HeaderMatch] | str] = {}  # by file: matches or why not
        self.preview_key: tuple[str, str] | None = None
        self.pending_mark: Any = None
        self.job: Any = None
        self.preview_job: Any = None
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
        top.addWidget(self._details())
        top.setSizes([520, 480])
        split.addWidget(top)
        split.addWidget(self._results())
        split.setSizes([330, 330])
        layout.addWidget(split, 1)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _: self.session.recheck())
        session.changed.connect(self._document_changed)
        session.readiness_changed.connect(lambda _: self._fill_table())
        session.errors_changed.connect(self._show_entry_errors)
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

    def _details(self) -> QGroupBox:
        box = QGroupBox(self.tr("The selected file"))
        form = QFormLayout(box)
        self.dataset_label = QLabel()
        self.dataset_label.setObjectName("dataset-label")
        self.dataset_label.setWordWrap(True)
        form.addRow(self.tr("Dataset"), self.dataset_label)
        self.suggestion_list = QListWidget()
        self.suggestion_list.setObjectName("suggestions")
        self.suggestion_list.setAccessibleName(self.tr("Catalogue entries the header matches"))
        self.suggestion_list.setMaximumHeight(90)
        self.suggestion_list.itemActivated.connect(self._use_suggestion)
        form.addRow(self.tr("Suggested"), self.suggestion_list)
        row = QHBoxLayout()
        self.use_button = self._button("use-suggestion", self.tr("Use suggestion"),
                                       lambda: self._use_suggestion(None))  # fmt: skip
        self.search_button = self._button(
            "search-catalogue", self.tr("Search catalogue..."), self._search
        )
        self.draft_button = self._button(
            "draft-schema", self.tr("Draft a schema..."), self._draft_schema
        )
        for button in (self.use_button, self.search_button, self.draft_button):
            row.addWidget(button)
        form.addRow(row)
        self.city = QComboBox()
        self.city.setObjectName("dataset-city")
        self.city.setAccessibleName(self.tr("City of the dataset"))
        self.city.addItem(self.tr("Choose..."), "")
        for city in schema_choices("datasets", "city"):
            self.city.addItem(city, city)
        self.city.activated.connect(lambda i: self._set("city", self.city.itemData(i) or ""))
        form.addRow(self.tr("City"), self.city)
        self.usage = QPlainTextEdit()
        self.usage.setObjectName("dataset-usage")
        self.usage.setAccessibleName(self.tr("How the solution uses it"))
        self.usage.setTabChangesFocus(True)
        self.usage.setMaximumHeight(70)
        self.usage.textChanged.connect(self._usage_edited)
        form.addRow(self.tr("How it is used"), self.usage)
        self.options: dict[str, QLineEdit] = {}
        hints = {"encoding": "big5hkscs, gb18030...", "sheet": self.tr("Sheet name"),
                 "pointer": "/results"}  # fmt: skip
        labels = {"encoding": self.tr("Encoding"), "sheet": self.tr("Excel sheet"),
                  "pointer": self.tr("JSON pointer")}  # fmt: skip
        for name in OPTION_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"dataset-{name}")
            edit.setAccessibleName(labels[name])
            edit.setPlaceholderText(self.tr("detected") + f" ({hints[name]})")
            edit.textEdited.connect(lambda text, n=name: self._set(n, text.strip()))
            self.options[name] = edit
            form.addRow(labels[name], edit)
        self.entry_errors = error_label("dataset")
        form.addRow(self.entry_errors)
        self._loading = False
        return box

    def _results(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dataset-results")
        errors = QWidget()
        column = QVBoxLayout(errors)
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
        self.tabs.addTab(errors, self.tr("Errors"))
        preview = QWidget()
        column = QVBoxLayout(preview)
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
        self.tabs.addTab(preview, self.tr("Data"))
        self.tabs.currentChanged.connect(lambda index: index == 1 and self._load_preview())
        return self.tabs

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
            dataset = entry.get("catalogue_id") or entry.get("schema") or self.tr("(choose)")
            texts = (entry.get("file", ""), dataset, entry.get("city", ""),
                     self._status_text(entry))  # fmt: skip
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(str(text)))
        if entries:
            self.table.setCurrentCell(min(max(current, 0), len(entries) - 1), 0)
        self.table.blockSignals(False)
        self._watch(entries)
        self._show_entry()

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
                entry = row[1]
                dataset = entry.get("catalogue_id") or entry.get("schema") or self.tr("(choose)")
                for column, text in ((1, dataset), (2, entry.get("city", ""))):
                    item = self.table.item(row[0], column)
                    if item is not None:
                        item.setText(str(text))

    # the selected dataset
    def _show_entry(self) -> None:
        found = self.current()
        enabled = found is not None
        for widget in (self.remove_button, self.validate_button, self.use_button,
                       self.search_button, self.draft_button, self.city, self.usage,
                       *self.options.values()):  # fmt: skip
            widget.setEnabled(enabled)
        self._loading = True
        try:
            if found is None:
                self.dataset_label.setText(self.tr("Add a data file to begin."))
                self.usage.setPlainText("")
                self.suggestion_list.clear()
                self.errors_model.set_errors([])
                self.summary.setText("")
                return
            _, entry = found
            self.dataset_label.setText(self._dataset_text(entry))
            self.city.setCurrentIndex(max(0, self.city.findData(entry.get("city", ""))))
            if self.usage.toPlainText().strip() != entry.get("usage", ""):
                self.usage.setPlainText(entry.get("usage", ""))
            for name, edit in self.options.items():
                edit.setText(entry.get(name, ""))
        finally:
            self._loading = False
        self._show_suggestions(entry)
        self._show_result(entry)
        self._show_entry_errors()
        if self.tabs.currentIndex() == 1:
            self._load_preview()

    def _dataset_text(self, entry: dict[str, Any]) -> str:
        if "schema" in entry:
            return self.tr("Custom schema {file}").format(file=entry["schema"])
        catalogue = self.window_.catalogue
        entry_id = entry.get("catalogue_id")
        if not entry_id:
            return self.tr("Not chosen: use a suggestion, search the catalogue, or draft a schema.")
        if catalogue is not None and entry_id in catalogue.entries:
            found = catalogue.entries[entry_id]
            return f"{found.title_en} · {found.title_zh}\n{entry_id}"
        return str(entry_id)

    def _show_entry_errors(self) -> None:
        found = self.current()
        lines = []
        if found is not None:
            prefix = f"/datasets/{found[0]}"
            for pointer in sorted(self.session.errors):
                if pointer == prefix or pointer.startswith(prefix + "/"):
                    lines += [e.for_person() for e in self.session.field_errors(pointer)]
        self.entry_errors.setText("\n".join(lines))
        self.entry_errors.setVisible(bool(lines))

    def _set(self, name: str, value: Any) -> None:
        found = self.current()
        if found is None or self._loading:
            return
        self.session.set_value(f"/datasets/{found[0]}/{name}", value)

    def _usage_edited(self) -> None:
        self._set("usage", self.usage.toPlainText().strip())

    # adding and removing
    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add data files"), str(self.window_.settings.folder("data")),
            self.tr(DATA_FILTER),
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

    # choosing the dataset
    def _show_suggestions(self, entry: dict[str, Any]) -> None:
        self.suggestion_list.clear()
        file = entry.get("file")
        if not isinstance(file, str):
            return
        found = self.suggestions.get(file)
        if found is None:
            self.suggestion_list.addItem(self.tr("Reading the header..."))
            options = {n: entry[n] for n in OPTION_FIELDS if n in entry}
            path = self.session.root / file
            self.suggestions[file] = []
            self.window_.jobs.start(
                "suggest", lambda progress, cancel: _suggest(path, options),
                succeeded=lambda matches: self._suggested(file, matches),
                failed=lambda exc: self._suggested(file, str(exc)),
            )  # fmt: skip
            return
        if isinstance(found, str):
            self.suggestion_list.addItem(found)
            return
        if not found:
            self.suggestion_list.addItem(self.tr("No catalogue entry has these columns."))
        for match in found[:5]:
            text = self.tr("{title} · {id} ({score}% of columns shared)").format(
                title=match.entry.title_en, id=match.entry.id, score=round(100 * match.score)
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, match.entry.id)
            self.suggestion_list.addItem(item)
        if found:
            self.suggestion_list.setCurrentRow(0)

    def _suggested(self, file: str, matches: list[HeaderMatch] | str) -> None:
        self.suggestions[file] = matches
        found = self.current()
        if found is not None and found[1].get("file") == file:
            self._show_suggestions(found[1])

    def _use_suggestion(self, item: QListWidgetItem | None) -> None:
        item = item or self.suggestion_list.currentItem()
        entry_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if entry_id:
            self._choose_entry(entry_id)

    def _choose_entry(self, entry_id: str) -> None:
        found = self.current()
        if found is None:
            return
        row = found[0]
        document = with_value(self.session.document, f"/datasets/{row}/schema", None)
        document = with_value(document, f"/datasets/{row}/catalogue_id", entry_id)
        self.session.replace_document(document, f"/datasets/{row}/catalogue_id")
        self._show_entry()

    def _search(self) -> None:
        catalogue = self.window_.catalogue
        if catalogue is None:
            return
        dialog = CatalogueSearchDialog(catalogue, self)
        if dialog.exec() and dialog.chosen():
            self._choose_entry(str(dialog.chosen()))

    def _draft_schema(self) -> None:
        found = self.current()
        if found is None or not isinstance(found[1].get("file"), str):
            return
        row, entry = found
        root = self.session.root
        source = Path(entry["file"])
        start = root / "schemas" / f"{source.stem}.schema.json"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the drafted schema"), str(start), self.tr("JSON Schema (*.json)")
        )
        if not name:
            return
        target = Path(name)
        options = {n: entry[n] for n in OPTION_FIELDS if n in entry}

        def work(progress: Any, cancel: Any) -> str:
            from hksh_packager.core.workflows.catalogue import draft_schema, write_schema
            from hksh_packager.core.workflows.validate import ReadOptions

            target.parent.mkdir(parents=True, exist_ok=True)
            write_schema(draft_schema(root / source, ReadOptions(**options)), target)
            return bring_into_project(root, target, "schemas")

        def drafted(relative: str) -> None:
            document = with_value(self.session.document, f"/datasets/{row}/catalogue_id", None)
            document = with_value(document, f"/datasets/{row}/schema", relative)
            self.session.replace_document(document)
            self._fill_table()

        self.window_.jobs.start(
            "draft schema", work, succeeded=drafted,
            failed=lambda exc: self.window_.failures.report(exc, self.tr("drafting a schema")),
        )  # fmt: skip

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
            for step, entry in enumerate(usable, start=1):
                result = _validate(root, entry, as_step(progress, step, len(usable)), cancel)
                progress.partial((entry["file"], result))

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
            self._show_result(found[1])

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

    def _show_result(self, entry: dict[str, Any]) -> None:
        known = self.session.validations.get(entry.get("file", ""))
        if known is None:
            self.summary.setText(self.tr("Not validated yet."))
            self.errors_model.set_errors([])
        else:
            result = known.result
            text = self.tr("{rows} rows, {bad} with errors, {errors} errors.").format(
                rows=f"{result.rows:,}", bad=f"{result.invalid_rows:,}",
                errors=f"{result.error_count:,}",
            )  # fmt: skip
            problems = [p.message for p in result.table_problems]
            if len(result.errors) < result.error_count:
                text += " " + self.tr("The first {n} of each column and rule are listed.").format(
                    n=100
                )
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
        error = self.errors_filter.data(index, ERROR_ROLE)
        if error is None:
            error = self.errors_model.errors[self.errors_filter.mapToSource(index).row()]
        self.pending_mark = error
        if self._load_preview():
            self._mark_pending()

    def _preview_wanted(self) -> tuple[str, str] | None:
        found = self.current()
        if found is None or not isinstance(found[1].get("file"), str):
            return None
        entry = found[1]
        options = {n: entry[n] for n in OPTION_FIELDS if n in entry}
        return entry["file"], repr(sorted(options.items()))

    def _load_preview(self) -> bool:
        """True when the preview of the selected file is loaded now; else loading starts."""
        wanted = self._preview_wanted()
        if wanted is None:
            return False
        if wanted == self.preview_key and self.preview_model.preview is not None:
            return True
        if self.preview_job is not None:
            self.preview_job.cancel()
        entry = self.current()[1]  # type: ignore[index]
        options = {n: entry[n] for n in OPTION_FIELDS if n in entry}
        path = self.session.root / entry["file"]
        self.preview_key = wanted
        self.preview_model.set_preview(None)
        self.preview_note.setText(self.tr("Reading {file}...").format(file=entry["file"]))
        job = self.window_.jobs.start(
            "preview", lambda progress, cancel: _preview(path, options, progress, cancel),
            succeeded=lambda preview: self._preview_loaded(wanted, preview),
            failed=lambda exc: self._preview_failed(wanted, exc),
        )  # fmt: skip
        self.preview_job = job
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
        self.preview_job = None
        self.preview_key = None
        from hksh_packager.gui.failures import failure_text

        self.preview_note.setText(failure_text(exc, "reading the preview") or "")

    def _mark_pending(self) -> None:
        error, preview = self.pending_mark, self.preview_model.preview
        if error is None or preview is None:
            return
        self.pending_mark = None
        index = preview.index_of_row(error.row)
        if index is None:
            self.preview_note.setText(self.tr("Row {row} is not in the preview.").format(
                row=error.row))  # fmt: skip
            return
        column = preview.columns.index(error.column) if error.column in preview.columns else 0
        cell = self.preview_model.mark(index, column)
        self.tabs.setCurrentIndex(1)
        self.preview_view.selectionModel().setCurrentIndex(
            cell, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.preview_view.scrollTo(cell, QAbstractItemView.ScrollHint.PositionAtCenter)

    # the page
    def show_problem(self, blocker: Blocker) -> None:
        for row, entry in enumerate(self.entries()):
            if (blocker.file and entry.get("file") == blocker.file) or (
                blocker.pointer.startswith(f"/datasets/{row}")
            ):
                self.table.setCurrentCell(row, 0)
                break
        if blocker.pointer.endswith("/usage"):
            self.usage.setFocus()
        elif blocker.pointer.endswith("/city"):
            self.city.setFocus()
        elif blocker.pointer.endswith("/catalogue_id"):
            self.suggestion_list.setFocus()
        else:
            self.table.setFocus()

    def closing(self) -> None:
        self._cancel()
        if self.preview_job is not None:
            self.preview_job.cancel()

    def load(self) -> None:
        self._fill_table()

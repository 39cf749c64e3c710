"""The selected dataset's details: which catalogue entry (suggested from its header, searched, or
a drafted custom schema), its city, how it is used, and how to read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
)

from hksh_packager.core.submission.document import schema_choices
from hksh_packager.core.submission.draft import bring_into_project, with_catalogue_entry, with_value
from hksh_packager.core.validation.report_format import entry_options
from hksh_packager.gui.dialogs.catalogue_search import CatalogueSearchDialog
from hksh_packager.gui.names import app_language, city_name, script_of, shown_name
from hksh_packager.gui.widgets.fields import error_label

if TYPE_CHECKING:
    from hksh_packager.core.catalogue.catalogue import HeaderMatch
    from hksh_packager.gui.pages.datasets import DatasetsPage

Selected = tuple[int, dict[str, Any]] | None
TEXT_OPTIONS = ("encoding", "sheet", "pointer")


def _suggestion_key(file: str, options: dict[str, Any]) -> str:
    return file + "\0" + json.dumps(options, sort_keys=True)


def _suggest(path: Path, options: dict[str, Any]) -> list[HeaderMatch]:
    from hksh_packager.core.workflows.catalogue import match_file
    from hksh_packager.core.workflows.validate import ReadOptions

    return match_file(path, ReadOptions.of_entry(options))


def _button(name: str, text: str, slot: Any) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


class DatasetDetails(QGroupBox):
    def __init__(self, page: DatasetsPage) -> None:
        super().__init__()
        self.setTitle(self.tr("The selected file"))
        self.page = page
        self.session = page.session
        self.window_ = page.window_
        self.suggestions: dict[str, list[HeaderMatch] | str] = {}  # by file: matches or why not
        self.reading: set[str] = set()  # files whose header is being read for suggestions
        self._build()

    def show_entry(self, found: Selected) -> None:
        """Show the selected entry (None: none selected)."""
        editors = (*self.options.values(), *self.header_options.values(), self.skip_rows)
        for widget in (self.use_button, self.search_button, self.draft_button, self.city,
                       self.usage, *editors):  # fmt: skip
            widget.setEnabled(found is not None)
        self._loading = True
        try:
            if found is None:
                self.dataset_label.setText(self.tr("Add a data file to begin."))
                self.usage.setPlainText("")
                self.suggestion_list.clear()
                return
            _, entry = found
            self.dataset_label.setText(self._dataset_text(entry))
            self.city.setCurrentIndex(max(0, self.city.findData(entry.get("city", ""))))
            if self.usage.toPlainText().strip() != entry.get("usage", ""):
                self.usage.setPlainText(entry.get("usage", ""))
            for name, edit in self.options.items():
                edit.setText(entry.get(name, ""))
            for name, spin in self.header_options.items():
                value = entry.get(name)
                spin.setValue(value if isinstance(value, int) else 0)
            skip = entry.get("skip_rows")
            self.skip_rows.setText(skip[0] if isinstance(skip, list) and skip else "")
        finally:
            self._loading = False
        self._show_suggestions(entry)
        self.show_errors(found)

    def focus(self, pointer: str) -> bool:
        for suffix, widget in (("/usage", self.usage), ("/city", self.city),
                               ("/catalogue_id", self.suggestion_list)):  # fmt: skip
            if pointer.endswith(suffix):
                widget.setFocus()
                return True
        return False

    def _build(self) -> None:
        form = QFormLayout(self)
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
        self.use_button = _button("use-suggestion", self.tr("Use suggestion"),
                                       lambda: self._use_suggestion(None))  # fmt: skip
        self.search_button = _button(
            "search-catalogue", self.tr("Search catalogue..."), self._search
        )
        self.draft_button = _button(
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
            self.city.addItem(city_name(city), city)
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
        for name in TEXT_OPTIONS:
            edit = QLineEdit()
            edit.setObjectName(f"dataset-{name}")
            edit.setAccessibleName(labels[name])
            edit.setPlaceholderText(self.tr("detected") + f" ({hints[name]})")
            edit.textEdited.connect(lambda text, n=name: self._set(n, text.strip()))
            self.options[name] = edit
            form.addRow(labels[name], edit)
        # Where a CSV or Excel header is, when finding it (titles, several rows) gets it wrong.
        self.header_options: dict[str, QSpinBox] = {}
        header_labels = {"header_row": self.tr("Header starts on row"),
                         "header_rows": self.tr("Rows in the header")}  # fmt: skip
        for name, most in (("header_row", 60), ("header_rows", 4)):
            spin = QSpinBox()
            spin.setObjectName(f"dataset-{name}")
            spin.setAccessibleName(header_labels[name])
            spin.setRange(0, most)
            spin.setSpecialValueText(self.tr("detected"))  # 0: not given
            spin.valueChanged.connect(lambda value, n=name: self._set(n, value or None))
            self.header_options[name] = spin
            form.addRow(header_labels[name], spin)
        # Rows that are not data (a total, notes under the table), for this file only.
        self.skip_rows = QLineEdit()
        self.skip_rows.setObjectName("dataset-skip_rows")
        self.skip_rows.setAccessibleName(self.tr("Rows that are not data"))
        self.skip_rows.setPlaceholderText(
            self.tr("none (a pattern on the first column, or COLUMN=PATTERN: ^Total$)")
        )
        self.skip_rows.textEdited.connect(
            lambda text: self._set("skip_rows", [text.strip()] if text.strip() else None)
        )
        form.addRow(self.tr("Rows that are not data"), self.skip_rows)
        self.entry_errors = error_label("dataset")
        form.addRow(self.entry_errors)
        self._loading = False

    def _script(self) -> str:
        return script_of()

    def _dataset_text(self, entry: dict[str, Any]) -> str:
        if "schema" in entry:
            return self.tr("Custom schema {file}").format(file=entry["schema"])
        catalogue = self.window_.catalogue
        entry_id = entry.get("catalogue_id")
        if not entry_id:
            return self.tr("Not chosen: use a suggestion, search the catalogue, or draft a schema.")
        if catalogue is not None and entry_id in catalogue.entries:
            found = catalogue.entries[entry_id]
            return f"{shown_name(found.titles(), self._script())}\n{entry_id}"
        return str(entry_id)

    def show_errors(self, found: Selected) -> None:
        lines = []
        if found is not None:
            prefix = f"/datasets/{found[0]}"
            for pointer in sorted(self.session.errors):
                if pointer == prefix or pointer.startswith(prefix + "/"):
                    lines += [
                        e.for_person(app_language()) for e in self.session.field_errors(pointer)
                    ]
        self.entry_errors.setText("\n".join(lines))
        self.entry_errors.setVisible(bool(lines))

    def _set(self, name: str, value: Any) -> None:
        found = self.page.current()
        if found is None or self._loading:
            return
        self.session.set_value(f"/datasets/{found[0]}/{name}", value)

    def _usage_edited(self) -> None:
        self._set("usage", self.usage.toPlainText().strip())

    # choosing the dataset
    def _show_suggestions(self, entry: dict[str, Any]) -> None:
        self.suggestion_list.clear()
        file = entry.get("file")
        if not isinstance(file, str):
            return
        options = entry_options(entry)
        key = _suggestion_key(file, options)  # read again when a reading option changes
        found = self.suggestions.get(key)
        if key in self.reading:
            # Still reading: "no entry has these columns" would be said before it is known.
            self.suggestion_list.addItem(self.tr("Reading the header..."))
            return
        if found is None:
            self.suggestion_list.addItem(self.tr("Reading the header..."))
            path = self.session.root / file
            self.reading.add(key)
            self.window_.jobs.start(
                "suggest", lambda progress, cancel: _suggest(path, options),
                succeeded=lambda matches: self._suggested(key, matches),
                failed=lambda exc: self._suggested(key, str(exc)),
            )  # fmt: skip
            return
        if isinstance(found, str):
            self.suggestion_list.addItem(found)
            return
        from hksh_packager.core.catalogue.catalogue import suggestions

        # The useful ones, the dataset's own city first.
        found, _ = suggestions(found, entry.get("city"))
        if not found:
            self.suggestion_list.addItem(self.tr("No catalogue entry has these columns."))
        for match in found[:5]:
            # The share first: the list is narrow, and a long title would hide it.
            text = self.tr("{score}% of columns · {title} ({id})").format(
                title=match.entry.titles()[self._script()], id=match.entry.id,
                score=round(100 * match.score),
            )  # fmt: skip
            item = QListWidgetItem(text)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, match.entry.id)
            self.suggestion_list.addItem(item)
        if found:
            self.suggestion_list.setCurrentRow(0)

    def _suggested(self, key: str, matches: list[HeaderMatch] | str) -> None:
        self.reading.discard(key)
        self.suggestions[key] = matches
        found = self.page.current()
        file = found[1].get("file") if found is not None else None
        if isinstance(file, str) and _suggestion_key(file, entry_options(found[1])) == key:  # type: ignore[index]
            self._show_suggestions(found[1])  # type: ignore[index]

    def _use_suggestion(self, item: QListWidgetItem | None) -> None:
        item = item or self.suggestion_list.currentItem()
        entry_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if entry_id:
            self._choose_entry(entry_id)

    def _choose_entry(self, entry_id: str) -> None:
        found = self.page.current()
        if found is None:
            return
        row = found[0]
        document = with_catalogue_entry(self.session.document, row, entry_id)
        self.session.replace_document(document, f"/datasets/{row}/catalogue_id")
        self.show_entry(self.page.current())

    def _search(self) -> None:
        catalogue = self.window_.catalogue
        if catalogue is None:
            return
        dialog = CatalogueSearchDialog(catalogue, self, self._script())
        if dialog.exec() and dialog.chosen():
            self._choose_entry(str(dialog.chosen()))

    def _draft_schema(self) -> None:
        found = self.page.current()
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
        options = entry_options(entry)

        def work(progress: Any, cancel: Any) -> str:
            from hksh_packager.core.workflows.catalogue import draft_schema, write_schema
            from hksh_packager.core.workflows.validate import ReadOptions

            target.parent.mkdir(parents=True, exist_ok=True)
            write_schema(draft_schema(root / source, ReadOptions.of_entry(options)), target)
            return bring_into_project(root, target, "schemas")

        def drafted(relative: str) -> None:
            document = with_value(self.session.document, f"/datasets/{row}/catalogue_id", None)
            document = with_value(document, f"/datasets/{row}/schema", relative)
            self.session.replace_document(document)
            self.page.refresh()

        self.window_.jobs.start(
            "draft schema", work, succeeded=drafted,
            failed=lambda exc: self.window_.failures.report(exc, self.tr("drafting a schema")),
        )  # fmt: skip

"""Form fields bound to the submission: each edits one JSON pointer of the draft and shows that
field's errors under it as the user types (worded by core, never a pointer)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hksh_packager.gui.names import app_language
from hksh_packager.gui.session import ProjectSession

ERROR_STYLE = "color: #c62828;"  # legible on light and dark palettes alike


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"error:{name}")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class FieldForm(QWidget):
    """A form of fields, each bound to a pointer of the session's draft."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.layout_ = QFormLayout(self)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._loaders: dict[str, Callable[[], None]] = {}
        self._loading = False
        session.errors_changed.connect(self.show_errors)

    def _add(self, pointer: str, label: str, editor: QWidget) -> None:
        editor.setObjectName(pointer)
        editor.setAccessibleName(label)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(editor)
        self.errors[pointer] = error_label(pointer)
        column.addWidget(self.errors[pointer])
        caption = QLabel(label)
        caption.setBuddy(editor)
        self.layout_.addRow(caption, box)
        self.editors[pointer] = editor

    def add_line(self, pointer: str, label: str, placeholder: str = "") -> QLineEdit:
        editor = QLineEdit()
        editor.setPlaceholderText(placeholder)
        editor.textEdited.connect(lambda text: self.session.set_value(pointer, text.strip()))
        self._loaders[pointer] = lambda: editor.setText(str(self.session.value(pointer, "")))
        self._add(pointer, label, editor)
        return editor

    def add_list_line(self, pointer: str, label: str, placeholder: str = "") -> QLineEdit:
        """A list of short texts typed on one line, separated by commas."""
        editor = QLineEdit()
        editor.setPlaceholderText(placeholder)

        def edited(text: str) -> None:
            items = [item.strip() for item in text.split(",")]
            self.session.set_value(pointer, [item for item in items if item])

        editor.textEdited.connect(edited)

        def load() -> None:
            value = self.session.value(pointer, [])
            if isinstance(value, list):
                editor.setText(", ".join(str(v) for v in value))

        self._loaders[pointer] = load
        self._add(pointer, label, editor)
        return editor

    def add_text(self, pointer: str, label: str, placeholder: str = "") -> QPlainTextEdit:
        editor = QPlainTextEdit()
        editor.setPlaceholderText(placeholder)
        editor.setTabChangesFocus(True)  # Tab moves on, as in every other field
        editor.setMinimumHeight(70)
        editor.setMaximumHeight(130)

        def edited() -> None:
            if not self._loading:
                self.session.set_value(pointer, editor.toPlainText().strip())

        editor.textChanged.connect(edited)
        self._loaders[pointer] = lambda: editor.setPlainText(str(self.session.value(pointer, "")))
        self._add(pointer, label, editor)
        return editor

    def add_choice(self, pointer: str, label: str, choices: Sequence[tuple[str, str]]) -> QComboBox:
        """`choices`: (value, text shown); the first may be ("", "Choose...")."""
        editor = QComboBox()
        self.set_choices(editor, choices)
        editor.activated.connect(
            lambda index: self.session.set_value(pointer, editor.itemData(index) or "")
        )

        def load() -> None:
            value = self.session.value(pointer, "")
            index = editor.findData(value)
            if index < 0 and value:
                editor.addItem(str(value), value)  # a value the list does not offer: keep it
                index = editor.count() - 1
            editor.setCurrentIndex(max(index, 0))

        self._loaders[pointer] = load
        self._add(pointer, label, editor)
        return editor

    @staticmethod
    def set_choices(editor: QComboBox, choices: Sequence[tuple[str, Any]]) -> None:
        editor.clear()
        for value, text in choices:
            editor.addItem(text, value)

    def load(self) -> None:
        """Show the draft's values (without counting it as an edit)."""
        self._loading = True
        try:
            for loader in self._loaders.values():
                loader()
        finally:
            self._loading = False
        self.show_errors()

    def show_errors(self) -> None:
        for pointer, label in self.errors.items():
            errors = self.session.field_errors(pointer)
            label.setText("\n".join(e.for_person(app_language()) for e in errors))
            label.setVisible(bool(errors))

    def focus(self, pointer: str) -> bool:
        editor = self.editors.get(pointer)
        if editor is None:
            return False
        self.session.touched.add(pointer)
        self.show_errors()
        editor.setFocus()
        return True

"""Every control a person uses can be named by a screen reader and reached from the keyboard: on
every step of the main window (with the sample open), the organisers' window and the dialogs."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hksh_packager.core.workflows.steps import Step
from hksh_packager.gui.dialogs.about import AboutDialog
from hksh_packager.gui.dialogs.catalogue_search import CatalogueSearchDialog
from hksh_packager.gui.dialogs.preferences import PreferencesDialog
from hksh_packager.gui.intake_window import IntakeWindow
from hksh_packager.gui.main_window import MainWindow

CONTROLS = (QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit, QAbstractButton)


def _qt_own(widget: QWidget) -> bool:
    """Parts Qt makes inside its widgets (headers, a table's corner button, a combo box's popup,
    the menu bar's overflow button): Qt names them for assistive tools itself."""
    container = widget.parentWidget()
    combo = container.parentWidget() if container is not None else None
    return (
        isinstance(widget, QHeaderView)
        or widget.objectName().startswith("qt_")
        or isinstance(combo, QComboBox)  # the popup list, inside its private container
    )


def _unnamed(root: QWidget) -> list[str]:
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy() is not None}
    found = []
    for control in root.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or _qt_own(control):
            continue
        text = control.text().strip() if isinstance(control, QAbstractButton) else ""
        if not (control.accessibleName() or text or control in buddies):
            found.append(f"{type(control).__name__} {control.objectName()!r}")
        if control.isEnabled() and not control.focusPolicy() & Qt.FocusPolicy.TabFocus:
            if not isinstance(control, QAbstractButton) or control.parentWidget() is None:
                continue
            if control.focusPolicy() == Qt.FocusPolicy.NoFocus:
                found.append(f"{type(control).__name__} {control.objectName()!r} takes no focus")
    return found


def _other_windows(qtbot: QtBot, settings, window: MainWindow) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """The organisers' window and the dialogs, each checked as the main window's steps are."""
    intake = IntakeWindow()
    qtbot.addWidget(intake)
    assert window.catalogue is not None
    return [intake, PreferencesDialog(settings, window), AboutDialog(window.catalogue, window),
            CatalogueSearchDialog(window.catalogue, window)]  # fmt: skip


def test_every_control_has_a_name_and_takes_the_keyboard(
    qtbot: QtBot, settings, sample_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window = sample_window
    problems = []
    for step in Step:
        window.go_to_step(step)
        problems += [f"{step}: {p}" for p in _unnamed(window)]
    dialogs = _other_windows(qtbot, settings, window)
    for dialog in dialogs:
        problems += [f"{dialog.objectName()}: {p}" for p in _unnamed(dialog)]
        dialog.close()
    assert problems == [], "\n".join(problems)


def test_the_app_icon_draws_at_every_size_a_desktop_asks_for(qtbot: QtBot) -> None:
    from hksh_packager.gui.app import app_icon

    icon = app_icon()
    for size in (16, 32, 64, 256):
        image = icon.pixmap(size, size).toImage()
        assert image.width() == size
        # Drawn, not blank: the red and blue faces of the box are there.
        colours = {image.pixelColor(x, y).name() for x in range(size) for y in range(size)}
        assert len(colours) > 3, size


def _tab_chain(root: QWidget) -> list[QWidget]:
    """The controls Tab visits inside `root`, in Tab's order, starting after `root` itself."""
    chain: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not root and len(chain) < 1000:
        takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if takes_tab and widget.isVisible() and widget.isEnabled() and root.isAncestorOf(widget):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _backwards(root: QWidget, chain: list[QWidget]) -> list[str]:
    """Steps of the chain that go back up the page: to a control lying wholly above the last."""
    found = []
    for before, after in pairwise(chain):
        top = before.mapTo(root, before.rect().topLeft()).y()
        bottom = after.mapTo(root, after.rect().bottomLeft()).y()
        if bottom < top:
            found.append(f"{after.objectName() or after.accessibleName()!r} after "
                         f"{before.objectName() or before.accessibleName()!r}")  # fmt: skip
    return found


def test_tab_order_follows_the_page(qtbot: QtBot, settings, sample_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Tab goes from the step list through the page, top to bottom, to the problems panel at the
    foot of the side column, and round again."""
    window = sample_window
    steps = window.findChild(QWidget, "steps")
    # The materials page fills its table again once its files are measured (in a worker); wait
    # for that, so the rows checked are the ones a person tabs through.
    window.go_to_step(Step.MATERIALS)
    qtbot.waitUntil(lambda: bool(window.pages[Step.MATERIALS].found), timeout=10_000)
    problems = []
    for step in Step:
        window.go_to_step(step)
        qtbot.wait(20)  # widgets replaced while filling are deleted by the event loop, as for Tab
        chain = _tab_chain(window)
        start = chain.index(steps)
        chain = chain[start:] + chain[:start]
        assert chain[-1].objectName() == "problems", step
        problems += [f"{step}: {p}" for p in _backwards(window, chain[1:-1])]
    dialogs = _other_windows(qtbot, settings, window)
    for dialog in dialogs:
        dialog.show()
        problems += [f"{dialog.objectName()}: {p}" for p in _backwards(dialog, _tab_chain(dialog))]
        dialog.close()
    assert problems == [], "\n".join(problems)


def test_menus_follow_each_systems_conventions(qtbot: QtBot, settings) -> None:  # type: ignore[no-untyped-def]
    """Preferences, About and Quit carry the roles macOS uses to put them in the application
    menu; Preferences has Ctrl+, where the system has no standard key for it (Linux)."""
    from PySide6.QtGui import QAction, QKeySequence

    from hksh_packager.gui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    roles = {a.objectName(): a.menuRole() for a in window.findChildren(QAction) if a.objectName()}
    assert roles["preferences"] == QAction.MenuRole.PreferencesRole
    assert roles["about"] == QAction.MenuRole.AboutRole
    assert roles["quit"] == QAction.MenuRole.QuitRole
    assert roles["open-intake"] == QAction.MenuRole.NoRole
    preferences = next(a for a in window.findChildren(QAction) if a.objectName() == "preferences")
    assert preferences.shortcuts(), "Preferences has a keyboard shortcut on every system"
    if not QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences):
        assert preferences.shortcuts() == [QKeySequence("Ctrl+,")]
    window.close()

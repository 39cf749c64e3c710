"""The main window: the steps in a side list, the step pages, and the problems panel that lists
everything that blocks packing. It owns the open project's session, the jobs, and the key secrets
unlocked in this run."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QWidget,
)

from hksh_packager import APP_NAME, DISPLAY_NAME, __version__
from hksh_packager.core.common.messages import Message
from hksh_packager.core.signing.minisign import SecretKey
from hksh_packager.core.signing.passphrase import preset_passphrase
from hksh_packager.core.signing.team_keys import TeamKey
from hksh_packager.core.submission.draft import create_project, load_draft
from hksh_packager.core.workflows import keys
from hksh_packager.core.workflows.readiness import Blocker, Readiness, Severity
from hksh_packager.core.workflows.receipt import PackedBundle
from hksh_packager.core.workflows.steps import Step, StepState, step_of, step_states
from hksh_packager.gui.dialogs.about import AboutDialog
from hksh_packager.gui.dialogs.guide import GuideDialog
from hksh_packager.gui.dialogs.new_project import NewProjectDialog
from hksh_packager.gui.dialogs.passphrase import PassphraseDialog
from hksh_packager.gui.dialogs.preferences import PreferencesDialog
from hksh_packager.gui.failures import FailureReporter
from hksh_packager.gui.intake_window import IntakeWindow
from hksh_packager.gui.jobs import Jobs
from hksh_packager.gui.names import said
from hksh_packager.gui.pages.base import Page
from hksh_packager.gui.pages.datasets import DatasetsPage
from hksh_packager.gui.pages.done import DonePage
from hksh_packager.gui.pages.materials import MaterialsPage
from hksh_packager.gui.pages.review import ReviewPage
from hksh_packager.gui.pages.solution import SolutionPage
from hksh_packager.gui.pages.team import TeamPage
from hksh_packager.gui.pages.welcome import WelcomePage
from hksh_packager.gui.session import ProjectSession
from hksh_packager.gui.settings import AppSettings

log = logging.getLogger(__name__)

PAGES: tuple[type[Page], ...] = (TeamPage, SolutionPage, DatasetsPage, MaterialsPage, ReviewPage,
                                 DonePage)  # fmt: skip

if TYPE_CHECKING:  # the catalogue loads in a worker
    from hksh_packager.core.catalogue.catalogue import Catalogue


def _load_catalogue() -> Catalogue:
    from hksh_packager.core.catalogue.catalogue import load_catalogue

    return load_catalogue()  # metadata only: entries' validators are built when first used


def _warm_up(catalogue: Catalogue) -> None:
    """What the first search, suggestion and Validate would otherwise wait for, loaded once the
    catalogue is ready, while the user reads the first page: OpenCC's dictionaries (every title
    in both scripts), then the data stack (loading pyarrow's extensions holds the interpreter for
    a tenth of a second, which the first Validate would show as a frozen window)."""
    for entry in catalogue.entries.values():
        entry.titles()
    import hksh_packager.core.datasets.preview
    import hksh_packager.core.validation.engine  # noqa: F401


def _open_draft(folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The draft and the validation results kept with it that still hold (in a worker)."""
    from hksh_packager.core.validation.saved import load_results

    document = load_draft(folder)
    return document, load_results(folder, document)


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.setWindowTitle(DISPLAY_NAME)
        self.resize(1180, 780)
        self.settings = settings or AppSettings()
        self.jobs = Jobs(self)
        self.failures = FailureReporter(self)
        self.catalogue: Catalogue | None = None
        self.secrets: dict[str, SecretKey] = {}  # unlocked in this run, by team
        self.session: ProjectSession | None = None
        self.pages: dict[Step, Page] = {}
        self.packed: PackedBundle | None = None
        self.intake_window: IntakeWindow | None = None
        self.stack = QStackedWidget()
        self.welcome = WelcomePage(self)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self._build_problems()
        self._build_menus()
        self.statusBar().showMessage(self.tr("Open a project or start a new one."))
        self.jobs.start(
            "catalogue", lambda progress, cancel: _load_catalogue(),
            succeeded=self._catalogue_loaded,
            failed=lambda exc: self.failures.report(exc, self.tr("reading the dataset catalogue")),
        )  # fmt: skip

    # building
    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        for text, shortcut, slot in (
            (self.tr("&New project..."), QKeySequence.StandardKey.New,
             lambda: self.new_project(False)),
            (self.tr("New from the &sample..."), None, lambda: self.new_project(True)),
            (self.tr("&Open project..."), QKeySequence.StandardKey.Open, self.choose_project),
            (self.tr("Open &bundle..."), None, self.choose_bundle),
        ):  # fmt: skip
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
        self.recent_menu = menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        organise = QAction(self.tr("&Verify bundles (organisers)..."), self)
        organise.setMenuRole(QAction.MenuRole.NoRole)  # never taken for Preferences by its text
        organise.setObjectName("open-intake")
        organise.triggered.connect(self.show_intake)
        menu.addAction(organise)
        menu.addSeparator()
        preferences = QAction(self.tr("&Preferences..."), self)
        preferences.setObjectName("preferences")
        # macOS moves these three into the application menu, as its users expect; Windows and
        # Linux keep them here. Linux has no standard key for Preferences: Ctrl+, as elsewhere.
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        preferences.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
            or [QKeySequence("Ctrl+,")]
        )
        preferences.triggered.connect(self.show_preferences)
        menu.addAction(preferences)
        menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setObjectName("quit")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        view = self.menuBar().addMenu(self.tr("&View"))
        view.addAction(self.problems_dock.toggleViewAction())
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        guide = QAction(self.tr("&Guide"), self)
        guide.setObjectName("guide")
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.triggered.connect(self.show_guide)
        help_menu.addAction(guide)
        about = QAction(self.tr("&About HKSH Packager..."), self)
        about.setObjectName("about")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_problems(self) -> None:
        self.problems = QListWidget()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName(self.tr("Problems that block packing"))
        self.problems.itemActivated.connect(
            lambda item: self.go_to_problem(item.data(Qt.ItemDataRole.UserRole))
        )
        self.problems.itemClicked.connect(
            lambda item: self.go_to_problem(item.data(Qt.ItemDataRole.UserRole))
        )
        dock = self.problems_dock = QDockWidget(self.tr("Problems"), self)
        dock.setObjectName("problems-dock")
        dock.setWidget(self.problems)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)  # fmt: skip
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.setVisible(False)

    def _build_project_view(self, session: ProjectSession) -> QWidget:
        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setAccessibleName(self.tr("Steps"))
        self.steps.setMaximumWidth(220)
        self.page_stack = QStackedWidget()
        self.pages = {}
        names = {Step.TEAM: self.tr("Team"), Step.SOLUTION: self.tr("Solution"),
                 Step.DATASETS: self.tr("Datasets"), Step.MATERIALS: self.tr("Materials"),
                 Step.REVIEW: self.tr("Review and sign"), Step.DONE: self.tr("Done")}  # fmt: skip
        self.step_names = names
        for page_type in PAGES:
            page = page_type(self, session)
            self.pages[page.step] = page
            self.page_stack.addWidget(page)
            item = QListWidgetItem(names[page.step])
            item.setData(Qt.ItemDataRole.UserRole, str(page.step))
            self.steps.addItem(item)
        self.steps.currentRowChanged.connect(self._step_chosen)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.steps)
        split.addWidget(self.page_stack)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 980])
        return split

    # projects
    def new_project(self, from_sample: bool) -> NewProjectDialog:
        """Ask for the edition, the stage, where and whether from the sample; then create it."""
        dialog = NewProjectDialog(self.settings, from_sample, self)
        dialog.accepted.connect(lambda: self.create_project(*dialog.choices()))
        dialog.open()
        return dialog

    def create_project(
        self, folder: Path, from_sample: bool, challenge: str | None = None,
        stage: str | None = None,
    ) -> None:  # fmt: skip
        def create(progress: Any, cancel: Any) -> Path:
            return create_project(folder, from_sample=from_sample, challenge=challenge, stage=stage)

        def created(made: Path) -> None:
            self.settings.set_folder("projects", Path(made).parent)
            self.open_project(made)

        self.jobs.start(
            "new project", create,
            succeeded=created,
            failed=lambda exc: self.failures.report(exc, self.tr("creating the project")),
        )  # fmt: skip

    def choose_project(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Open a project folder"),
                                                str(self.settings.folder("projects")))  # fmt: skip
        if name:
            self.open_project(Path(name))

    def open_project(self, folder: Path) -> None:
        self.jobs.start(
            "open project", lambda progress, cancel: _open_draft(Path(folder)),
            succeeded=lambda opened: self._project_loaded(Path(folder), *opened),
            failed=lambda exc: self.failures.report(exc, self.tr("opening the project")),
        )  # fmt: skip

    def _project_loaded(
        self, folder: Path, document: dict[str, Any], kept: dict[str, Any] | None = None
    ) -> None:
        self.close_project()
        session = ProjectSession(folder, document, self, validations=kept)
        self.session = session
        session.readiness_changed.connect(self._readiness_changed)
        session.saved.connect(lambda: self.statusBar().showMessage(self.tr("Saved"), 2000))
        session.save_failed.connect(
            lambda exc: self.failures.report(exc, self.tr("saving submission.json"))
        )
        view = self._build_project_view(session)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.problems_dock.setVisible(True)
        self.resizeDocks([self.problems_dock], [130], Qt.Orientation.Vertical)
        self.setWindowTitle(f"{folder.name} — {DISPLAY_NAME}")
        self.settings.add_recent(folder.resolve())
        self.settings.set_folder("projects", folder.resolve().parent)
        self.steps.setCurrentRow(0)
        self.statusBar().showMessage(self.tr("Opened {folder}").format(folder=folder), 4000)
        session.recheck()

    def close_project(self) -> None:
        if self.session is None:
            return
        for page in self.pages.values():
            page.closing()
        self.session.flush()
        view = self.stack.widget(1)
        if view is not None:
            self.stack.removeWidget(view)
            view.deleteLater()
        self.session.deleteLater()
        self.session, self.pages, self.packed = None, {}, None
        self.problems.clear()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for folder in self.settings.recent_projects:
            action = self.recent_menu.addAction(str(folder))
            action.triggered.connect(lambda _=False, f=folder: self.open_project(f))
        if not self.settings.recent_projects:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def _catalogue_loaded(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        # Once warm, everything loaded lives as long as the app: keep it out of the garbage
        # collector's full passes, which otherwise walk the whole data stack and pause the window.
        self.jobs.start("warm up", lambda progress, cancel: _warm_up(catalogue),
                        succeeded=lambda _: gc.freeze())  # fmt: skip
        datasets = self.pages.get(Step.DATASETS)
        if isinstance(datasets, DatasetsPage):
            datasets.load()

    # steps and problems
    def _step_chosen(self, row: int) -> None:
        self.page_stack.setCurrentIndex(row)
        page = self.page_stack.currentWidget()
        if isinstance(page, Page):
            page.entered()

    def go_to_step(self, step: Step) -> Page:
        page = self.pages[step]
        self.steps.setCurrentRow(list(self.pages).index(step))
        return page

    def go_to_problem(self, blocker: Blocker | None) -> None:
        if blocker is None or not self.pages:
            return
        self.go_to_step(step_of(blocker)).show_problem(blocker)

    def _readiness_changed(self, readiness: Readiness) -> None:
        self.problems.clear()
        style = self.style()
        for blocker in readiness.blockers:
            icon = (QStyle.StandardPixmap.SP_MessageBoxWarning
                    if blocker.severity == Severity.ERROR and not blocker.missing
                    else QStyle.StandardPixmap.SP_MessageBoxInformation)  # fmt: skip
            item = QListWidgetItem(style.standardIcon(icon), said(blocker.message))
            item.setData(Qt.ItemDataRole.UserRole, blocker)
            self.problems.addItem(item)
        errors = sum(1 for b in readiness.blockers if b.severity == Severity.ERROR)
        warnings = len(readiness.blockers) - errors
        if errors:
            title = self.tr("Problems ({n})").format(n=errors)
        elif warnings:
            title = self.tr("Problems (none blocking; {n} to know)").format(n=warnings)
        else:
            title = self.tr("Problems (none)")
        self.problems_dock.setWindowTitle(title)
        self._show_step_states(step_states(readiness.blockers))

    def _show_step_states(self, states: dict[Step, StepState]) -> None:
        if self.packed is not None:
            states[Step.DONE] = StepState.COMPLETE
        icons = {StepState.COMPLETE: QStyle.StandardPixmap.SP_DialogApplyButton,
                 StepState.PROBLEMS: QStyle.StandardPixmap.SP_MessageBoxWarning,
                 StepState.INCOMPLETE: QStyle.StandardPixmap.SP_DialogNoButton}  # fmt: skip
        words = {StepState.COMPLETE: self.tr("complete"),
                 StepState.PROBLEMS: self.tr("has problems"),
                 StepState.INCOMPLETE: self.tr("incomplete")}  # fmt: skip
        self.step_state_now = states
        for row, step in enumerate(self.pages):
            item = self.steps.item(row)
            item.setIcon(self.style().standardIcon(icons[states[step]]))
            item.setToolTip(words[states[step]])
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, words[states[step]])
            item.setData(Qt.ItemDataRole.UserRole + 1, str(states[step]))

    # keys
    def ask_passphrase(
        self, team: str, *, confirm: bool, notice: Message | None = None
    ) -> str | None:
        shown = said(notice) if notice is not None else None
        dialog = PassphraseDialog(team, confirm=confirm, notice=shown, parent=self)
        return dialog.passphrase() if dialog.exec() else None

    def unlock(
        self,
        key: TeamKey,
        then: Callable[[SecretKey], None],
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        """The team's secret key, asking for the passphrase here (on the GUI thread) when the key
        needs one, and loading it in a worker; kept for the rest of this run."""
        if key.team_id in self.secrets:
            then(self.secrets[key.team_id])
            return
        phrase = preset_passphrase() or ""
        if keys.needs_passphrase(key) and not phrase:
            asked = self.ask_passphrase(key.team_id, confirm=False)
            if asked is None:
                if on_cancel is not None:
                    on_cancel()
                return
            phrase = asked

        def unlocked(secret: SecretKey) -> None:
            self.secrets[key.team_id] = secret
            then(secret)

        def failed(exc: BaseException) -> None:
            self.failures.report(exc, self.tr("unlocking the team key"))
            if on_cancel is not None:
                on_cancel()

        self.jobs.start(
            "unlock", lambda progress, cancel: keys.unlock_key(key, lambda t, c: phrase),
            succeeded=unlocked, failed=failed,
        )  # fmt: skip

    # the end
    def show_done(self, packed: PackedBundle) -> None:
        self.packed = packed
        done = self.pages[Step.DONE]
        assert isinstance(done, DonePage)
        done.show_packed(packed)
        self.go_to_step(Step.DONE)
        if self.session is not None and self.session.readiness is not None:
            self._readiness_changed(self.session.readiness)

    def show_guide(self) -> GuideDialog:
        dialog = GuideDialog(self)
        dialog.show()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.catalogue, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def choose_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a bundle"), str(self.settings.folder("bundles")),
            self.tr("Bundles (*.zip)"),
        )  # fmt: skip
        if path:
            self.open_bundle(Path(path))

    def open_bundle(self, bundle: Path) -> IntakeWindow:
        """A bundle as the organisers' verifier and judges will see it: its findings, the
        submission as judges read it, its datasets (the organisers' window, with this bundle)."""
        window = self.show_intake()
        window.verify_paths([bundle])
        return window

    def show_intake(self) -> IntakeWindow:
        """The organisers' window, one per main window, brought to the front."""
        if self.intake_window is None:
            self.intake_window = IntakeWindow()
        self.intake_window.show()
        self.intake_window.raise_()
        return self.intake_window

    def show_preferences(self) -> None:
        PreferencesDialog(self.settings, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.intake_window is not None:
            self.intake_window.close()
        self.close_project()
        self.jobs.cancel_all()
        self.jobs.wait(10_000)
        self.settings.sync()
        log.debug("%s %s closed", APP_NAME, __version__)
        event.accept()

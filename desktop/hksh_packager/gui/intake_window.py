"""The organisers' window: open bundles or a folder of them (or drop them), verify them all in
worker processes, and read the intake as judges will: the table of the HTML report, every
problem of the chosen bundle, its submission read-only, and its datasets previewed and validated
again with the Datasets step's own widget."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hksh_packager import DISPLAY_NAME
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.signing.trust import TrustList
from hksh_packager.core.verify.bundle_review import BundleReview
from hksh_packager.core.verify.intake import (
    STANDINGS,
    VERDICT_WORDS,
    Intake,
    IntakeEntry,
    signed_text,
)
from hksh_packager.core.verify.report import TRUST
from hksh_packager.gui.dialogs.trust_list import TrustListDialog
from hksh_packager.gui.failures import FailureReporter
from hksh_packager.gui.jobs import Jobs
from hksh_packager.gui.models.intake import ENTRY_ROLE, IntakeFilter, IntakeModel
from hksh_packager.gui.names import app_language, said
from hksh_packager.gui.pages.review import sections_html
from hksh_packager.gui.widgets.dataset_results import DatasetResults
from hksh_packager.gui.widgets.drops import FileDropTarget
from hksh_packager.gui.widgets.progress import ProgressRow


def _safe(text: str) -> str:
    return html.escape(escape_text(text))


def _verify(paths: list[Path], trust: TrustList | None, progress: Any, cancel: Any) -> Intake:
    from hksh_packager.core.workflows import verify

    reports = verify.verify_many(paths, trust=trust, progress=progress, cancel=cancel)
    return verify.judge(reports, trust)


def _review(bundle: Path, folder: Path, cancel: Any) -> BundleReview:
    from hksh_packager.core.verify.bundle_review import review_bundle

    return review_bundle(bundle, folder, cancel=cancel)


def entry_html(entry: IntakeEntry) -> str:
    """Everything found about one bundle, every text from it escaped."""
    report = entry.report
    accepted = (
        QCoreApplication.translate("IntakeWindow", "accepted")
        if entry.accepted
        else QCoreApplication.translate("IntakeWindow", "not accepted")
    )
    rows = [
        (
            QCoreApplication.translate("IntakeWindow", "Verdict"),
            f"{said(VERDICT_WORDS[report.verdict]())} ({accepted})",
        ),
        (QCoreApplication.translate("IntakeWindow", "Standing"), said(STANDINGS[entry.standing]())),
        (
            QCoreApplication.translate("IntakeWindow", "Team"),
            " ".join(p for p in (report.team_id, report.team_name) if p),
        ),
        (
            QCoreApplication.translate("IntakeWindow", "Signing key"),
            f"{report.key_id or '-'} ({said(TRUST[report.trust]())})",
        ),
        (QCoreApplication.translate("IntakeWindow", "Signed (team's clock)"),
         signed_text(report.signed_at)),
        (QCoreApplication.translate("IntakeWindow", "Arrived"),
         signed_text(entry.arrival.arrived_at) if entry.arrival else ""),
        (QCoreApplication.translate("IntakeWindow", "File"), str(report.bundle)),
    ]  # fmt: skip
    parts = ["<table cellpadding='2'>"]
    parts += [f"<tr><td><b>{label}</b></td><td>{_safe(value)}</td></tr>"
              for label, value in rows if value]  # fmt: skip
    parts.append("</table>")
    if report.problems:
        heading = QCoreApplication.translate("IntakeWindow", "Problems ({n})")
        parts.append(f"<h4>{heading.format(n=len(report.problems))}</h4><ul>")
        parts += [
            f"<li><b>{_safe(str(p.check))}</b> <code>{_safe(p.member or '(archive)')}</code>: "
            f"{_safe(said(p.said or p.message))}</li>"
            for p in report.problems
        ]
        parts.append("</ul>")
    else:
        none = QCoreApplication.translate("IntakeWindow", "No problems.")
        parts.append(f"<p>{none}</p>")
    for title, items in (
        (QCoreApplication.translate("IntakeWindow", "Intake findings"), entry.said_findings()),
        (QCoreApplication.translate("IntakeWindow", "Notes"), report.said_notes()),
    ):
        if items:
            parts.append(f"<h4>{title}</h4><ul>")
            parts += [f"<li>{_safe(said(item))}</li>" for item in items]
            parts.append("</ul>")
    return "".join(parts)


class IntakeWindow(FileDropTarget, QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake-window")
        self.setWindowTitle(self.tr("Verify bundles") + f" — {DISPLAY_NAME}")
        self.resize(1280, 800)
        self.setAcceptDrops(True)
        self.jobs = Jobs(self)
        self.failures = FailureReporter(self)
        self._scratch = tempfile.TemporaryDirectory(prefix="hksh-review-")
        self.paths: list[Path] = []
        self.intake: Intake | None = None
        self.trust: TrustList | None = None
        self.reviews: dict[Path, BundleReview] = {}
        self.verify_job: Any = None
        self.watch_job: Any = None
        self.ledger: Path | None = None  # the intake folder whose ledger is shown
        self.shown_dataset: tuple[Path, str] | None = None
        self._build()
        self._load_stored_trust()

    # building
    def _build(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Intake"))
        for name, text, shortcut, slot in (
            ("open-bundles", self.tr("Open &bundles..."), QKeySequence.StandardKey.Open,
             self.choose_bundles),
            ("open-folder", self.tr("Open &folder..."), None, self.choose_folder),
            ("import-trust", self.tr("Import &trust list..."), None, self.choose_trust_list),
            ("show-trust", self.tr("Show the trust &list"), None, self.show_trust_list),
            ("save-report", self.tr("&Save report..."), QKeySequence.StandardKey.Save,
             self.choose_report),
            ("open-intake", self.tr("Open an intake &ledger..."), None, self.choose_intake),
            ("scan-intake", self.tr("S&can a folder into the ledger..."), None,
             self.choose_scan_source),
            ("watch-intake", self.tr("&Watch a folder into the ledger..."), None,
             self.choose_watch_source),
            ("decide", self.tr("&Decide on this bundle..."), None, self.decide_current),
            ("close-intake", self.tr("&Close"), QKeySequence.StandardKey.Close, self.close),
        ):  # fmt: skip
            action = QAction(text, self)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
        central = QWidget()
        column = QVBoxLayout(central)
        self.trust_label = QLabel()
        self.trust_label.setObjectName("trust-label")
        self.trust_label.setWordWrap(True)
        column.addWidget(self.trust_label)
        filters = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("intake-filter")
        self.filter_edit.setPlaceholderText(self.tr("Filter: team, title, key..."))
        self.filter_edit.setAccessibleName(self.tr("Filter bundles"))
        self.verdict_filter = QComboBox()
        self.verdict_filter.setObjectName("verdict-filter")
        self.verdict_filter.setAccessibleName(self.tr("Show bundles with verdict"))
        self.verdict_filter.addItem(self.tr("All verdicts"), "")
        for verdict in ("valid", "valid-untrusted-key", "invalid"):
            self.verdict_filter.addItem(verdict, verdict)
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(self.verdict_filter, 1)
        self.summary = QLabel(self.tr("Open bundles or a folder of them, or drop them here."))
        self.summary.setObjectName("intake-summary")
        filters.addWidget(self.summary, 3)
        column.addLayout(filters)
        self.progress = ProgressRow("intake")
        self.progress.cancel_requested.connect(self.jobs.cancel_all)
        column.addWidget(self.progress)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = IntakeModel(self)
        self.proxy = IntakeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("intake-table")
        self.table.setAccessibleName(self.tr("Bundles"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by team, as the report opens
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._bundle_chosen)
        self.filter_edit.textChanged.connect(lambda text: self.proxy.set_filter(words=text))
        self.verdict_filter.activated.connect(
            lambda i: self.proxy.set_filter(verdict=self.verdict_filter.itemData(i))
        )
        splitter.addWidget(self.table)
        splitter.addWidget(self._details())
        splitter.setSizes([380, 420])
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _details(self) -> QTabWidget:
        self.details = QTabWidget()
        self.details.setObjectName("bundle-details")
        self.problems_view = QTextBrowser()
        self.problems_view.setObjectName("bundle-problems")
        self.problems_view.setAccessibleName(self.tr("What verification found"))
        self.submission_view = QTextBrowser()
        self.submission_view.setObjectName("bundle-submission")
        self.submission_view.setAccessibleName(self.tr("The submission, as judges read it"))
        datasets = QSplitter(Qt.Orientation.Horizontal)
        self.dataset_list = QListWidget()
        self.dataset_list.setObjectName("bundle-datasets")
        self.dataset_list.setAccessibleName(self.tr("Datasets in the bundle"))
        self.dataset_list.currentItemChanged.connect(self._dataset_chosen)
        self.results = DatasetResults(self.jobs)
        datasets.addWidget(self.dataset_list)
        datasets.addWidget(self.results)
        datasets.setSizes([260, 900])
        self.details.addTab(self.problems_view, self.tr("Findings"))
        self.details.addTab(self.submission_view, self.tr("Submission"))
        self.details.addTab(datasets, self.tr("Datasets"))
        return self.details

    # trust
    def _load_stored_trust(self) -> None:
        from hksh_packager.core.common.errors import HkshError
        from hksh_packager.core.signing.trust_store import load_stored_trust

        try:
            self.trust = load_stored_trust()
        except HkshError as exc:
            self.failures.report(exc, self.tr("reading the stored trust list"))
        self._show_trust()

    def _show_trust(self) -> None:
        if self.trust is None:
            self.trust_label.setText(self.tr(
                "No trust list: keys are not checked against the registered teams. Import the "
                "registration file (Intake > Import trust list)."
            ))  # fmt: skip
            return
        from hksh_packager.core.signing.trust_store import EntryStatus, review

        views = review(self.trust)
        revoked = sum(1 for v in views if v.status == EntryStatus.REVOKED)
        shared = sum(1 for v in views if v.status == EntryStatus.SHARED)
        text = self.tr("Trust list: {keys} keys, {revoked} revoked ({path}).").format(
            keys=len(views), revoked=revoked, path=self.trust.source
        )
        if shared:
            warning = self.tr("{n} keys are listed for several teams: correct the list.")
            text += " " + warning.format(n=shared)
        self.trust_label.setText(text)

    def show_trust_list(self) -> TrustListDialog | None:
        if self.trust is None:
            self.failures.show_message(self.tr("No trust list is imported yet."))
            return None
        dialog = TrustListDialog(self.trust, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def choose_trust_list(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import the registered teams' keys"), "",
            self.tr("Trust lists (*.csv *.json)"),
        )  # fmt: skip
        if path:
            self.import_trust_list(Path(path))

    def import_trust_list(self, path: Path) -> None:
        from hksh_packager.core.common.errors import HkshError
        from hksh_packager.core.signing.trust_store import import_trust_list

        try:
            self.trust = import_trust_list(path)
        except HkshError as exc:
            self.failures.report(exc, self.tr("importing the trust list"))
            return
        self._show_trust()
        if self.paths:
            self.verify_paths(self.paths)  # the verdicts depend on the list

    # opening bundles
    def choose_bundles(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open bundles"), "", self.tr("Bundles (*.zip)")
        )
        if paths:
            self.verify_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of bundles"))
        if folder:
            self.verify_paths([Path(folder)])

    def files_dropped(self, paths: list[Path]) -> None:
        self.verify_paths(paths)

    def verify_paths(self, paths: list[Path]) -> None:
        from hksh_packager.core.common.errors import HkshError
        from hksh_packager.core.workflows.verify import check_bundle_paths

        try:
            bundles = check_bundle_paths(paths)
        except HkshError as exc:
            self.failures.report(exc, self.tr("opening bundles"))
            return
        if self.verify_job is not None:
            self.verify_job.cancel()
        self.ledger = None  # bundles verified once, not an intake's ledger
        self.paths = list(paths)
        self.reviews.clear()
        self.model.set_intake(None)
        self._show_entry(None)
        self.progress.start(self.tr("Verifying {n} bundles...").format(n=len(bundles)))
        trust = self.trust
        self.verify_job = self.jobs.start(
            "verify", lambda progress, cancel: _verify(bundles, trust, progress, cancel),
            succeeded=self._verified, progress=self.progress.update_progress,
            failed=self._verify_failed,
        )  # fmt: skip

    def _verified(self, intake: Intake) -> None:
        self.verify_job = None
        self.intake = intake
        self.model.set_intake(intake)
        self.table.resizeColumnsToContents()
        self.progress.finish("")
        self.summary.setText(intake.summary(app_language()))
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_job = None
        self.progress.finish("")
        self.failures.report(exc, self.tr("verifying bundles"))

    # an intake kept in a ledger (core.workflows.intake)
    def choose_intake(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open an intake ledger's folder"))
        if folder:
            self.open_intake(Path(folder))

    def open_intake(self, folder: Path) -> None:
        """Show the intake of the ledger in `folder`, judged from the ledger alone."""
        self.ledger = folder
        self.progress.start(self.tr("Reading the intake..."))
        self.verify_job = self.jobs.start(
            "open intake", lambda progress, cancel: _load_intake(folder),
            succeeded=self._verified, failed=self._verify_failed,
        )  # fmt: skip

    def _ask_ledger(self) -> Path | None:
        if self.ledger is None:
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose the intake's folder, where its ledger is kept")
            )
            self.ledger = Path(folder) if folder else None
        return self.ledger

    def choose_scan_source(self) -> None:
        source = QFileDialog.getExistingDirectory(self, self.tr("The folder bundles arrive in"))
        if source and self._ask_ledger() is not None:
            self.scan_into(Path(source))

    def scan_into(self, source: Path) -> None:
        """Record what is new in `source` into the ledger, verify it, and show the intake."""
        assert self.ledger is not None
        folder, trust = self.ledger, self._trust_file()
        self.progress.start(self.tr("Scanning {folder}...").format(folder=source))
        self.verify_job = self.jobs.start(
            "scan intake", lambda progress, cancel: _scan(source, folder, trust, progress, cancel),
            succeeded=self._verified, progress=self.progress.update_progress,
            failed=self._verify_failed,
        )  # fmt: skip

    def choose_watch_source(self) -> None:
        source = QFileDialog.getExistingDirectory(self, self.tr("The folder bundles arrive in"))
        if source and self._ask_ledger() is not None:
            self.watch(Path(source))

    def watch(self, source: Path, settle: float = 5.0) -> None:
        """Scan `source` into the ledger each time bundles settle there, the table refreshed
        after each scan, until the window closes or Cancel is pressed."""
        assert self.ledger is not None
        if self.watch_job is not None:
            self.watch_job.cancel()
        folder, trust = self.ledger, self._trust_file()
        self.progress.start(self.tr("Watching {folder} for bundles...").format(folder=source))
        self.watch_job = self.jobs.start(
            "watch intake",
            lambda progress, cancel: _watch(source, folder, trust, settle, progress, cancel),
            partial=lambda _: self.open_intake(folder), succeeded=lambda _: self._watch_ended(),
            failed=self._watch_failed,
        )  # fmt: skip

    def _watch_ended(self) -> None:
        self.watch_job = None
        self.progress.finish("")

    def _watch_failed(self, exc: BaseException) -> None:
        self._watch_ended()
        self.failures.report(exc, self.tr("watching for bundles"))

    def _trust_file(self) -> Path | None:
        return self.trust.source if self.trust is not None else None

    def decide_current(self) -> None:
        entry = self.current_entry()
        if entry is None or self.ledger is None:
            self.failures.show_message(
                self.tr("Open an intake ledger and choose a bundle; then decide on it.")
            )
            return
        from hksh_packager.gui.dialogs.decision import DecisionDialog

        dialog = DecisionDialog(escape_text(entry.report.bundle.name), self)
        dialog.accepted.connect(lambda: self.record_decision(entry, *dialog.choice()))
        dialog.open()

    def record_decision(self, entry: IntakeEntry, kind: Any, reason: str, who: str) -> None:
        from hksh_packager.core.common.errors import HkshError
        from hksh_packager.core.workflows.intake import decide

        assert self.ledger is not None
        try:
            decide(self.ledger, str(entry.report.bundle), kind, reason, who)
        except HkshError as exc:
            self.failures.report(exc, self.tr("recording the decision"))
            return
        self.open_intake(self.ledger)

    # reports
    def choose_report(self) -> None:
        if self.intake is None:
            self.failures.show_message(self.tr("Verify bundles first; then save the report."))
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the intake report"), "intake-report.html",
            self.tr("Web page for judges (*.html);;Spreadsheet (*.csv);;JSON (*.json)"),
        )  # fmt: skip
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        from hksh_packager.core.common.errors import HkshError
        from hksh_packager.core.verify.intake_reports import write_reports

        assert self.intake is not None
        try:
            write_reports(self.intake, [path], app_language())
        except (HkshError, OSError) as exc:
            self.failures.report(exc, self.tr("saving the report"))
            return
        self.statusBar().showMessage(self.tr("Report saved: {path}").format(path=path), 8000)

    # one bundle
    def current_entry(self) -> IntakeEntry | None:
        index = self.table.currentIndex()
        return self.proxy.data(index, ENTRY_ROLE) if index.isValid() else None

    def _bundle_chosen(self, index: QModelIndex, previous: QModelIndex | None = None) -> None:
        self._show_entry(self.proxy.data(index, ENTRY_ROLE) if index.isValid() else None)

    def _show_entry(self, entry: IntakeEntry | None) -> None:
        self.dataset_list.clear()
        self.results.show_file(Path(), None, None)
        if entry is None:
            self.problems_view.setHtml("")
            self.submission_view.setHtml("")
            return
        self.problems_view.setHtml(entry_html(entry))
        bundle = entry.report.bundle
        if bundle in self.reviews:
            self._show_review(self.reviews[bundle])
            return
        self.submission_view.setHtml(self.tr("<p>Opening the bundle...</p>"))
        folder = Path(tempfile.mkdtemp(prefix="bundle-", dir=self._scratch.name))  # its own
        self.jobs.start(
            "review", lambda progress, cancel: _review(bundle, folder, cancel),
            succeeded=self._reviewed,
            failed=lambda exc: self._review_failed(bundle, exc),
        )  # fmt: skip

    def _reviewed(self, review: BundleReview) -> None:
        self.reviews[review.bundle] = review
        entry = self.current_entry()
        if entry is not None and entry.report.bundle == review.bundle:
            self._show_review(review)

    def _review_failed(self, bundle: Path, exc: BaseException) -> None:
        from hksh_packager.gui.failures import failure_text

        entry = self.current_entry()
        if entry is not None and entry.report.bundle == bundle:
            text = failure_text(exc, self.tr("opening the bundle")) or ""
            self.submission_view.setHtml(f"<p>{_safe(text)}</p>")

    def _show_review(self, review: BundleReview) -> None:
        parts = [f"<p><i>{_safe(problem)}</i></p>" for problem in review.problems]
        if review.submission is not None:
            parts.append(sections_html(review.submission))
        self.submission_view.setHtml("".join(parts))
        self.dataset_list.clear()
        for dataset in review.datasets:
            item = QListWidgetItem(dataset["file"])
            item.setData(Qt.ItemDataRole.UserRole, (review, dataset))
            self.dataset_list.addItem(item)

    def _dataset_chosen(self, item: QListWidgetItem | None, previous: Any = None) -> None:
        if item is None:
            return
        review, dataset = item.data(Qt.ItemDataRole.UserRole)
        shown = (review.bundle, dataset["file"])
        self.shown_dataset = shown
        self.results.show_file(review.root, dataset, None)
        self.results.summary.setText(self.tr("Validating again..."))
        self.jobs.start(
            "revalidate",
            lambda progress, cancel: _validate(review.root, dataset, progress, cancel),
            succeeded=lambda known: self._validated(shown, known),
            failed=lambda exc: self._validation_failed(shown, exc),
        )  # fmt: skip

    def _validated(self, shown: tuple[Path, str], known: Any) -> None:
        if self.shown_dataset == shown:  # not another dataset chosen meanwhile
            self.results.show_result(known)

    def _validation_failed(self, shown: tuple[Path, str], exc: BaseException) -> None:
        from hksh_packager.gui.failures import failure_text

        if self.shown_dataset == shown:
            text = failure_text(exc, self.tr("validating the dataset again")) or ""
            self.results.summary.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.jobs.cancel_all()
        self.results.cancel()
        self.jobs.wait(10_000)
        self._scratch.cleanup()
        super().closeEvent(event)


def _load_intake(folder: Path) -> Intake:
    from hksh_packager.core.workflows.intake import load_intake

    return load_intake(folder)


def _scan(source: Path, folder: Path, trust: Path | None, progress: Any, cancel: Any) -> Intake:
    from hksh_packager.core.workflows.intake import IntakeSettings, load_intake, scan

    scan([source], folder, IntakeSettings(trust=trust), progress=progress, cancel=cancel)
    return load_intake(folder)


def _watch(
    source: Path, folder: Path, trust: Path | None, settle: float, progress: Any, cancel: Any
) -> None:
    from hksh_packager.core.workflows.intake import IntakeSettings
    from hksh_packager.core.workflows.intake_watch import watch

    watch([source], folder, IntakeSettings(trust=trust), settle=settle, cancel=cancel,
          on_scan=progress.partial)  # fmt: skip


def _validate(root: Path, dataset: dict[str, Any], progress: Any, cancel: Any) -> Any:
    from hksh_packager.core.verify.bundle_review import revalidate_reviewed

    return revalidate_reviewed(root, dataset, progress=progress, cancel=cancel)

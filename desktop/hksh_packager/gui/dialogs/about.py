"""About: the version, the libraries the app is made of with their licences (from their own
metadata, core.common.licences), and the licences the catalogue's data is published under."""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hksh_packager import APP_NAME, __version__
from hksh_packager.core.catalogue.catalogue import Catalogue
from hksh_packager.core.common.licences import bundled_licences
from hksh_packager.gui.widgets.tables import text_table


class AboutDialog(QDialog):
    def __init__(self, catalogue: Catalogue | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        self.resize(760, 520)
        column = QVBoxLayout(self)
        blurb = self.tr(
            "The desktop tool of the Hong Kong/Shanghai Co-operation Open Data Challenge. "
            "Qt for Python {qt}."
        ).format(qt=pyside_version)
        title = f"{html.escape(APP_NAME)} {html.escape(__version__)}"
        heading = QLabel(f"<h2>{title}</h2><p>{html.escape(blurb)}</p>")
        heading.setObjectName("about-heading")
        heading.setWordWrap(True)
        column.addWidget(heading)
        tabs = QTabWidget()
        tabs.addTab(self._libraries(), self.tr("Libraries"))
        tabs.addTab(self._data(catalogue), self.tr("Data sources"))
        column.addWidget(tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

    def _libraries(self) -> QTableWidget:
        headers = [self.tr("Library"), self.tr("Version"), self.tr("Licence"), self.tr("Home")]
        rows = [(i.name, i.version, i.licence, i.home) for i in bundled_licences()]
        self.libraries = text_table(
            "about-libraries", self.tr("Libraries and their licences"), headers, rows
        )
        return self.libraries

    def _data(self, catalogue: Catalogue | None) -> QTextBrowser:
        self.data_notes = QTextBrowser()
        self.data_notes.setObjectName("about-data")
        self.data_notes.setAccessibleName(self.tr("The data sources' licences"))
        intro = self.tr(
            "The catalogue describes open data published under these terms. Use each dataset "
            "as its terms allow, and name its publisher."
        )
        parts = [f"<p>{html.escape(intro)}</p>"]
        for licence, publishers in catalogue.licence_notes() if catalogue else []:
            names = html.escape(", ".join(publishers))
            parts.append(f"<h4>{html.escape(licence)}</h4><p>{names}</p>")
        self.data_notes.setHtml("".join(parts))
        return self.data_notes

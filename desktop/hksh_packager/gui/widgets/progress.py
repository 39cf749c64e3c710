"""A progress bar with a Cancel button and a line saying what is being done."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from hksh_packager.core.common.progress import Progress, Unit


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgressRow", text)


# Core names each long operation's stage and unit by a code; these are their words on screen
# (marked for Qt's translation tools, translated where they are shown).
WORDS = (
    QT_TRANSLATE_NOOP("ProgressRow", "packing"), QT_TRANSLATE_NOOP("ProgressRow", "previewing"),
    QT_TRANSLATE_NOOP("ProgressRow", "validating"), QT_TRANSLATE_NOOP("ProgressRow", "verifying"),
    QT_TRANSLATE_NOOP("ProgressRow", "rows"), QT_TRANSLATE_NOOP("ProgressRow", "items"),
)  # fmt: skip


def progress_text(progress: Progress) -> str:
    """ "validating data.csv (2 of 3): 120,000 rows"."""
    where = _tr(" ({step} of {steps})") if progress.steps > 1 else ""
    item = f" {progress.item}" if progress.item else ""
    scale, unit = (1e6, _tr("MB")) if progress.unit == Unit.BYTES else (1, _tr(progress.unit))
    done, total = progress.done / scale, progress.total / scale
    digits = ",.1f" if scale > 1 else ",.0f"
    amount = (_tr("{done} of {total} {unit}") if progress.total else _tr("{done} {unit}")).format(
        done=format(done, digits), total=format(total, digits), unit=unit
    )
    return (
        f"{_tr(progress.stage)}{item}{where.format(step=progress.step, steps=progress.steps)}: "
        f"{amount}"
    )


class ProgressRow(QWidget):
    cancel_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setObjectName(f"{name}-progress")
        self.bar.setAccessibleName(self.tr("Progress"))
        self.label = QLabel()
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setObjectName(f"{name}-cancel")
        self.cancel.clicked.connect(self.cancel_requested.emit)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label, 2)
        row.addWidget(self.cancel)
        self.finish("")

    def start(self, text: str) -> None:
        self.bar.setVisible(True)
        self.cancel.setVisible(True)
        self.bar.setRange(0, 0)  # busy until the first report says how far
        self.label.setText(text)
        self.cancel.setEnabled(True)
        self.setVisible(True)

    def update_progress(self, progress: Progress) -> None:
        if progress.total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * progress.fraction))
        else:
            self.bar.setRange(0, 0)
        self.label.setText(progress_text(progress))

    def finish(self, text: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.cancel.setEnabled(False)
        self.bar.setVisible(False)
        self.cancel.setVisible(False)
        self.label.setText(text)
        self.setVisible(bool(text))

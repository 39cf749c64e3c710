"""Changing what a filter proxy lets through, in the way the running Qt supports."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSortFilterProxyModel


@contextmanager
def filter_change(proxy: QSortFilterProxyModel) -> Iterator[None]:
    """Wrap a change of the filter's settings: Qt 6.10 and later are told before and after;
    older Qt re-filters after (invalidateFilter, deprecated since 6.10)."""
    changing = hasattr(proxy, "beginFilterChange")
    if changing:
        proxy.beginFilterChange()
    yield
    if changing:
        proxy.endFilterChange()
    else:
        proxy.invalidateFilter()

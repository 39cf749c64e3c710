"""Sizes as people read them."""

from __future__ import annotations


def human_size(count: int) -> str:
    """1234 -> "1.2 KB" (decimal units, as file managers show them)."""
    size = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1000
    return f"{count} B"

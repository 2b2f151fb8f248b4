"""Arguments as the engine takes them: dates, paths, progress callbacks, thread counts."""

from __future__ import annotations

import datetime as _dt
import os as _os
from typing import Any as _Any

import numpy as _np


def _pandas():
    # pandas is imported on first use: `import descheck` stays quick for code that only needs NumPy.
    import pandas

    return pandas


# ---------------------------------------------------------------------------------------------
# Arguments: dates, paths, progress


def _iso(value: _Any, what: str = "date") -> str:
    """The ISO ``YYYY-MM-DD`` text of a date given as str, date, datetime, datetime64 or Timestamp."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, _np.datetime64):
        if _np.isnat(value):
            raise ValueError(f"{what}: NaT is not a date")
        return str(value.astype("datetime64[D]"))
    if isinstance(value, _dt.datetime):  # pandas.Timestamp is one too
        if value != value:  # pandas.NaT
            raise ValueError(f"{what}: NaT is not a date")
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(
        f"{what} must be an ISO date string, datetime.date, datetime.datetime, numpy.datetime64 "
        f"or pandas.Timestamp, not {type(value).__name__}"
    )


def _paths(files: _Any) -> list[str]:
    """A list of path strings from one path or an iterable of paths."""
    if files is None:
        return []
    if isinstance(files, (str, bytes, _os.PathLike)):
        files = [files]
    return [_os.fsdecode(f) for f in files]


def _progress(progress: _Any):
    """A ``callback(done, total)`` for the engine from a callable or a tqdm-like bar (or None)."""
    if progress is None:
        return None
    if hasattr(progress, "update") and hasattr(progress, "total"):
        bar = progress
        # A report with compared scenarios counts from 0 again for each: the bar keeps counting up.
        state = {"done": 0, "total": 0, "offset": 0}

        def advance(done: int, total: int) -> None:
            if done < state["done"]:
                state["offset"] += state["total"]
            state["done"], state["total"] = done, total
            whole = state["offset"] + total
            if bar.total != whole:
                bar.total = whole
                if hasattr(bar, "refresh"):
                    bar.refresh()
            shown = state.setdefault("shown", 0)
            bar.update(state["offset"] + done - shown)
            state["shown"] = state["offset"] + done

        return advance
    if callable(progress):
        return progress
    raise TypeError("progress must be None, a callable progress(done, total) or a tqdm-like bar (update() and total)")


def _threads(threads: int) -> int:
    threads = int(threads)
    if threads < 0:
        raise ValueError("threads must be >= 0 (0: all cores)")
    return threads


def _cadence(every: str) -> str:
    if every not in ("month", "quarter"):
        raise ValueError(f"every must be 'month' or 'quarter', not {every!r}")
    return every

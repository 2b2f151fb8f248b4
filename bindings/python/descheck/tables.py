"""Result tables: NumPy columns that share the engine's memory."""

from __future__ import annotations

import csv as _csv
import datetime as _dt
import io as _io
import json as _json
import os as _os

import numpy as _np

from ._args import _pandas


def _unique(labels: list[str]) -> list[str]:
    """Labels made unique (pandas categories must be) by numbering repeats: 'x', 'x (2)'."""
    if len(set(labels)) == len(labels):
        return list(labels)
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


class Table:
    """Columns of a result, as NumPy arrays that share the engine's memory (no copy).

    Numeric columns are ``float64`` or ``uint32`` arrays, date columns ``datetime64[D]`` (``NaT``
    where there is no date) and flags ``bool``. Text columns (scenario, network_id, service,
    requirement, kind, status, state, ...) are *categorical*: ``int32`` codes into a list of labels.

    - ``table.columns[name]``: the raw array (codes for a categorical column), no copy.
    - ``table[name]``: numeric and date columns as the raw array; categorical columns as a
      :class:`pandas.Categorical` (``table.labels(name)`` gives a NumPy array of ``str`` instead,
      ``table.codes(name)`` the raw codes).
    - ``table.to_pandas()``: a DataFrame, categorical columns as ``category`` dtype, dates as
      ``datetime64[ns]``, columns in :attr:`order`.

    - ``table[["a", "b"]]``: a Table of those columns, in that order (the same arrays, no copy).
    - ``for row in table``: the rows as tuples of Python values in :attr:`order` (labels for
      categorical columns, ``datetime.date`` or ``None`` for dates); ``table.records()`` gives them
      as dicts instead.
    - ``table.to_csv(path=None)`` and ``table.to_json(path=None)`` (a list of records): the text,
      or written to ``path``.

    ``len(table)`` is the number of rows; ``name in table`` tests for a column.
    """

    __slots__ = ("_columns", "_categories", "_order")

    def __init__(self, columns: dict, categories: dict | None = None, order: list[str] | None = None):
        self._columns = dict(columns)
        self._categories = {k: list(v) for k, v in (categories or {}).items()}
        self._order = list(order) if order is not None else list(self._columns)

    @classmethod
    def _from_core(cls, t) -> Table:
        columns, categories, order = t
        return cls(columns, categories, order)

    @property
    def columns(self) -> dict:
        """Column name -> NumPy array as the engine made it (codes for categorical columns)."""
        return {name: self._columns[name] for name in self._order}

    @property
    def categories(self) -> dict:
        """Categorical column name -> its labels (code ``i`` is ``labels[i]``)."""
        return {k: list(v) for k, v in self._categories.items()}

    @property
    def order(self) -> list[str]:
        """Column names, in output order (SPEC section 7)."""
        return list(self._order)

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)``."""
        return len(self), len(self._order)

    def __len__(self) -> int:
        return len(self._columns[self._order[0]]) if self._order else 0

    def __contains__(self, name: object) -> bool:
        return name in self._columns

    def __iter__(self):
        """The rows as tuples of Python values, in :attr:`order` (see :meth:`records` for dicts)."""
        values = [self._python_column(name) for name in self._order]
        return zip(*values) if values else iter(())

    def records(self):
        """The rows as dicts ``{column: value}`` (an iterator), values as in ``iter(table)``."""
        order = self._order
        return (dict(zip(order, row)) for row in self)

    def _python_column(self, name: str) -> list:
        """Column ``name`` as a list of Python values: labels, ``datetime.date`` or None, numbers, bools."""
        values = self._columns[name]
        if name in self._categories:
            labels = list(self._categories[name]) + [None]
            return [labels[c] for c in _np.where(values < 0, len(labels) - 1, values).tolist()]
        if values.dtype.kind == "M":
            days = values.astype("datetime64[D]")
            return [None if _np.isnat(d) else d.item() for d in days]
        return values.tolist()

    def keys(self) -> list[str]:
        """Column names, as :attr:`order`."""
        return list(self._order)

    def is_categorical(self, name: str) -> bool:
        """Whether column ``name`` holds codes into labels."""
        return name in self._categories

    def __getitem__(self, name):
        if isinstance(name, (list, tuple)):
            missing = [n for n in name if n not in self._columns]
            if missing:
                raise KeyError(f"no column {missing[0]!r}; columns: {', '.join(self._order)}")
            names = list(dict.fromkeys(name))
            return Table(
                {n: self._columns[n] for n in names},
                {n: self._categories[n] for n in names if n in self._categories},
                names,
            )
        if name not in self._columns:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self._order)}")
        values = self._columns[name]
        if name in self._categories:
            return _pandas().Categorical.from_codes(values, _unique(self._categories[name]))
        return values

    def codes(self, name: str) -> _np.ndarray:
        """The ``int32`` codes of categorical column ``name`` (no copy)."""
        if name not in self._categories:
            raise KeyError(f"{name!r} is not a categorical column")
        return self._columns[name]

    def labels(self, name: str) -> _np.ndarray:
        """Categorical column ``name`` as a NumPy array of ``str`` (a new array)."""
        labels = _np.asarray(self._categories[name] + [""], dtype=str)
        codes = self._columns[name]
        return labels[_np.where(codes < 0, len(labels) - 1, codes)]

    def head(self, n: int = 5) -> Table:
        """The first ``n`` rows (views of the same arrays)."""
        return Table({k: v[:n] for k, v in self._columns.items()}, self._categories, self._order)

    def row(self, i: int) -> dict:
        """Row ``i`` as a dict of Python values (labels for categorical columns)."""
        out = {}
        for name in self._order:
            value = self._columns[name][i]
            if name in self._categories:
                out[name] = self._categories[name][int(value)] if value >= 0 else None
            else:
                out[name] = value.item() if hasattr(value, "item") else value
        return out

    def to_pandas(self):
        """A :class:`pandas.DataFrame`: categorical columns as ``category`` dtype, dates as
        ``datetime64[ns]``, columns in :attr:`order`."""
        pd = _pandas()
        data = {name: self[name] for name in self._order}
        return pd.DataFrame(data, columns=self._order)

    def to_csv(self, path=None) -> str | None:
        """The table as CSV text (RFC 4180, header first; labels for categorical columns, dates as
        ``YYYY-MM-DD``, empty cells for ``NaT`` and ``NaN``, numbers as Python prints them).
        Returns the text, or writes it to ``path`` (str or os.PathLike) and returns None."""
        out = _io.StringIO()
        writer = _csv.writer(out, lineterminator="\n")
        writer.writerow(self._order)
        for row in self:
            writer.writerow(["" if v is None or (isinstance(v, float) and v != v) else _csv_value(v) for v in row])
        return _write(out.getvalue(), path)

    def to_json(self, path=None) -> str | None:
        """The table as JSON records, ``[{"column": value, ...}, ...]``: labels as strings, dates as
        ``"YYYY-MM-DD"`` or null, ``NaN`` as null. Returns the text, or writes it to ``path`` and
        returns None."""

        def value(v):
            if isinstance(v, _dt.date):
                return v.isoformat()
            if isinstance(v, float) and v != v:
                return None
            return v

        records = [{k: value(v) for k, v in r.items()} for r in self.records()]
        return _write(_json.dumps(records, ensure_ascii=False) + "\n", path)

    def _text_rows(self, n: int) -> list[list[str]]:
        rows = []
        for i in range(min(n, len(self))):
            cells = []
            for name in self._order:
                value = self._columns[name][i]
                if name in self._categories:
                    cells.append(self._categories[name][int(value)] if value >= 0 else "")
                elif isinstance(value, _np.datetime64):
                    cells.append("" if _np.isnat(value) else str(value))
                elif isinstance(value, _np.floating):
                    decimals = 4 if name in ("coverage", "share_compliant") else 2
                    cells.append(f"{value:.{decimals}f}")
                else:
                    cells.append(str(value))
            rows.append(cells)
        return rows

    def __repr__(self) -> str:
        rows, cols = self.shape
        head = f"<Table: {rows:,} rows x {cols} columns>"
        if not rows:
            return head + "\n" + "  ".join(self._order)
        shown = self._text_rows(5)
        widths = [max(len(name), *(len(r[j]) for r in shown)) for j, name in enumerate(self._order)]
        # Text and dates to the left, numbers to the right, as `descheck ... --format table`.
        right = [name not in self._categories and self._columns[name].dtype.kind in "fiub" for name in self._order]

        def line(cells: list[str]) -> str:
            return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()

        lines = [head, line(self._order)] + [line(r) for r in shown]
        if rows > len(shown):
            more = rows - len(shown)
            lines.append(f"... ({more:,} more row{'s' if more != 1 else ''})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows, cols = self.shape
        return f"<p>Table: {rows:,} rows &times; {cols} columns</p>" + self.head(10).to_pandas()._repr_html_()


def _csv_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def _write(text: str, path) -> str | None:
    if path is None:
        return text
    with open(_os.fspath(path), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return None


def concat(tables) -> Table:
    """One table from several with the same columns (e.g. ``series`` under several scenarios).

    Categorical columns get the union of the tables' labels (in order of first appearance), so that
    rows keep their meaning. The arrays are new (a copy).

    Parameters
    ----------
    tables : sequence of Table

    Returns
    -------
    Table
    """
    tables = list(tables)
    if not tables:
        raise ValueError("concat needs at least one table")
    order = tables[0].order
    for t in tables[1:]:
        if t.order != order:
            raise ValueError(f"tables have different columns: {order} and {t.order}")
    columns, categories = {}, {}
    for name in order:
        if tables[0].is_categorical(name):
            merged: list[str] = []
            index: dict[str, int] = {}
            parts = []
            for t in tables:
                own = t._categories[name]
                for label in own:
                    if label not in index:
                        index[label] = len(merged)
                        merged.append(label)
                remap = _np.asarray([index[label] for label in own] + [-1], dtype=_np.int32)
                codes = t._columns[name]
                parts.append(remap[_np.where(codes < 0, len(own), codes)])
            columns[name] = _np.concatenate(parts).astype(_np.int32, copy=False)
            categories[name] = merged
        else:
            columns[name] = _np.concatenate([t._columns[name] for t in tables])
    return Table(columns, categories, order)


class ResultTable(Table):
    """A :class:`Table` that carries related results as attributes (``totals``, ``hires``, ...):
    the function that made it says which. Slicing it (``head``, ``t[[...]]``) gives a plain Table."""

    __slots__ = ("__dict__",)

    @classmethod
    def _with(cls, core_table, **attributes) -> ResultTable:
        columns, categories, order = core_table
        out = cls(columns, categories, order)
        out.__dict__.update(attributes)
        return out

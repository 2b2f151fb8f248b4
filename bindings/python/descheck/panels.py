"""Panels: networks and their staff, from files, DataFrames, dicts or lists of dicts."""

from __future__ import annotations

import datetime as _dt
import io as _io
import math as _math
import os as _os
from typing import Any as _Any

import numpy as _np

from . import _core
from ._args import _iso, _pandas
from .errors import InputError, _input_error
from .rules import RuleSet, _rules


_DATE_COLUMNS = ("from", "start", "end")


class Panel:
    """Networks and their staff, validated against a rule set (immutable).

    Made by :func:`load_panel` or :func:`synthetic_panel`. ``len(panel)`` is the number of networks.

    Attributes
    ----------
    network_ids, names, regions : list of str
        One entry per network, in input order.
    size : int
        Number of networks.
    networks_csv, staff_csv : str
        The networks and staff tables as CSV text (read from the file when loaded from paths).
    """

    __slots__ = ("_core", "_sources", "_cache", "_pools")

    def __init__(self, core: _core.Panel, networks: tuple[str, str], staff: tuple[str, str],
                 coverage: tuple[str, str] | None = None, pools: tuple[str, str] | None = None,
                 pool_set: _Any = None):
        self._core = core
        self._sources = {"networks": networks, "staff": staff}  # (kind, value): ("path", p) / ("text", csv)
        if coverage is not None:
            self._sources["coverage"] = coverage
        if pools is not None:
            self._sources["pools"] = pools
        self._pools = pool_set
        self._cache: dict[str, _Any] = {}

    @property
    def pools(self) -> dict[str, list[str]]:
        """Shared workforce pools, ``{pool_id: [member network ids]}`` (empty without a pools table).
        :func:`check` checks the members of a pool jointly."""
        if self._pools is None:
            return {}
        ids = self._list("network_ids")
        return {p: [ids[i] for i in members] for p, members in zip(self._pools.ids, self._pools.members)}

    @property
    def coverage_csv(self) -> str | None:
        """The coverage table as CSV text, or None when the panel has none."""
        return self._text("coverage") if "coverage" in self._sources else None

    @property
    def pools_csv(self) -> str | None:
        """The pools table (``pool_id,network_id``) as CSV text, or None when the panel has none."""
        return self._text("pools") if "pools" in self._sources else None

    def _list(self, name: str) -> list[str]:
        if name not in self._cache:
            self._cache[name] = list(getattr(self._core, name))
        return self._cache[name]

    network_ids = property(lambda self: list(self._list("network_ids")), doc="Network ids, in input order.")
    names = property(lambda self: list(self._list("names")), doc="Network names, as ``network_ids``.")
    regions = property(lambda self: list(self._list("regions")), doc="Network regions, as ``network_ids``.")
    size = property(lambda self: int(self._core.size), doc="Number of networks.")

    def __len__(self) -> int:
        return int(self._core.size)

    def _text(self, which: str) -> str:
        kind, value = self._sources[which]
        if kind == "text":
            return value
        with open(value, encoding="utf-8-sig", newline="") as f:
            return f.read()

    @property
    def networks_csv(self) -> str:
        """The networks table as CSV text (SPEC section 3: ``network_id,name,region,from,<drivers>``)."""
        return self._text("networks")

    @property
    def staff_csv(self) -> str:
        """The staff table as CSV text (``network_id,role,wte,start,end,funding``)."""
        return self._text("staff")

    def networks_frame(self):
        """The networks table as a pandas DataFrame.

        Text columns are ``str``, driver columns numbers (``NaN`` where empty), ``from`` a
        ``datetime64`` column (``NaT`` where empty). :func:`load_panel` accepts it back.
        """
        return _read_frame(self.networks_csv)

    def staff_frame(self):
        """The staff table as a pandas DataFrame (``start``/``end`` as ``datetime64``, ``NaT`` where
        open). :func:`load_panel` accepts it back."""
        return _read_frame(self.staff_csv)

    def write_csv(self, directory) -> tuple[str, str]:
        """Write ``networks.csv`` and ``staff.csv`` into ``directory`` (made if missing), for the
        ``descheck`` command line; returns the two paths."""
        directory = _os.fsdecode(directory)
        _os.makedirs(directory, exist_ok=True)
        out = []
        for which in ("networks", "staff"):
            path = _os.path.join(directory, which + ".csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(self._text(which))
            out.append(path)
        return out[0], out[1]

    def __repr__(self) -> str:
        ids = self._list("network_ids")
        shown = ", ".join(ids[:3]) + (", ..." if len(ids) > 3 else "")
        where = " + ".join(
            value if kind == "path" else _short_name(which, value) for which, (kind, value) in self._sources.items()
        )
        return f"<Panel {len(ids):,} networks ({shown}) from {where}>"


def _short_name(which: str, text: str) -> str:
    return f"{which} CSV text ({text.count(chr(10)):,} lines)"


def _read_frame(text: str):
    pd = _pandas()
    frame = pd.read_csv(
        _io.StringIO(text),
        dtype={c: str for c in ("network_id", "name", "region", "role", "funding", "pool_id")},
        keep_default_na=False,
        na_values=[""],
    )
    for name in _DATE_COLUMNS:
        if name in frame.columns:
            parsed = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="coerce")
            # Keep the text where a cell is not a date, so that the panel's own check reports it.
            if (parsed.isna() == frame[name].isna()).all():
                frame[name] = parsed
    return frame


def _cell(value: _Any) -> str:
    """One CSV field: dates as YYYY-MM-DD, missing values empty, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, _np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, _np.integer)):
        return str(int(value))
    if isinstance(value, (float, _np.floating)):
        value = float(value)
        if _math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, (_dt.date, _np.datetime64)):
        try:
            return _iso(value)
        except ValueError:  # NaT
            return ""
    if value is _pandas().NA or value is _pandas().NaT:
        return ""
    return str(value)


def _frame_csv(frame) -> str:
    """CSV text (RFC 4180, header first) of a DataFrame's columns; the index is not written."""
    pd = _pandas()
    columns = {}
    for i in range(frame.shape[1]):  # by position: a repeated name stays two columns, for the engine to report
        column = frame.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            columns[i] = column.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
        else:
            columns[i] = [_cell(v) for v in column.astype(object).to_numpy()]
    out = pd.DataFrame(columns, index=range(frame.shape[0]))
    return out.to_csv(index=False, header=[str(n) for n in frame.columns], lineterminator="\n")


class _Source:
    """One table argument of load_panel: a path, or CSV text made from a DataFrame, dict or list of
    dicts (with the DataFrame's row labels and column names, to name them in errors)."""

    __slots__ = ("which", "kind", "value", "name", "rows", "columns")

    def __init__(self, which: str, kind: str, value: str, name: str, rows=None, columns=None):
        self.which, self.kind, self.value, self.name = which, kind, value, name
        self.rows, self.columns = rows, columns

    def text(self):
        return _file_text(self.value) if self.kind == "path" else self.value


def _frame_of(which: str, value: _Any):
    """(DataFrame, kind) for a DataFrame, dict of columns or list of dicts; None for anything else."""
    pd = _pandas()
    if isinstance(value, pd.DataFrame):
        return value, "DataFrame"
    if isinstance(value, dict):
        # Lists stay as given (object), not inferred: each cell is written as it is.
        columns = {k: v if hasattr(v, "dtype") else pd.Series(list(v), dtype=object) for k, v in value.items()}
        return pd.DataFrame(columns), "dict"
    if isinstance(value, (list, tuple)) and all(isinstance(r, dict) for r in value):
        names = list(dict.fromkeys(k for r in value for k in r))
        columns = {k: pd.Series([r.get(k) for r in value], dtype=object) for k in names}
        return pd.DataFrame(columns, index=range(len(value))), "list"
    return None


def _source(which: str, value: _Any) -> _Source:
    """A networks, staff, coverage or pools argument of load_panel."""
    if isinstance(value, (str, _os.PathLike)):
        path = _os.fsdecode(value)
        return _Source(which, "path", path, path)
    csv = getattr(value, "_csv", None)  # an import result (import_workforce, import_networks)
    if callable(csv) and csv(which) is not None:
        return _Source(which, "text", csv(which), f"{which} ({type(value).__name__})")
    found = _frame_of(which, value)
    if found is None:
        raise TypeError(
            f"{which} must be a path, a pandas DataFrame, a dict of columns or a list of dicts, "
            f"not {type(value).__name__}"
        )
    frame, kind = found
    if "network_id" not in frame.columns and frame.index.name == "network_id":
        frame = frame.reset_index()  # a network_id index becomes the column it names
        rows = list(frame["network_id"])
    else:
        rows = list(frame.index)
    return _Source(which, "text", _frame_csv(frame), f"{which} ({kind})", rows, [str(c) for c in frame.columns])


def _file_text(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise _input_error(path, 1, 1, "DC001", f"cannot read file: {e.strerror}") from None


def _where(source: _Source, line, column) -> tuple[str, _Any, str | None]:
    """The text naming a DataFrame position, the row label and the column name, for a CSV line and field."""
    row = source.rows[line - 2] if line is not None and 2 <= line < len(source.rows) + 2 else None
    name = source.columns[column - 1] if column is not None and 1 <= column <= len(source.columns) else None
    parts = [source.name]
    if row is not None:
        parts.append(f"row {row!r} ({'index' if source.name.endswith('(DataFrame)') else 'position'})")
    elif line == 1:
        parts.append("header")
    if name is not None:
        parts.append(f"column {name!r}")
    return ", ".join(parts[:1]) + (": " + ", ".join(parts[1:]) if len(parts) > 1 else ""), row, name


def _framed(error: InputError, sources: dict) -> InputError:
    """The engine's error on CSV text made from DataFrames, its positions given as row labels and
    column names instead of CSV lines."""
    by_name = {s.name: s for s in sources.values() if s.rows is not None}
    if not any(d[0] in by_name for d in error.diagnostics):
        return error
    lines, first = [], None
    for file, line, column, code, message in error.diagnostics:
        source = by_name.get(file)
        if source is None:
            where = f"{file}:{line}:{column}" if line is not None else file
            lines.append(f"{where}: error[{code}]: {message}" if where else f"error[{code}]: {message}")
            first = first or (None, None)
            continue
        where, row, name = _where(source, line, column)
        if name is not None and message.startswith(f"column '{name}': "):
            message = message[len(f"column '{name}': "):]
        lines.append(f"{where}: error[{code}]: {message}")
        first = first or (row, name)
    out = InputError("\n".join(lines))
    out.file, out.line, out.column, out.code = error.file, error.line, error.column, error.code
    out.diagnostics = error.diagnostics
    out.row, out.column_name = first
    return out


def _check_drivers(rules, source: _Source, frame_text_rows) -> None:
    """A driver cell left empty (NaN, None) in a DataFrame, for a driver with no default: caught at
    load with its row, rather than at the first check that needs it."""
    if source.rows is None:
        return
    needed = [d for d in _rules(rules).drivers if d not in set(_rules(rules).drivers_with_default)]
    bad = []
    header, *rows = frame_text_rows
    for d in needed:
        if d not in header:
            continue
        j = header.index(d)
        for i, row in enumerate(rows):
            if j < len(row) and row[j] == "":
                bad.append((i, j, d))
    if not bad:
        return
    lines, diagnostics = [], []
    for i, j, d in bad[:100]:
        where, _, _ = _where(source, i + 2, j + 1)
        message = f"driver {d!r} has no value (NaN or None) and no default"
        lines.append(f"{where}: error[DC050]: {message}")
        diagnostics.append((source.name, i + 2, j + 1, "DC050", message))
    error = InputError("\n".join(lines))
    error.file, error.line, error.column, error.code = diagnostics[0][:4]
    error.diagnostics = diagnostics
    error.row, error.column_name = source.rows[bad[0][0]], source.columns[bad[0][1]]
    raise error


def load_panel(rules: RuleSet, networks, staff, coverage=None, pools=None) -> Panel:
    """Read networks and their staff, and validate them against a rule set.

    Parameters
    ----------
    rules : RuleSet
        The rule set whose roles and drivers the tables use.
    networks : path, pandas.DataFrame, dict of columns, list of dicts, or an import_networks result
        ``network_id`` (required; a DataFrame may have it as its index), ``name``, ``region``,
        ``from`` (optional date: rows of one network with different ``from`` make its drivers change
        over time), then one column per driver of the rule set (e.g. ``registered_patients``).
    staff : path, pandas.DataFrame, dict of columns, list of dicts, or an import_workforce result
        ``network_id``, ``role``, ``wte`` (required), ``start``, ``end`` (inclusive; empty means
        open), ``funding`` (``arrs``, ``core`` or ``other``). With ``pools``, a row whose
        ``network_id`` is a pool id is staff of that pool.
    coverage : as ``staff``, or None
        Optional ``network_id``, ``from``, ``to`` (inclusive; empty means open): the dates on which
        the staff table is a complete record of each network's staff, as ``import_workforce`` makes
        them. Outside its windows a network's state is ``no_data``. Without it every network is
        covered.
    pools : as ``staff``, or None
        Optional ``pool_id``, ``network_id``: shared workforce pools, whose staff every member may
        use. :func:`check` then checks the members of a pool together (docs/pools.md).

    Returns
    -------
    Panel

    Raises
    ------
    InputError
        With every problem found (e.g. DC045 for a negative WTE, DC042 for an unknown column).
        For a table given as a DataFrame (or dict, or list of dicts) the message names the row
        (the DataFrame's index label) and the column, e.g. ``networks (DataFrame): row 'N2'
        (index), column 'registered_patients': error[DC044]: ...``; ``e.row`` and
        ``e.column_name`` hold them, ``e.line`` and ``e.column`` the position in the CSV text
        the DataFrame was written as (row ``i`` is line ``i + 2``).

    Notes
    -----
    A DataFrame's columns are written as CSV text for the engine: dates as ``YYYY-MM-DD``,
    ``NaN``/``None``/``NaT`` as empty cells, whole numbers without ``.0``. A ``NaN`` in a driver
    column with no default is refused here, with its row.
    """
    core_rules = _rules(rules)
    args = {"networks": networks, "staff": staff, "coverage": coverage, "pools": pools}
    sources = {which: _source(which, value) for which, value in args.items() if value is not None}
    net = sources["networks"]
    if net.rows is not None:
        import csv as _csv

        _check_drivers(rules, net, list(_csv.reader(_io.StringIO(net.value))))
    cov = sources.get("coverage")
    try:
        if pools is not None:
            pooled = sources["pools"]
            core, pool_set = _core.parse_pooled_panel(
                core_rules, net.text(), sources["staff"].text(), pooled.text(), net.name, sources["staff"].name,
                pooled.name, cov.text() if cov else None, cov.name if cov else "coverage")
        elif all(s.kind == "path" for s in sources.values()):
            core, pool_set = _core.load_panel(core_rules, net.value, sources["staff"].value,
                                              cov.value if cov else None), None
        else:
            core, pool_set = _core.parse_panel(core_rules, net.text(), sources["staff"].text(), net.name,
                                               sources["staff"].name, cov.text() if cov else None,
                                               cov.name if cov else "coverage"), None
    except InputError as e:
        raise _framed(e, sources) from None
    kept = {w: (s.kind, s.value) for w, s in sources.items()}
    return Panel(core, kept["networks"], kept["staff"], kept.get("coverage"), kept.get("pools"), pool_set)


def synthetic_panel(rules: RuleSet, seed: int = 1, networks: int = 1250) -> Panel:
    """The synthetic national panel: invented networks that add up to the real national workforce.

    The same seed gives the same panel (see docs/synthetic-panel.md). Its tables are kept:
    :meth:`Panel.networks_frame`, :meth:`Panel.staff_frame`, :attr:`Panel.networks_csv`,
    :meth:`Panel.write_csv`.

    Parameters
    ----------
    rules : RuleSet
    seed : int, default 1
    networks : int, default 1250
        Number of networks (England had about 1,250 PCNs).

    Returns
    -------
    Panel
    """
    core, networks_csv, staff_csv = _core.synthetic_panel(_rules(rules), int(seed), int(networks))
    return Panel(core, ("text", networks_csv), ("text", staff_csv))


def _panel(panel: Panel) -> _core.Panel:
    if isinstance(panel, Panel):
        return panel._core
    if isinstance(panel, _core.Panel):
        return panel
    raise TypeError(f"panel must be a descheck.Panel (from load_panel), not {type(panel).__name__}")

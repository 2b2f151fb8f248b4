"""Network Contract DES service specifications as rule sets, and staff capacity checks of PCNs.

descheck encodes England's Network Contract DES service specifications as YAML rule sets with phased
start dates and checks each Primary Care Network's staff in post against them: which requirements are
in force on a date, how many hours a week they demand, whether the staff can deliver them, and which
roles are the bottleneck when they cannot. The engine is C++ (``descheck._core``); this package is
the Python face of it.

Quick start
-----------
>>> import descheck
>>> rules = descheck.load_rules("specs/des-england")
>>> panel = descheck.load_panel(rules, "examples/networks.csv", "examples/staff.csv")
>>> descheck.check(rules, panel, "2021-06-01", summary=True).to_pandas()
>>> descheck.explain(rules, panel, "EX004", "2021-06-01")

Functions
---------
load_rules, apply_scenarios, scenario_label
    Read a rule-set directory, with scenario overlays stacked in order.
load_panel, synthetic_panel
    Networks and their staff: from CSV files, pandas DataFrames or dicts of columns, or the
    synthetic national panel of 1,250 invented networks.
check, series, timeline
    Results as a :class:`Table` of NumPy columns (no copy), ``Table.to_pandas()`` for a DataFrame.
report, diff, explain
    The national picture (:class:`Report`), what a scenario changes (:class:`Diff`) and why one
    network falls short (:class:`Explanation`).
concat
    Tables of several runs (one per scenario) as one.
release_memory
    Give back the memory descheck keeps from freed tables for the next run to reuse.

Dates are ISO strings ``"YYYY-MM-DD"``, :class:`datetime.date`, :class:`datetime.datetime`,
:class:`numpy.datetime64` or :class:`pandas.Timestamp`. Long runs (``series``, ``timeline``,
``report``, ``diff``) release the GIL and take ``threads`` (0: all cores) and ``progress`` (a
callable ``progress(done, total)`` or a tqdm bar). Bad input raises :class:`RuleError` or
:class:`InputError` (both :class:`ValueError`), carrying the file, line, column and code of each
problem. Plots are in :mod:`descheck.plot` (matplotlib).
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import io as _io
import math as _math
import os as _os
from typing import Any as _Any

import numpy as _np

from . import _core
from ._core import InputError, RuleError

__version__: str = _core.__version__

__all__ = [
    "Diff",
    "Explanation",
    "InputError",
    "Panel",
    "Report",
    "RuleError",
    "RuleSet",
    "Table",
    "__version__",
    "apply_scenarios",
    "check",
    "concat",
    "diff",
    "explain",
    "load_panel",
    "load_rules",
    "release_memory",
    "report",
    "scenario_label",
    "series",
    "synthetic_panel",
    "timeline",
]

RuleError.__module__ = __name__
InputError.__module__ = __name__


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


# ---------------------------------------------------------------------------------------------
# Rule sets


class RuleSet:
    """A loaded and validated rule set, with any scenarios applied (immutable).

    Made by :func:`load_rules` (or :meth:`with_scenarios`); pass it to every other function. It is
    safe to share between threads.

    Attributes
    ----------
    id : str
        Rule-set id, e.g. ``"des-england"``.
    label : str
        One-line title of the rule set.
    version : str
        Version from ``ruleset.yaml``.
    scenario_id : str
        ``"baseline"`` without scenarios, else the scenario ids joined with ``+``.
    services, service_labels : list of str
        Service ids (in rule-set order) and their titles.
    requirements : list of (str, str)
        ``(service_id, requirement_id)`` for every requirement.
    roles, role_labels : list of str
        Staff role ids and their titles.
    drivers : list of str
        Driver ids: the network attributes (columns of a networks file) demand scales with.
    directory : str or None
        The directory it was read from.
    scenarios : tuple of str
        The scenario files applied, in order.
    """

    __slots__ = ("_core", "_directory", "_scenarios")

    def __init__(self, core: _core.RuleSet, directory: str | None = None, scenarios: tuple[str, ...] = ()):
        self._core = core
        self._directory = directory
        self._scenarios = tuple(scenarios)

    id = property(lambda self: self._core.id, doc="Rule-set id, e.g. ``'des-england'``.")
    label = property(lambda self: self._core.label, doc="One-line title of the rule set.")
    version = property(lambda self: self._core.version, doc="Version from ``ruleset.yaml``.")
    scenario_id = property(
        lambda self: self._core.scenario_id,
        doc="``'baseline'`` without scenarios, else the applied scenario ids joined with ``+``.",
    )
    services = property(lambda self: list(self._core.services), doc="Service ids, in rule-set order.")
    service_labels = property(lambda self: list(self._core.service_labels), doc="Service titles, as ``services``.")
    requirements = property(
        lambda self: [tuple(r) for r in self._core.requirements],
        doc="``(service_id, requirement_id)`` of every requirement, in rule-set order.",
    )
    roles = property(lambda self: list(self._core.roles), doc="Staff role ids.")
    role_labels = property(lambda self: list(self._core.role_labels), doc="Staff role titles, as ``roles``.")
    drivers = property(lambda self: list(self._core.drivers), doc="Driver ids (network attributes).")
    directory = property(lambda self: self._directory, doc="The rule-set directory it was read from.")
    scenarios = property(lambda self: self._scenarios, doc="Scenario files applied, in order.")

    def service_label(self, service: str) -> str:
        """The title of service ``service`` (its id when unknown; ``'all'`` is "All services")."""
        if service == "all":
            return "All services"
        return dict(zip(self._core.services, self._core.service_labels)).get(service, service)

    def role_label(self, role: str) -> str:
        """The title of role ``role`` (its id when unknown)."""
        return dict(zip(self._core.roles, self._core.role_labels)).get(role, role)

    def doc(self) -> str:
        """The rule set as a Markdown reference page: every service, requirement, date and number
        with its status and source (what ``descheck doc`` prints)."""
        return self._core.doc()

    def with_scenarios(self, scenarios) -> RuleSet:
        """This rule set with scenario files stacked on top, in order (see :func:`apply_scenarios`)."""
        return apply_scenarios(self, scenarios)

    def __repr__(self) -> str:
        return (
            f"<RuleSet {self.id} {self.version} ({self.label}), scenario {self.scenario_id}: "
            f"{len(self._core.services)} services, {len(self._core.requirements)} requirements, "
            f"{len(self._core.roles)} roles, {len(self._core.drivers)} drivers>"
        )


def load_rules(directory, scenarios=()) -> RuleSet:
    """Read and validate a rule-set directory, with scenarios applied on top in order.

    Parameters
    ----------
    directory : str or os.PathLike
        A rule-set directory (``ruleset.yaml``, ``roles.yaml``, ``drivers.yaml``, ``services/``),
        e.g. ``"specs/des-england"``.
    scenarios : path or sequence of paths, optional
        Scenario YAML files (e.g. ``specs/des-england/scenarios/draft-dec-2019.yaml``), stacked in
        the order given, each validated against the rule set the ones before it made.

    Returns
    -------
    RuleSet

    Raises
    ------
    RuleError
        The rule set or a scenario is malformed: every problem with its file, line, column and code.
    """
    directory = _os.fsdecode(directory)
    files = _paths(scenarios)
    return RuleSet(_core.load_rules(directory, files), directory, tuple(files))


def apply_scenarios(rules: RuleSet, scenarios) -> RuleSet:
    """A new rule set: ``rules`` with scenario files stacked on top, in order.

    Parameters
    ----------
    rules : RuleSet
    scenarios : path or sequence of paths
        Scenario YAML files. A bad scenario is refused whole and ``rules`` is unchanged.

    Returns
    -------
    RuleSet

    Raises
    ------
    RuleError
        A scenario is malformed or cannot be applied (e.g. DC080: unknown target).
    """
    files = _paths(scenarios)
    return RuleSet(_core.apply_scenarios(_rules(rules), files), rules.directory, rules.scenarios + tuple(files))


def scenario_label(rules: RuleSet, path) -> str:
    """The one-line label of a scenario file (its id when it has none), validated against ``rules``."""
    return _core.scenario_label(_rules(rules), _os.fsdecode(path))


def _rules(rules: RuleSet) -> _core.RuleSet:
    if isinstance(rules, RuleSet):
        return rules._core
    if isinstance(rules, _core.RuleSet):
        return rules
    raise TypeError(f"rules must be a descheck.RuleSet (from load_rules), not {type(rules).__name__}")


# ---------------------------------------------------------------------------------------------
# Panels


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

    __slots__ = ("_core", "_sources", "_cache")

    def __init__(self, core: _core.Panel, networks: tuple[str, str], staff: tuple[str, str]):
        self._core = core
        self._sources = {"networks": networks, "staff": staff}  # (kind, value): ("path", p) / ("text", csv)
        self._cache: dict[str, _Any] = {}

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


def _source(which: str, value: _Any) -> tuple[str, str]:
    """("path", path) or ("text", csv) for a networks or staff argument of load_panel."""
    if isinstance(value, (str, _os.PathLike)):
        return "path", _os.fsdecode(value)
    pd = _pandas()
    if isinstance(value, dict):
        # Lists stay as given (object), not inferred: each cell is written as it is.
        columns = {k: v if hasattr(v, "dtype") else pd.Series(list(v), dtype=object) for k, v in value.items()}
        return "text", _frame_csv(pd.DataFrame(columns))
    if isinstance(value, pd.DataFrame):
        return "text", _frame_csv(value)
    raise TypeError(f"{which} must be a path, a pandas DataFrame or a dict of columns, not {type(value).__name__}")


def _file_text(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        error = InputError(f"{path}:1:1: error[DC001]: cannot read file: {e.strerror}")
        error.file, error.line, error.column, error.code = path, 1, 1, "DC001"
        error.diagnostics = [(path, 1, 1, "DC001", f"cannot read file: {e.strerror}")]
        raise error from None


def load_panel(rules: RuleSet, networks, staff, coverage=None) -> Panel:
    """Read networks and their staff, and validate them against a rule set.

    Parameters
    ----------
    rules : RuleSet
        The rule set whose roles and drivers the tables use.
    networks : str, os.PathLike, pandas.DataFrame or dict of columns
        ``network_id`` (required), ``name``, ``region``, ``from`` (optional date: rows of one
        network with different ``from`` make its drivers change over time), then one column per
        driver of the rule set (e.g. ``registered_patients``, ``care_home_beds``).
    staff : str, os.PathLike, pandas.DataFrame or dict of columns
        ``network_id``, ``role``, ``wte`` (required), ``start``, ``end`` (inclusive; empty means
        open), ``funding`` (``arrs``, ``core`` or ``other``).
    coverage : str, os.PathLike, pandas.DataFrame, dict of columns or None
        Optional ``network_id``, ``from``, ``to`` (inclusive; empty means open): the dates on which
        the staff table is a complete record of each network's staff, as ``descheck import workforce
        --coverage-output`` writes them. Outside its windows a network's state is ``no_data``: it is
        not evaluated and national figures count it apart. Without it every network is covered.

    Returns
    -------
    Panel

    Raises
    ------
    InputError
        With every problem found (e.g. DC045 for a negative WTE, DC042 for an unknown column).

    Notes
    -----
    A path is read by the engine as a CSV file. A DataFrame (its columns; the index is ignored) or a
    dict of columns (made into a DataFrame) is written as CSV text first: dates as ``YYYY-MM-DD``,
    ``NaN``/``None``/``NaT`` as empty cells, whole numbers without ``.0``. Errors then name the table
    ``"networks (DataFrame)"`` or ``"staff (dict)"``, and their line is the CSV line: the header is
    line 1, so row ``i`` (0-based) of the DataFrame is line ``i + 2``.
    """
    core_rules = _rules(rules)
    sources = {"networks": _source("networks", networks), "staff": _source("staff", staff)}
    args = {"networks": networks, "staff": staff}
    if coverage is not None:
        sources["coverage"] = _source("coverage", coverage)
        args["coverage"] = coverage
    if all(kind == "path" for kind, _ in sources.values()):
        core = _core.load_panel(core_rules, sources["networks"][1], sources["staff"][1],
                                sources["coverage"][1] if coverage is not None else None)
    else:
        texts, names = [], []
        for which, arg in args.items():
            kind, value = sources[which]
            if kind == "path":
                texts.append(_file_text(value))
                names.append(value)
            else:
                texts.append(value)
                names.append(f"{which} ({'dict' if isinstance(arg, dict) else 'DataFrame'})")
        extra = (texts[2], names[2]) if coverage is not None else (None, "coverage")
        core = _core.parse_panel(core_rules, texts[0], texts[1], names[0], names[1], *extra)
    return Panel(core, sources["networks"], sources["staff"])


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


# ---------------------------------------------------------------------------------------------
# Tables


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
        return iter(self._order)

    def keys(self) -> list[str]:
        """Column names, as :attr:`order`."""
        return list(self._order)

    def is_categorical(self, name: str) -> bool:
        """Whether column ``name`` holds codes into labels."""
        return name in self._categories

    def __getitem__(self, name: str):
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


# ---------------------------------------------------------------------------------------------
# Checks over time


def check(rules: RuleSet, panel: Panel, at, summary: bool = False) -> Table:
    """Check every network of a panel on one date.

    Parameters
    ----------
    rules : RuleSet
    panel : Panel
    at : date-like
        The date (str ``YYYY-MM-DD``, date, datetime, numpy.datetime64 or pandas.Timestamp).
    summary : bool, default False
        False: one row per network and requirement in force (``scenario, network_id, date, service,
        requirement, kind, priority, demand, delivered, coverage, shortfall, status``; demand and
        delivered in hours a week for workload, WTE for staffing; status ``met``, ``partial``,
        ``unmet``). True: one row per network (``scenario, network_id, date, state, active, unmet,
        demand_hours, delivered_hours, shortfall_hours``; state ``compliant``, ``non_compliant``,
        ``not_in_force``).

    Returns
    -------
    Table
    """
    return Table._from_core(_core.check(_rules(rules), _panel(panel), _iso(at, "at"), bool(summary)))


def series(
    rules: RuleSet,
    panel: Panel,
    start,
    end,
    every: str = "month",
    summary: bool = False,
    threads: int = 0,
    progress=None,
) -> Table:
    """Check every network on the 1st of every month (or quarter) from ``start`` to ``end``.

    Parameters
    ----------
    rules : RuleSet
    panel : Panel
    start, end : date-like
        The range, both inclusive.
    every : {"month", "quarter"}, default "month"
        ``"quarter"`` samples the 1st of January, April, July and October.
    summary : bool, default False
        Network rows instead of requirement rows (as :func:`check`).
    threads : int, default 0
        Worker threads (0: all cores). The result is the same for any number.
    progress : callable or tqdm bar, optional
        ``progress(done, total)`` in networks, called on the calling thread with ``done`` rising to
        ``total``; or a tqdm bar (any object with ``update()`` and ``total``), e.g.
        ``with tqdm(unit="networks") as bar: series(..., progress=bar)``, or with a lambda:
        ``with tqdm(total=len(panel)) as bar: series(..., progress=lambda d, t: bar.update(d - bar.n))``.

    Returns
    -------
    Table
        Rows ordered by network (input order), date, service and requirement.

    Notes
    -----
    The GIL is released while the engine runs, so several runs can go on in Python threads at once.
    """
    t = _core.series(
        _rules(rules),
        _panel(panel),
        _iso(start, "start"),
        _iso(end, "end"),
        _cadence(every),
        bool(summary),
        _threads(threads),
        _progress(progress),
    )
    return Table._from_core(t)


def timeline(
    rules: RuleSet,
    panel: Panel,
    start,
    end,
    requirements: bool = False,
    earliest: bool = False,
    threads: int = 0,
    progress=None,
) -> Table:
    """Intervals of constant outcome for every network from ``start`` to ``end`` (inclusive).

    Results are computed once per interval between the breakpoints of the inputs (schedule dates,
    post starts and ends, driver changes), not day by day.

    Parameters
    ----------
    rules : RuleSet
    panel : Panel
    start, end : date-like
    requirements : bool, default False
        False: network rows over intervals (``scenario, network_id, from, to, state, active, unmet,
        demand_hours, delivered_hours, shortfall_hours``; ``from`` and ``to`` inclusive). True:
        requirement rows over intervals, with ``from``/``to`` instead of ``date``.
    earliest : bool, default False
        The earliest compliant date per network and service instead: ``scenario, network_id,
        service, status, in_force_from, earliest`` (status ``compliant``, ``compliant_from``,
        ``not_compliant``, ``not_in_force``; dates ``NaT`` where there is none). Not together with
        ``requirements``.
    threads : int, default 0
    progress : callable or tqdm bar, optional
        As for :func:`series`.

    Returns
    -------
    Table
    """
    if requirements and earliest:
        raise ValueError("requirements and earliest are separate tables: ask for one of them")
    t = _core.timeline(
        _rules(rules),
        _panel(panel),
        _iso(start, "start"),
        _iso(end, "end"),
        bool(requirements),
        bool(earliest),
        _threads(threads),
        _progress(progress),
    )
    return Table._from_core(t)


# ---------------------------------------------------------------------------------------------
# Report, diff, explanation


def _parse_roles(text: str) -> list[tuple[str, int]]:
    out = []
    for part in text.split(";"):
        if part:
            role, _, count = part.rpartition(":")
            out.append((role, int(count)))
    return out


class Report:
    """The national picture of a panel over a range, under a rule set and compared scenarios.

    Attributes
    ----------
    markdown : str
        The report as Markdown (what ``descheck report`` prints).
    csv : str
        One CSV row per scenario, service and date.
    cells : Table
        ``scenario, service, date, networks_in_force, compliant, share_compliant, shortfall_hours,
        bottleneck_roles``, with service ``"all"`` for all services together. ``bottleneck_roles``
        is text: ``"role:networks;role:networks"``, most frequent first (see :meth:`bottlenecks`).
    years : Table
        ``scenario, year, from, to, networks_in_force, compliant`` per financial year ("2020/21"):
        networks compliant on every day of the year on which a requirement is in force.
    scenarios : list of str
        Scenario ids, the rule set's first and then each compared scenario.
    rules : RuleSet
        The rule set the report was made under (for labels).

    In a notebook the report displays as Markdown; ``str(report)`` is the Markdown too.
    """

    def __init__(self, result: dict, rules: RuleSet):
        self.markdown: str = result["markdown"]
        self.csv: str = result["csv"]
        self.cells = Table._from_core(result["cells"])
        self.years = Table._from_core(result["years"])
        self.rules = rules

    @property
    def scenarios(self) -> list[str]:
        """Scenario ids in report order."""
        return self.cells.categories["scenario"]

    def bottlenecks(self, at=None):
        """Bottleneck roles as a long DataFrame.

        Parameters
        ----------
        at : date-like or "last", optional
            Only this sample date (``"last"``: the last date of the report). Default: every date.

        Returns
        -------
        pandas.DataFrame
            ``scenario, service, date, role, role_label, networks``: the number of networks in which
            the role is in the bottleneck group of a requirement of the service that falls short
            (up to three roles per cell, most frequent first).
        """
        pd = _pandas()
        cells = self.cells
        dates = cells.columns["date"]
        mask = _np.ones(len(cells), dtype=bool)
        if at is not None:
            day = dates.max() if isinstance(at, str) and at == "last" else _np.datetime64(_iso(at), "D")
            mask = dates == day
        scenario, service = cells.labels("scenario"), cells.labels("service")
        roles = cells.labels("bottleneck_roles")
        rows = []
        for i in _np.flatnonzero(mask):
            for role, count in _parse_roles(roles[i]):
                rows.append((scenario[i], service[i], dates[i], role, self.rules.role_label(role), count))
        frame = pd.DataFrame(rows, columns=["scenario", "service", "date", "role", "role_label", "networks"])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def __str__(self) -> str:
        return self.markdown

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        dates = self.cells.columns["date"]
        span = f"{dates.min()} to {dates.max()}" if len(dates) else "no dates"
        first = next((line for line in self.markdown.splitlines() if line.startswith("# ")), "# Report")
        return f"<Report {first[2:]}: {', '.join(self.scenarios)}; {len(_np.unique(dates))} dates, {span}>"


def report(
    rules: RuleSet,
    panel: Panel,
    start,
    end,
    every: str = "quarter",
    compare=(),
    threads: int = 0,
    progress=None,
) -> Report:
    """The national picture: per service and date, networks in force, compliant, hours short and
    bottleneck roles; per financial year, networks compliant all year.

    Parameters
    ----------
    rules : RuleSet
    panel : Panel
    start, end : date-like
        The range (inclusive).
    every : {"quarter", "month"}, default "quarter"
    compare : path or sequence of paths, optional
        Scenario files, each run on its own on top of ``rules``, side by side with it.
    threads : int, default 0
    progress : callable or tqdm bar, optional
        As for :func:`series`. A callable sees the count start again for each compared scenario;
        a tqdm bar counts on over all of them.

    Returns
    -------
    Report
    """
    result = _core.report(
        _rules(rules),
        _panel(panel),
        _iso(start, "start"),
        _iso(end, "end"),
        _cadence(every),
        _paths(compare),
        _threads(threads),
        _progress(progress),
    )
    return Report(result, rules)


class Diff:
    """What a scenario changes: rules, networks whose state changes and when, and which change causes it.

    Attributes
    ----------
    text : str
        The three sections for people (what ``descheck diff`` prints).
    csv : str
        One CSV row per change of state, with its attribution.
    rules : list of str
        One line per rule difference, e.g. ``"smr.reviews: phase differs from 2020-04-01 (left
        undefined -> right 1)"``.
    changes : list of str
        The scenario changes compared, ``"scenario#n:kind:target"``.
    flips : Table
        ``network_id, from, to, left_state, right_state, sufficient, necessary,
        needs_combination``: each interval over which a network's state differs; ``sufficient`` and
        ``necessary`` list changes (``;``-separated) that alone cause it / without which it would not
        happen.
    networks_changed, networks : int
        Networks with at least one change of state, of all networks.
    """

    def __init__(self, result: dict):
        self.text: str = result["text"]
        self.csv: str = result["csv"]
        self.rules: list[str] = list(result["rules"])
        self.changes: list[str] = list(result["changes"])
        self.flips = Table._from_core(result["flips"])
        self.networks_changed: int = int(result["networks_changed"])
        self.networks: int = int(result["networks"])

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        first = self.text.splitlines()[0].lstrip("# ") if self.text else "diff"
        return (
            f"<Diff {first}: {len(self.rules)} rule differences, {self.networks_changed:,} of "
            f"{self.networks:,} networks change state ({len(self.flips):,} intervals)>"
        )

    def _repr_html_(self) -> str:
        return f'<pre style="white-space: pre-wrap">{_html.escape(self.text)}</pre>'


def diff(rules: RuleSet, panel: Panel, against, start, end, threads: int = 0, progress=None) -> Diff:
    """Compare ``rules`` with ``rules`` plus scenario files: rules, outcomes and attribution.

    Parameters
    ----------
    rules : RuleSet
        The left side.
    panel : Panel
    against : path or sequence of paths
        Scenario files stacked on top of ``rules`` to make the right side.
    start, end : date-like
    threads : int, default 0
    progress : callable or tqdm bar, optional

    Returns
    -------
    Diff
    """
    result = _core.diff(
        _rules(rules),
        _panel(panel),
        _paths(against),
        _iso(start, "start"),
        _iso(end, "end"),
        _threads(threads),
        _progress(progress),
    )
    return Diff(result)


_SHORT = ("NOT COMPLIANT", "partial", "unmet")


class Explanation:
    """Why one network does or does not comply on one date: staff time, each requirement's demand
    and delivery with the source of every number, and the bottleneck of each shortfall.

    Attributes
    ----------
    text : str
        The explanation (what ``descheck explain`` prints).
    network : str
        Network id.
    at : str
        The date, ``YYYY-MM-DD``.

    ``repr()`` and ``str()`` are the text; in a notebook it displays as HTML with the shortfalls
    highlighted.
    """

    def __init__(self, text: str, network: str, at: str):
        self.text = text
        self.network = network
        self.at = at

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        esc = _html.escape
        red = "color: #b00020"
        lines = self.text.splitlines()
        parts = ['<div class="descheck-explanation">']
        if lines:
            title = esc(lines[0]).replace("NOT COMPLIANT", f'<span style="{red}">NOT COMPLIANT</span>')
            parts.append(f"<p><strong>{title}</strong></p>")
        block: list[str] = []

        def flush() -> None:
            while block and not block[-1].strip():
                block.pop()
            if block:
                parts.append('<pre style="white-space: pre-wrap">' + "\n".join(block) + "</pre>")
            block.clear()

        for line in lines[1:]:
            stripped = line.strip()
            if line and not line[0].isspace() and line.endswith(":") and not line.startswith(("*", "-")):
                flush()
                parts.append(f"<h4>{esc(line[:-1])}</h4>")
            elif stripped.startswith("Short by"):
                block.append(f'<strong style="{red}">{esc(line)}</strong>')
            elif line.startswith("* ") and line.rstrip().endswith((": partial", ": unmet")):
                head, _, status = line.rpartition(": ")
                block.append(f'<strong>{esc(head)}</strong>: <strong style="{red}">{esc(status)}</strong>')
            elif line.startswith("* "):
                head, sep, status = line.rpartition(": ")
                block.append(f"<strong>{esc(head)}</strong>{sep}{esc(status)}" if sep else esc(line))
            elif not block and not stripped:
                continue
            else:
                block.append(esc(line))
        flush()
        parts.append("</div>")
        return "\n".join(parts)


def explain(rules: RuleSet, panel: Panel, network, at) -> Explanation:
    """Explain one network's check on one date.

    Parameters
    ----------
    rules : RuleSet
    panel : Panel
    network : str or int
        Network id (or its position in the panel).
    at : date-like

    Returns
    -------
    Explanation

    Raises
    ------
    InputError
        DC047 when the panel has no such network.
    """
    if isinstance(network, (int, _np.integer)) and not isinstance(network, bool):
        network = panel.network_ids[int(network)]
    day = _iso(at, "at")
    return Explanation(_core.explain(_rules(rules), _panel(panel), str(network), day), str(network), day)


def release_memory() -> int:
    """Give the memory kept from freed result tables back to the system.

    When a :class:`Table` is freed, its large column buffers (1 MiB and more, up to 256 MiB in all)
    are kept for the next run to reuse, which saves the cost of mapping fresh memory: on a virtual
    machine that can be as much as the evaluation itself. Call this to return them at once.

    Returns
    -------
    int
        The bytes given back.
    """
    return int(_core.release_memory())

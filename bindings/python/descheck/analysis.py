"""How sure are we: one-at-a-time sensitivity (a tornado) and joint uncertainty (Monte Carlo draws).

Both vary the *ranged values* of a rule set (values written with a ``range``), after any scenarios
are applied (docs/uncertainty.md). Uncertainty draws are a pure function of (seed, draw, value id),
so a run can be split by draw range over threads, processes or machines (:class:`UncertaintyRun`,
:mod:`descheck.distributed`) and combined exactly.
"""

from __future__ import annotations

import numbers as _numbers

import numpy as _np

from . import _core
from ._args import _cadence, _iso, _pandas, _paths, _progress, _threads
from .panels import Panel, _panel
from .rules import RuleSet, _rules, apply_scenarios
from .tables import ResultTable, Table

UncertaintyPartial = _core.UncertaintyPartial


def _with_scenarios(rules: RuleSet, scenarios) -> RuleSet:
    files = _paths(scenarios)
    return apply_scenarios(rules, files) if files else rules


def _financial_year(year) -> str:
    if isinstance(year, bool):
        raise TypeError("year must be a financial year such as 2021 or '2021/22', not a bool")
    if isinstance(year, _numbers.Integral):
        return f"{int(year)}/{(int(year) + 1) % 100:02d}"
    if isinstance(year, str):
        return year.strip()
    raise TypeError(f"year must be an int (2021 for 2021/22) or '2021/22', not {type(year).__name__}")


def sensitivity(
    rules: RuleSet,
    panel: Panel,
    *,
    at=None,
    year=None,
    measure: str = "compliant",
    service: str | None = None,
    top: int | None = None,
    scenarios=(),
    threads: int = 0,
    progress=None,
) -> ResultTable:
    """Each ranged value at the low and at the high end of its range, one at a time: how far one
    national measure moves (a tornado), as ``descheck sensitivity``.

    Parameters
    ----------
    rules : RuleSet
    panel : Panel
        Networks and staff; a panel loaded with ``coverage`` counts networks without data apart.
    at : date-like, optional
        Measure at one date ...
    year : int or str, optional
        ... or over a financial year (``2021`` or ``"2021/22"``: compliant on every day something is
        in force). Give exactly one of ``at`` and ``year``.
    measure : {"compliant", "shortfall"}, default "compliant"
        Networks compliant, or hours a week short summed over networks.
    service : str, optional
        One service's measure (default: every service together).
    top : int, optional
        Only the ``top`` rows (largest swings).
    scenarios : path or sequence of paths, optional
        Scenario files stacked on ``rules`` first; values a scenario set are held at its values.
    threads : int, default 0
        Worker threads (0: all cores); the result is the same for any number.
    progress : callable or tqdm bar, optional
        Counted in ranged values.

    Returns
    -------
    ResultTable
        One row per ranged value, largest swing first: ``rank, id, source, status, value, range_low,
        range_high, distribution, base, measure_low, measure_high, swing`` (the columns of the
        command's CSV). Attributes: ``base`` (the measure with every value at its value),
        ``skipped`` (values that cannot move the measure, not run again), ``values`` (ranged values
        in all), ``scenario``, ``window`` (``"2021-06-01"`` or ``"2021/22"``), ``measure``,
        ``service``, and ``csv`` and ``markdown``: the command's output, byte for byte.
    """
    if (at is None) == (year is None):
        raise ValueError("sensitivity needs exactly one of at= (a date) or year= (a financial year)")
    if top is not None and (isinstance(top, bool) or int(top) < 1):
        raise ValueError("top must be a whole number of at least 1 (or None for every row)")
    if measure not in ("compliant", "shortfall"):
        raise ValueError(f"measure must be 'compliant' or 'shortfall', not {measure!r}")
    rules = _with_scenarios(rules, scenarios)
    window = _iso(at, "at") if at is not None else _financial_year(year)
    out = _core.sensitivity(
        _rules(rules),
        _panel(panel),
        window,
        year is not None,
        measure,
        service,
        0 if top is None else int(top),
        _threads(threads),
        _progress(progress),
    )
    return ResultTable._with(
        out["table"],
        base=float(out["base"]),
        skipped=int(out["skipped"]),
        values=int(out["values"]),
        scenario=out["scenario"],
        window=out["window"],
        measure=measure,
        service=service or "all",
        csv=out["csv"],
        markdown=out["markdown"],
    )


class Uncertainty:
    """The figures of an uncertainty run (what ``descheck uncertainty`` writes).

    Attributes
    ----------
    networks : Table
        ``network_id, date, draws, in_force, compliant, no_data, probability``: per network and
        sample date, the draws in which it had something in force, was compliant, had no data, and
        the probability of compliance (``compliant / (draws - no_data)``, ``NaN`` without data).
    measures : Table
        ``measure, service, date, base, mean, p5, p50, p95``: per sample date, measure
        (``compliant``, ``shortfall``) and service (and ``all``), the value with every ranged value
        at its value (``base``) and the mean and nearest-rank percentiles over the draws.
    year_measures : Table
        ``measure, service, financial_year, from, to, base, mean, p5, p50, p95``: per financial year
        overlapping the range (clipped to it: ``from``, ``to``), networks compliant on every day of the
        year on which something is in force, and the shortfall over the year, as ``descheck
        uncertainty --year-measures FILE`` writes them (``year_measures_csv``, byte for byte).
    national_draws : numpy.ndarray
        ``draws x dates`` (uint32): networks compliant with every requirement in force, per draw and
        date (the numbers behind ``measures`` for ``compliant, all``; draws pair across scenarios).
    networks_csv, measures_csv : str
        The two tables as the command writes them (``--output FILE.csv`` and ``--format csv``),
        byte for byte; ``markdown`` the summary as Markdown.
    scenario : str
    seed, draws, values : int
        The seed, the number of draws and the number of ranged values drawn.
    dates : numpy.ndarray
        The sample dates (``datetime64[D]``).
    """

    def __init__(self, raw: dict, national_draws=None):
        self._raw = raw
        self.networks = Table._from_core(raw["networks"])
        self.measures = Table._from_core(raw["measures"])
        self.networks_csv: str = raw["networks_csv"]
        self.measures_csv: str = raw["measures_csv"]
        self.year_measures = Table._from_core(raw["year_measures"])
        self.year_measures_csv: str = raw["year_measures_csv"]
        self.markdown: str = raw["markdown"]
        self.scenario: str = raw["scenario"]
        self.seed = int(raw["seed"])
        self.draws = int(raw["draws"])
        self.values = int(raw["values"])
        self.national_draws = national_draws

    def __reduce__(self):
        return (Uncertainty, (self._raw, self.national_draws))

    @property
    def dates(self) -> _np.ndarray:
        """The sample dates (``datetime64[D]``)."""
        return _np.unique(self.measures.columns["date"])

    def national(self, measure: str = "compliant", service: str = "all"):
        """The rows of ``measures`` for one measure and service, as a DataFrame indexed by date."""
        frame = self.measures.to_pandas()
        rows = frame[(frame["measure"] == measure) & (frame["service"] == service)]
        if rows.empty:
            raise ValueError(f"no measure {measure!r} for service {service!r}")
        return rows.set_index("date")[["base", "mean", "p5", "p50", "p95"]]

    def probabilities(self, at):
        """Each network's probability of compliance at sample date ``at``, as a pandas Series
        indexed by network id (``NaN`` for a network without data)."""
        day = _np.datetime64(_iso(at, "at"), "D")
        dates = self.networks.columns["date"]
        if not (dates == day).any():
            raise ValueError(f"{day} is not a sample date of this run ({', '.join(map(str, self.dates))})")
        mask = dates == day
        pd = _pandas()
        return pd.Series(
            self.networks.columns["probability"][mask],
            index=pd.Index(self.networks.labels("network_id")[mask], name="network_id"),
            name="probability",
        )

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        dates = self.dates
        span = f"{dates[0]} to {dates[-1]}" if len(dates) else "no dates"
        return (
            f"<Uncertainty {self.draws:,} draws of {self.values} ranged values, seed {self.seed}, scenario "
            f"{self.scenario}: {len(dates)} dates, {span}>"
        )


def _national_draws(partial) -> _np.ndarray:
    per = _np.asarray(partial.draw_compliant).reshape(-1, partial.dates, partial.cells)
    return _np.ascontiguousarray(per[:, :, -1])


def combine(parts) -> UncertaintyPartial:
    """Merge partial results of one run whose draw ranges are disjoint and together contiguous (in
    any order) into one; raises :class:`InputError` (DC060) for a gap, an overlap, or parts of
    another run."""
    parts = list(parts)
    for p in parts:
        if not isinstance(p, UncertaintyPartial):
            raise TypeError(f"combine takes UncertaintyPartial results, not {type(p).__name__}")
    return _core.combine_partials(parts)


class UncertaintyRun:
    """An uncertainty run prepared once (ranged values, sample dates, the measures at the values),
    then asked for any range of draws: ``run(first, last)`` gives a picklable
    :class:`UncertaintyPartial`, and :meth:`summarise` of partials covering draws ``[0, N)``
    gives exactly what ``uncertainty(..., draws=N)`` gives.

    Parameters are those of :func:`uncertainty` apart from ``draws``, ``threads`` and ``progress``.
    """

    def __init__(self, rules: RuleSet, panel: Panel, *, seed: int = 0, start=None, end=None, every="quarter",
                 scenarios=()):
        self.rules = _with_scenarios(rules, scenarios)
        self.panel = panel
        start, end = _range(self.rules, start, end)
        if isinstance(seed, bool) or not isinstance(seed, _numbers.Integral) or not 0 <= int(seed) < 2**64:
            raise ValueError(f"seed must be a whole number from 0 to 2**64 - 1, not {seed!r}")
        self.seed = int(seed)
        self._core = _core.UncertaintyRun(_rules(self.rules), _panel(panel), start, end, _cadence(every), self.seed)

    @property
    def values(self) -> list[str]:
        """Ids of the ranged values every draw sets."""
        return list(self._core.values)

    @property
    def dates(self) -> list[str]:
        """The sample dates, ``YYYY-MM-DD``."""
        return list(self._core.dates)

    def run(self, first: int, last: int, threads: int = 0, progress=None) -> UncertaintyPartial:
        """Draws ``[first, last)`` on ``threads`` threads (0: all cores), with the GIL released."""
        first, last = int(first), int(last)
        if not 0 <= first <= last < 2**32:
            raise ValueError(f"draw range [{first}, {last}) must have 0 <= first <= last < 2**32")
        return self._core.run(first, last, _threads(threads), _progress(progress))

    def summarise(self, parts) -> Uncertainty:
        """The figures of partial results covering draws ``[0, N)`` (one partial, or several to
        :func:`combine` first)."""
        whole = parts if isinstance(parts, UncertaintyPartial) else combine(parts)
        if whole.first_draw != 0 or whole.last_draw == 0:
            raise ValueError(f"partial results must cover draws [0, N), not [{whole.first_draw}, {whole.last_draw})")
        return Uncertainty(self._core.summarise(whole), _national_draws(whole))


def _range(rules: RuleSet, start, end) -> tuple[str, str]:
    default = _core.default_range(_rules(rules))
    if (start is None or end is None) and default is None:
        raise ValueError(f"rule set {rules.id} has no default_range: give start and end")
    return (_iso(start, "start") if start is not None else default[0],
            _iso(end, "end") if end is not None else default[1])


def _pick(name: str, value, alias: str, other):
    if value is not None and other is not None:
        raise ValueError(f"give {name} or {alias}, not both")
    return value if value is not None else other


def uncertainty(
    rules: RuleSet,
    panel: Panel,
    *,
    draws: int,
    seed: int = 0,
    start=None,
    end=None,
    from_=None,
    to=None,
    every: str = "quarter",
    threads: int = 0,
    scenarios=(),
    progress=None,
) -> Uncertainty:
    """Monte Carlo draws of every ranged value together: each network's probability of compliance
    at each sample date, and the spread of the national measures, as ``descheck uncertainty``.

    Parameters
    ----------
    rules : RuleSet
    panel : Panel
    draws : int
        Number of draws (at least 1).
    seed : int, default 0
        Draw ``i`` of a value depends only on (seed, i, the value's id).
    start, end : date-like, optional
        The range (inclusive; ``from_`` and ``to`` are other names for them). Default: the rule
        set's ``default_range``.
    every : {"quarter", "month"}, default "quarter"
        Sample the 1st of every quarter or month.
    threads : int, default 0
        Worker threads (0: all cores); the result is the same for any number. The GIL is released
        while the draws run.
    scenarios : path or sequence of paths, optional
        Scenario files stacked on ``rules`` first.
    progress : callable or tqdm bar, optional
        Counted in draws.

    Returns
    -------
    Uncertainty
    """
    if isinstance(draws, bool) or not isinstance(draws, _numbers.Integral) or not 1 <= int(draws) < 2**32:
        raise ValueError(f"draws must be a whole number of at least 1, not {draws!r}")
    start = _pick("start", start, "from_", from_)
    end = _pick("end", end, "to", to)
    run = UncertaintyRun(rules, panel, seed=seed, start=start, end=end, every=every, scenarios=scenarios)
    return run.summarise(run.run(0, int(draws), threads, progress))

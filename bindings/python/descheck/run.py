"""Checks, series, timelines, the national report, diffs and explanations."""

from __future__ import annotations

import html as _html

import numpy as _np

from . import _core
from ._args import _cadence, _iso, _pandas, _paths, _progress, _threads
from .panels import Panel, _panel
from .rules import RuleSet, _rules
from .tables import ResultTable, Table


def check(rules: RuleSet, panel: Panel, at, summary: bool = False, pools=None) -> Table:
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
    pools : path, DataFrame, dict of columns or list of dicts, optional
        Shared workforce pools (``pool_id,network_id``) for this check, as ``load_panel(...,
        pools=...)`` gives a panel; a panel loaded with pools is checked with them without it. The
        members of a pool are then checked together (docs/pools.md) and the result has a
        ``pool_use`` attribute: a Table ``network_id, pool_id, role, hours`` of the hours a week
        each network drew from each pool.

    Returns
    -------
    Table
    """
    if pools is not None:
        from .panels import load_panel

        coverage = panel.coverage_csv if isinstance(panel, Panel) else None
        panel = load_panel(rules, _pandas_free_text(panel, "networks"), _pandas_free_text(panel, "staff"),
                           None if coverage is None else _pandas_free_text(panel, "coverage"), pools=pools)
    if isinstance(panel, Panel) and panel._pools is not None:
        table, uses = _core.check_pooled(_rules(rules), panel._core, panel._pools, _iso(at, "at"), bool(summary))
        return ResultTable._with(table, pool_use=Table._from_core(uses))
    return Table._from_core(_core.check(_rules(rules), _panel(panel), _iso(at, "at"), bool(summary)))


class _Text:
    """A panel's table as CSV text, passed on to load_panel as it is (no DataFrame round trip)."""

    def __init__(self, which: str, text: str):
        self.which, self.text = which, text

    def _csv(self, which: str):
        return self.text if which == self.which else None


def _pandas_free_text(panel: Panel, which: str) -> _Text:
    if not isinstance(panel, Panel):
        raise TypeError("check(pools=...) needs a descheck.Panel (from load_panel)")
    return _Text(which, panel._text(which))


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
    claim=None,
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
    claim : path, optional
        A scenario file with the December 2019 draft's timeline: the report's Markdown gets the
        section that tests the draft's claim (as ``descheck report --claim``), and ``report.claim``
        its table (see :func:`claim`).

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
    out = Report(result, rules)
    if claim is not None:
        from .money import claim as _claim

        out.claim = _claim(rules, panel, claim)
        out.markdown = out.markdown.rstrip("\n") + "\n\n" + out.claim.markdown
    return out


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

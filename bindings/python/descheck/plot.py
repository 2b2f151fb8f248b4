"""Plots of descheck results with matplotlib.

Every function returns a :class:`matplotlib.figure.Figure` made without pyplot, so nothing here
touches pyplot's state or picks a backend: save it with ``fig.savefig("file.png")``, or show it in a
notebook with ``display(fig)`` (or as a cell's last value). When an ``ax`` is given, the plot is
drawn on it and its figure is returned.

compliance_over_time
    Share of networks compliant by date, one line per scenario, from ``series(..., summary=True)``.
compliance_by_service
    Share of networks compliant by date, one line per service, one panel per scenario, from a
    :class:`descheck.Report`.
shortfall_by_role
    Bar chart of the roles most often in the bottleneck of a shortfall, from a Report.
tornado
    The ranged values that move a national measure most, one at a time, from :func:`descheck.sensitivity`.
fan
    A national measure over time with its 90% band (5th to 95th percentile), median and base, from
    :func:`descheck.uncertainty`.
probability_histogram
    How many networks have each probability of compliance on one date, from :func:`descheck.uncertainty`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Report, Table, Uncertainty, concat

__all__ = ["compliance_by_service", "compliance_over_time", "fan", "probability_histogram", "shortfall_by_role",
           "tornado"]


def _figure(ax=None, ncols: int = 1, figsize=None, sharey: bool = True):
    """A new Figure with ``ncols`` axes side by side, or ``ax``'s figure and ``[ax]``."""
    if ax is not None:
        return ax.figure, [ax]
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize or (max(6.4, 5.2 * ncols), 4.2), layout="constrained")
    axes = fig.subplots(1, ncols, sharey=sharey, squeeze=False)[0]
    return fig, list(axes)


def _shared_legend(axes, title=None):
    """One legend beside the last panel for the labelled artists of all panels, each label once."""
    handles, labels = [], []
    for axis in axes:
        for h, lbl in zip(*axis.get_legend_handles_labels()):
            if lbl not in labels:
                handles.append(h)
                labels.append(lbl)
    if handles:
        axes[-1].legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small", title=title)


def _percent_axis(ax) -> None:
    from matplotlib.ticker import PercentFormatter

    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(PercentFormatter(100))
    ax.grid(True, alpha=0.3)


def _frame(data: Any):
    """A DataFrame from a Table, a DataFrame, or a sequence of either (concatenated)."""
    import pandas as pd

    if isinstance(data, Table):
        return data.to_pandas()
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, (list, tuple)):
        if data and all(isinstance(t, Table) for t in data):
            return concat(data).to_pandas()
        return pd.concat([_frame(d) for d in data], ignore_index=True)
    raise TypeError(f"expected a descheck.Table, a pandas DataFrame or a list of them, not {type(data).__name__}")


def compliance_over_time(data, ax=None, by: str | None = "scenario", title: str | None = None):
    """Share of networks compliant by date, one line per group (scenario by default).

    The share is of networks with some requirement in force on the date (``state`` other than
    ``not_in_force``), as in the national report.

    Parameters
    ----------
    data : Table, pandas.DataFrame, or a list of them
        Network rows of ``descheck.series(..., summary=True)`` (columns ``date`` and ``state``),
        e.g. one table per scenario (a list is concatenated).
    ax : matplotlib.axes.Axes, optional
        Draw on this axes instead of a new figure.
    by : str or None, default "scenario"
        Column whose values are the lines; None for one line over all rows.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame = _frame(data)
    missing = {"date", "state"} - set(frame.columns)
    if missing:
        raise ValueError(
            f"compliance_over_time needs the network rows of series(..., summary=True) "
            f"(columns date and state); missing {sorted(missing)}"
        )
    in_force = (frame["state"] != "not_in_force").to_numpy()
    compliant = (frame["state"] == "compliant").to_numpy()
    work = frame.assign(_in_force=in_force, _compliant=compliant, _all="all networks")
    key = by if by is not None else "_all"
    if key not in work.columns:
        raise ValueError(f"no column {by!r} to group by; columns: {list(frame.columns)}")
    sums = work.groupby([key, "date"], observed=True)[["_in_force", "_compliant"]].sum()
    share = (100.0 * sums["_compliant"] / sums["_in_force"].where(sums["_in_force"] > 0)).rename("share")
    fig, (axis,) = _figure(ax)
    for group, part in share.groupby(level=0, observed=True, sort=False):
        part = part.droplevel(0)
        axis.plot(part.index, part.to_numpy(), marker="o", markersize=3, label=str(group))
    _percent_axis(axis)
    axis.set_xlabel("date")
    axis.set_ylabel("networks compliant")
    axis.set_title(title or "Networks with the staff for every requirement in force")
    if by is not None:
        axis.legend(title=by, fontsize="small")
    return fig


def _cells(data: Any):
    """(cells DataFrame, rules or None) from a Report, its cells Table, or a DataFrame."""
    import pandas as pd

    if isinstance(data, Report):
        return data.cells.to_pandas(), data.rules
    if isinstance(data, Table):
        return data.to_pandas(), None
    if isinstance(data, pd.DataFrame):
        return data, None
    raise TypeError(f"expected a descheck.Report (or its cells), not {type(data).__name__}")


def compliance_by_service(report, services=None, scenarios=None, title: str | None = None):
    """Share of networks compliant by date, one line per service, one panel per scenario.

    Parameters
    ----------
    report : Report, Table or pandas.DataFrame
        A :class:`descheck.Report` (or its ``cells``), e.g. ``report(..., every="month",
        compare=[...])``. A service is plotted only on dates on which it is in force somewhere.
    services : list of str, optional
        Service ids to plot (default: all, plus ``"all"``, every service together, drawn in black).
    scenarios : list of str, optional
        Scenario ids to plot, one panel each (default: all in the report).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    cells, rules = _cells(report)
    cells = cells.assign(scenario=cells["scenario"].astype(str), service=cells["service"].astype(str))
    scenarios = list(scenarios) if scenarios is not None else list(dict.fromkeys(cells["scenario"]))
    services = list(services) if services is not None else list(dict.fromkeys(cells["service"]))
    fig, axes = _figure(None, ncols=len(scenarios), figsize=(max(7.0, 5.6 * len(scenarios)), 4.8))
    colours = {}
    cycle = iter(_palette())
    for service in services:
        colours[service] = "black" if service == "all" else next(cycle)
    for axis, scenario in zip(axes, scenarios):
        mine = cells[cells["scenario"] == scenario]
        for service in services:
            rows = mine[mine["service"] == service].sort_values("date")
            in_force = rows["networks_in_force"].to_numpy()
            if not (in_force > 0).any():
                continue
            share = np.where(in_force > 0, 100.0 * rows["share_compliant"].to_numpy(), np.nan)
            label = rules.service_label(service) if rules is not None else service
            axis.plot(
                rows["date"],
                share,
                color=colours[service],
                linewidth=2.5 if service == "all" else 1.5,
                marker="o",
                markersize=2.5,
                label=label,
            )
        _percent_axis(axis)
        axis.set_title(scenario)
        axis.set_xlabel("date")
        for tick in axis.get_xticklabels():
            tick.set_rotation(30)
    axes[0].set_ylabel("networks compliant with the service")
    _shared_legend(axes)
    fig.suptitle(title or "Share of networks with the staff for each service in force")
    return fig


def _palette() -> list[str]:
    from matplotlib import colormaps

    cmap = colormaps["tab10"]
    return [cmap(i) for i in range(10)] + [colormaps["Dark2"](i) for i in range(8)]


def shortfall_by_role(report, top: int = 10, at=None, service: str | None = None, scenarios=None, title=None):
    """Bar chart of the roles most often in the bottleneck of a shortfall, on one date.

    A role is in the bottleneck of a requirement that falls short when its time is all in use and
    more of it would help (also when no one is in post).

    Parameters
    ----------
    report : Report, Table or pandas.DataFrame
        A :class:`descheck.Report` or its ``cells``.
    top : int, default 10
        Number of roles shown.
    at : date-like, optional
        The sample date (default: the report's last).
    service : str, optional
        Count networks for one service (``"all"``: all services together). Default: bars stacked
        by service, a network counting once for each service in which the role is a bottleneck.
    scenarios : list of str, optional
        One panel per scenario (default: all in the report).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    The report keeps the three most frequent roles per service and date, so ``service="all"`` shows
    at most three roles; the default, stacked by service, shows more.
    """
    import pandas as pd

    cells, rules = _cells(report)
    dates = pd.to_datetime(cells["date"])
    day = dates.max() if at is None else pd.Timestamp(at)
    cells = cells[dates == day]
    rows = []
    for scenario, svc, text in zip(
        cells["scenario"].astype(str), cells["service"].astype(str), cells["bottleneck_roles"].astype(str)
    ):
        for part in text.split(";"):
            if part:
                role, _, count = part.rpartition(":")
                rows.append((scenario, svc, role, int(count)))
    long = pd.DataFrame(rows, columns=["scenario", "service", "role", "networks"])
    long = long[long["service"] == service] if service is not None else long[long["service"] != "all"]
    all_scenarios = list(dict.fromkeys(cells["scenario"].astype(str)))
    scenarios = list(scenarios) if scenarios is not None else all_scenarios
    width = 5.0 * len(scenarios) + (4.5 if service is None else 2.0)  # room for role names and the legend
    fig, axes = _figure(None, ncols=len(scenarios), figsize=(width, 0.45 * top + 2.0), sharey=False)
    services = list(dict.fromkeys(long["service"]))
    colours = dict(zip(services, _palette()))

    def role_label(role: str) -> str:
        return rules.role_label(role) if rules is not None else role

    for axis, scenario in zip(axes, scenarios):
        mine = long[long["scenario"] == scenario]
        if mine.empty:
            axis.text(0.5, 0.5, "no shortfall", ha="center", va="center", transform=axis.transAxes)
            axis.set_axis_off()
            axis.set_title(scenario)
            continue
        table = mine.pivot_table(index="role", columns="service", values="networks", aggfunc="sum", fill_value=0)
        order = table.sum(axis=1).sort_values(ascending=False).index[:top][::-1]
        table = table.loc[order]
        left = np.zeros(len(table))
        labels = [role_label(r) for r in table.index]
        for svc in table.columns:
            values = table[svc].to_numpy()
            name = rules.service_label(svc) if rules is not None else svc
            axis.barh(labels, values, left=left, color=colours.get(svc), label=name)
            left += values
        axis.set_title(scenario)
        axis.set_xlabel("networks" if service is not None else "networks, counted once per service short")
        axis.grid(True, axis="x", alpha=0.3)
    if service is None:
        _shared_legend(axes, title="service")
    what = rules.service_label(service) if (rules is not None and service is not None) else (service or "by service")
    fig.suptitle(title or f"Bottleneck roles on {day.date().isoformat()} ({what})")
    return fig


def tornado(table, top: int | None = 15, ax=None, title: str | None = None):
    """The ranged values that move a national measure most, one at a time (a tornado).

    One horizontal bar per value, largest swing on top, from the measure with the value at the low
    end of its range to the measure with it at the high end (so each bar's width is its swing); a
    bar is blue where raising the value raises the measure and orange where it lowers it. The base
    (every value at its value) is the vertical line.

    Parameters
    ----------
    table : ResultTable or pandas.DataFrame
        :func:`descheck.sensitivity`'s result (or its rows as a DataFrame, with columns ``id``,
        ``measure_low``, ``measure_high``, ``swing`` and ``base``).
    top : int or None, default 15
        Bars shown (None: every row).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame = _frame(table)
    missing = {"id", "measure_low", "measure_high", "swing", "base"} - set(frame.columns)
    if missing:
        raise ValueError(f"tornado needs the rows of descheck.sensitivity(); missing {sorted(missing)}")
    frame = frame.sort_values(["swing", "id"], ascending=[False, True], kind="stable")
    if top is not None:
        frame = frame.head(int(top))
    rows = frame.iloc[::-1]  # largest on top
    low, high = rows["measure_low"].to_numpy(float), rows["measure_high"].to_numpy(float)
    fig, (axis,) = _figure(ax, figsize=(8.0, 0.32 * len(rows) + 1.8))
    colours = np.where(high >= low, "tab:blue", "tab:orange")
    axis.barh(rows["id"].astype(str).to_numpy(), np.abs(high - low), left=np.minimum(low, high), color=colours)
    base = float(frame["base"].iloc[0]) if len(frame) else 0.0
    axis.axvline(base, color="black", linewidth=1)
    measure = getattr(table, "measure", "compliant")
    axis.set_xlim(left=0)  # counts and hours are never negative
    axis.set_xlabel("networks compliant" if measure == "compliant" else "hours a week short")
    axis.grid(True, axis="x", alpha=0.3)
    from matplotlib.patches import Patch

    axis.legend(handles=[Patch(color="tab:blue", label="higher value, higher measure"),
                         Patch(color="tab:orange", label="higher value, lower measure")],
                fontsize="small", loc="lower right")
    window = getattr(table, "window", None)
    what = "Networks compliant" if measure == "compliant" else "Hours a week short"
    axis.set_title(title or f"{what}{' in ' + window if window else ''}: each ranged value low to high (base {base:g})")
    return fig


def _uncertainty(result):
    if not isinstance(result, Uncertainty):
        raise TypeError(f"expected a descheck.Uncertainty (from descheck.uncertainty), not {type(result).__name__}")
    return result


def fan(result, measure: str = "compliant", service: str = "all", ax=None, title: str | None = None):
    """A national measure over time: the 90% band (5th to 95th percentile over the draws), the
    median, and the base (every ranged value at its value).

    Parameters
    ----------
    result : Uncertainty
        :func:`descheck.uncertainty`'s result (or :mod:`descheck.distributed`'s).
    measure : {"compliant", "shortfall"}, default "compliant"
    service : str, default "all"
        A service id, or ``"all"`` for every service together.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    rows = _uncertainty(result).national(measure, service)
    dates = rows.index.to_numpy()
    fig, (axis,) = _figure(ax)
    axis.fill_between(dates, rows["p5"].to_numpy(), rows["p95"].to_numpy(), color="tab:blue", alpha=0.25,
                      label="90% of draws (p5 to p95)")
    axis.plot(dates, rows["p50"].to_numpy(), color="tab:blue", linewidth=2, label="median")
    axis.plot(dates, rows["base"].to_numpy(), color="black", linestyle="--", linewidth=1.2,
              label="base (values as written)")
    axis.set_ylim(bottom=0)
    axis.grid(True, alpha=0.3)
    axis.set_xlabel("date")
    axis.set_ylabel("networks compliant" if measure == "compliant" else "hours a week short")
    axis.legend(fontsize="small", loc="upper left")
    what = "Networks compliant" if measure == "compliant" else "Hours a week short"
    axis.set_title(title or f"{what} ({service}): {result.draws:,} draws, seed {result.seed}")
    return fig


def probability_histogram(result, at=None, bins: int = 20, ax=None, title: str | None = None):
    """How many networks have each probability of compliance on one sample date.

    Networks without data on the date are left out (their probability is undefined).

    Parameters
    ----------
    result : Uncertainty
    at : date-like, optional
        A sample date of the run (default: the last).
    bins : int, default 20
        Equal bins over [0, 1].
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    result = _uncertainty(result)
    day = result.dates[-1] if at is None else at
    probability = result.probabilities(day).dropna().to_numpy()
    fig, (axis,) = _figure(ax)
    axis.hist(probability, bins=np.linspace(0.0, 1.0, int(bins) + 1), color="tab:blue", edgecolor="white")
    axis.set_xlim(0, 1)
    axis.set_xlabel("probability of compliance over the draws")
    axis.set_ylabel("networks")
    axis.grid(True, axis="y", alpha=0.3)
    day = np.datetime64(day, "D") if not isinstance(day, str) else day
    axis.set_title(title or f"{len(probability):,} networks with data on {day}: how sure is each")
    return fig

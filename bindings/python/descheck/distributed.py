"""Uncertainty runs on a Dask cluster (``python3-dask``, ``python3-distributed``).

The draws are split into contiguous partitions; each worker process loads the rule set and the panel
and prepares the run **once** (a cache in the worker process, keyed by the inputs), runs the draw
ranges it is given with the GIL released, and returns an integer :class:`descheck.UncertaintyPartial`.
A last task combines the partials and summarises them, which gives exactly what
:func:`descheck.uncertainty` gives on one machine (draw ``i`` depends only on (seed, i, value id)).

uncertainty
    One run, split over the cluster.
sweep
    One run per phasing scenario (and the baseline), all partitions of all scenarios at once, with the
    draws paired across scenarios: :meth:`Sweep.paired` gives, per date, the spread of the difference
    in networks compliant against the first run and the share of draws in which a scenario does better.

Every worker needs the ``descheck`` package importable and the rule-set directory at the same path.
Networks, staff and coverage may be paths (read on each worker, so present there too) or pandas
DataFrames (sent to the workers once). Dask is imported only here: the rest of ``descheck`` works
without it.
"""

from __future__ import annotations

import hashlib as _hashlib
import numbers as _numbers
import os as _os
import threading as _threading

import numpy as _np

from ._args import _cadence, _iso, _pandas, _paths
from .analysis import Uncertainty, UncertaintyPartial, UncertaintyRun, _pick, combine
from .tables import Table, concat

__all__ = ["Sweep", "clear_cache", "sweep", "uncertainty", "worker_loads"]

# ---- In each worker process: prepared runs, loaded once per inputs.

_RUNS: dict[str, UncertaintyRun] = {}
_LOCK = _threading.Lock()
_LOADS: dict[str, int] = {}


def _prepared(key: str, spec: dict) -> UncertaintyRun:
    with _LOCK:  # a worker with several threads still loads once
        run = _RUNS.get(key)
        if run is None:
            from .panels import load_panel
            from .rules import load_rules

            rules = load_rules(spec["rules"], spec["scenarios"])
            panel = load_panel(rules, *(_source(w, spec[w]) for w in ("networks", "staff", "coverage")))
            run = UncertaintyRun(rules, panel, seed=spec["seed"], start=spec["start"], end=spec["end"],
                                 every=spec["every"])
            _RUNS[key] = run
            _LOADS[key] = _LOADS.get(key, 0) + 1
        return run


def _source(which: str, value):
    if value is None:
        return None
    from .run import _Text

    kind, data = value
    return data if kind == "path" else _Text(which, data)


def _run_part(key: str, spec: dict, first: int, last: int, threads: int) -> UncertaintyPartial:
    return _prepared(key, spec).run(first, last, threads)


def _summarise(key: str, spec: dict, *parts: UncertaintyPartial) -> Uncertainty:
    return _prepared(key, spec).summarise(list(parts))


def worker_loads() -> dict[str, int]:
    """In a worker process: how many times each set of inputs was loaded (1 each, unless the cache
    was cleared). ``client.run(descheck.distributed.worker_loads)`` asks every worker."""
    with _LOCK:
        return dict(_LOADS)


def clear_cache() -> None:
    """In a worker process: forget the prepared runs (``client.run(...)``), e.g. after the rule-set
    files changed on disk."""
    with _LOCK:
        _RUNS.clear()


# ---- On the client.


def _table(which: str, value):
    """("path", p) for a path, ("text", csv) for a DataFrame, dict of columns or list of dicts."""
    if value is None:
        return None
    if isinstance(value, (str, _os.PathLike)):
        return ("path", _os.path.abspath(_os.fsdecode(value)))
    from .panels import _source as _panel_source

    return ("text", _panel_source(which, value).text())


def _spec(rules_dir, networks, staff, coverage, scenarios, seed, start, end, every) -> dict:
    from . import _core
    from .rules import load_rules

    rules_dir = _os.path.abspath(_os.fsdecode(rules_dir))
    files = tuple(_os.path.abspath(f) for f in _paths(scenarios))
    if start is None or end is None:
        default = _core.default_range(load_rules(rules_dir, files)._core)
        if default is None:
            raise ValueError(f"the rule set in {rules_dir} has no default_range: give start and end")
        start, end = start if start is not None else default[0], end if end is not None else default[1]
    return {
        "rules": rules_dir,
        "scenarios": files,
        "networks": _table("networks", networks),
        "staff": _table("staff", staff),
        "coverage": _table("coverage", coverage),
        "seed": _whole("seed", seed, 0, 2**64),
        "start": _iso(start, "start"),
        "end": _iso(end, "end"),
        "every": _cadence(every),
    }


def _key(spec: dict) -> str:
    return _hashlib.sha256(repr(sorted(spec.items())).encode()).hexdigest()[:32]


def _client(client):
    if client is not None:
        return client
    from distributed import get_client

    return get_client()  # the default client, or ValueError when there is none


def _ranges(draws: int, partitions: int) -> list[tuple[int, int]]:
    partitions = max(1, min(int(partitions), draws))
    edges = [draws * i // partitions for i in range(partitions + 1)]
    return [(edges[i], edges[i + 1]) for i in range(partitions)]


def _whole(name: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, _numbers.Integral) or not low <= int(value) < high:
        raise ValueError(f"{name} must be a whole number from {low} to {high - 1}, not {value!r}")
    return int(value)


def _check_draws(draws) -> int:
    return _whole("draws", draws, 1, 2**32)


def _submit(client, spec: dict, draws: int, partitions, threads: int):
    """The future of the summarised run: one task per draw range, then one that combines."""
    key = _key(spec)
    shipped = spec
    if any(spec[w] is not None and spec[w][0] == "text" for w in ("networks", "staff", "coverage")):
        # In a list: a scattered dict would become one future per key, named by the key.
        (shipped,) = client.scatter([spec], broadcast=True)
    if partitions is None:
        partitions = max(1, sum(client.nthreads().values()))
    parts = [
        client.submit(_run_part, key, shipped, first, last, threads, pure=False)
        for first, last in _ranges(draws, partitions)
    ]
    return client.submit(_summarise, key, shipped, *parts, pure=False)


def uncertainty(
    rules_dir,
    networks,
    staff,
    coverage=None,
    *,
    draws: int,
    seed: int = 0,
    start=None,
    end=None,
    from_=None,
    to=None,
    every: str = "quarter",
    scenarios=(),
    client=None,
    partitions: int | None = None,
    threads: int = 1,
) -> Uncertainty:
    """:func:`descheck.uncertainty` on a Dask cluster, with the same result (byte for byte in
    ``networks_csv`` and ``measures_csv``).

    Parameters
    ----------
    rules_dir : path
        The rule-set directory, at the same path on every worker.
    networks, staff, coverage : path or pandas.DataFrame
        A path is read by each worker (the file must be there); a DataFrame is sent once to every
        worker.
    draws, seed, start, end, from_, to, every, scenarios
        As for :func:`descheck.uncertainty` (scenario files at the same path on every worker). Without
        ``start`` and ``end`` the client reads the rule set for its ``default_range``.
    client : distributed.Client, optional
        Default: the current client (``distributed.get_client()``).
    partitions : int, optional
        Number of draw ranges (default: the cluster's worker threads, one range each).
    threads : int, default 1
        Threads each range runs on inside its worker (0: all the machine's cores). With one range
        per worker thread, 1 keeps each core busy with one range.

    Returns
    -------
    Uncertainty
    """
    draws = _check_draws(draws)
    spec = _spec(rules_dir, networks, staff, coverage, scenarios, seed, _pick("start", start, "from_", from_),
                 _pick("end", end, "to", to), every)
    client = _client(client)
    return _submit(client, spec, draws, partitions, int(threads)).result()


class Sweep:
    """Uncertainty runs of the same panel under several scenarios, with the same seed and draws.

    Because draw ``i`` gives every ranged value the same number in every scenario (values a scenario
    sets are not drawn), the runs are paired: scenario minus reference, draw by draw, is the effect
    of the scenario with the modelling assumptions held equal.

    Attributes
    ----------
    results : dict of str to Uncertainty
        By label: ``"baseline"`` and each scenario file's name without ``.yaml``, in order.
    labels : list of str
    """

    def __init__(self, results: dict):
        self.results: dict[str, Uncertainty] = dict(results)

    @property
    def labels(self) -> list[str]:
        """The runs' labels, in order (``"baseline"`` first)."""
        return list(self.results)

    def __getitem__(self, label: str) -> Uncertainty:
        return self.results[label]

    def measures(self) -> Table:
        """All runs' ``measures`` as one Table with a ``scenario`` column (the label) first."""
        tables = []
        for label, result in self.results.items():
            m = result.measures
            columns = {"scenario": _np.zeros(len(m), dtype=_np.int32), **m.columns}
            tables.append(Table(columns, {"scenario": [label], **m.categories}, ["scenario"] + m.order))
        return concat(tables)

    def paired(self, reference: str | None = None):
        """Per scenario and date, networks compliant (all services) minus the reference run's, over
        the paired draws: ``scenario, date, base_difference, mean, p5, p50, p95`` (nearest rank) and
        ``better``, ``worse`` (shares of draws with more, with fewer networks compliant).

        Parameters
        ----------
        reference : str, optional
            The label compared against (default: the first run, the baseline).

        Returns
        -------
        pandas.DataFrame
        """
        pd = _pandas()
        reference = reference or self.labels[0]
        ref = self.results[reference]
        ref_base = ref.national()["base"].to_numpy()
        rows = []
        for label, result in self.results.items():
            if label == reference:
                continue
            diff = result.national_draws.astype(_np.int64) - ref.national_draws.astype(_np.int64)
            base = result.national()["base"].to_numpy() - ref_base
            ordered = _np.sort(diff, axis=0)
            n = diff.shape[0]
            ranks = {p: max(1, -(-p * n // 100)) - 1 for p in (5, 50, 95)}
            for d, day in enumerate(result.dates):
                rows.append((label, day, base[d], diff[:, d].mean(), ordered[ranks[5], d], ordered[ranks[50], d],
                             ordered[ranks[95], d], (diff[:, d] > 0).mean(), (diff[:, d] < 0).mean()))
        frame = pd.DataFrame(rows, columns=["scenario", "date", "base_difference", "mean", "p5", "p50", "p95",
                                            "better", "worse"])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def __repr__(self) -> str:
        first = next(iter(self.results.values()), None)
        what = f"{first.draws:,} draws, seed {first.seed}" if first else "empty"
        return f"<Sweep {', '.join(self.labels)}: {what}>"


def sweep(
    rules_dir,
    networks,
    staff,
    coverage=None,
    *,
    scenarios,
    draws: int,
    seed: int = 0,
    start=None,
    end=None,
    every: str = "quarter",
    baseline: bool = True,
    client=None,
    partitions: int | None = None,
    threads: int = 1,
) -> Sweep:
    """Uncertainty under several phasing scenarios on a Dask cluster: one run per scenario (each
    scenario file on its own on top of the rule set, as ``descheck report --compare``), plus the
    baseline first, all submitted at once so the cluster stays busy.

    Parameters
    ----------
    scenarios : sequence of paths
        Scenario files (at the same path on every worker). An entry may itself be a list of files,
        stacked in order; its label is the names joined with ``+``.
    baseline : bool, default True
        Run the rule set without scenarios too, first (the reference of :meth:`Sweep.paired`).
    partitions : int, optional
        Draw ranges per scenario (default: the cluster's worker threads).

    The other parameters are those of :func:`uncertainty`.

    Returns
    -------
    Sweep
    """
    draws = _check_draws(draws)
    if isinstance(scenarios, (str, _os.PathLike)):
        scenarios = [scenarios]
    runs = [("baseline", ())] if baseline else []
    for entry in scenarios:
        files = tuple(_paths(entry))
        if not files:
            raise ValueError("an empty scenario entry: give a file, or baseline=True for the rule set alone")
        runs.append(("+".join(_os.path.splitext(_os.path.basename(f))[0] for f in files), files))
    labels = [label for label, _ in runs]
    if len(set(labels)) != len(labels):
        raise ValueError(f"scenario labels repeat: {labels}")
    client = _client(client)
    futures = [
        _submit(client, _spec(rules_dir, networks, staff, coverage, files, seed, start, end, every), draws, partitions,
                int(threads))
        for _, files in runs
    ]
    results = client.gather(futures)
    return Sweep(dict(zip(labels, results)))

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
sensitivity, uncertainty, UncertaintyRun, combine
    How sure are we: a tornado of the ranged values one at a time, and Monte Carlo draws of all of
    them together (per-network probability of compliance, percentiles of national measures); a
    run split by draw range and combined exactly (:mod:`descheck.distributed` runs it on Dask).
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

from . import _core
from .analysis import (
    Uncertainty,
    UncertaintyPartial,
    UncertaintyRun,
    combine,
    sensitivity,
    uncertainty,
)
from .errors import InputError, RuleError
from .importers import NetworksImport, WorkforceImport, import_networks, import_workforce
from .money import claim, funding, plan, pool_gain
from .panels import Panel, load_panel, synthetic_panel
from .rules import RuleSet, apply_scenarios, load_rules, scenario_label
from .run import Diff, Explanation, Report, check, diff, explain, release_memory, report, series, timeline
from .tables import Table, concat

__version__: str = _core.__version__

__all__ = [
    "Diff",
    "Explanation",
    "InputError",
    "NetworksImport",
    "Panel",
    "Report",
    "RuleError",
    "RuleSet",
    "Table",
    "Uncertainty",
    "UncertaintyPartial",
    "UncertaintyRun",
    "WorkforceImport",
    "__version__",
    "apply_scenarios",
    "check",
    "claim",
    "combine",
    "concat",
    "diff",
    "explain",
    "funding",
    "import_networks",
    "import_workforce",
    "load_panel",
    "load_rules",
    "plan",
    "pool_gain",
    "release_memory",
    "report",
    "scenario_label",
    "sensitivity",
    "series",
    "synthetic_panel",
    "timeline",
    "uncertainty",
]

# Show the public classes as descheck.X (where users import them from), not descheck.<module>.X.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith(__name__ + "."):
        _obj.__module__ = __name__
del _name, _obj

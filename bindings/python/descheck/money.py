"""Recruitment plans, ARRS funding, pooled staff's gain and the December 2019 claim."""

from __future__ import annotations

import numbers as _numbers
import os as _os

from . import _core
from ._args import _iso
from .panels import Panel, _frame_csv, _frame_of, _panel
from .rules import RuleSet, _rules
from .tables import ResultTable, Table


def _supply(supply) -> tuple[str, str]:
    """(CSV text, name) of a supply: a path, a DataFrame / dict of columns / list of dicts with
    ``role,wte``, or a dict ``{role: wte}``."""
    if isinstance(supply, (str, _os.PathLike)):
        path = _os.fsdecode(supply)
        with open(path, encoding="utf-8-sig", newline="") as f:
            return f.read(), path
    if isinstance(supply, dict) and all(isinstance(v, _numbers.Real) for v in supply.values()):
        text = "role,wte\n" + "".join(f"{role},{float(wte)!r}\n" for role, wte in supply.items())
        return text, "supply (dict)"
    found = _frame_of("supply", supply)
    if found is None:
        raise TypeError(
            "supply must be a path, a DataFrame or dict of columns role,wte, or a dict {role: wte}, "
            f"not {type(supply).__name__}"
        )
    frame, kind = found
    return _frame_csv(frame), f"supply ({kind})"


def plan(rules: RuleSet, panel: Panel, at, roles=None, cost=None, budget=None, assume_arrs: bool = False,
         supply=None) -> ResultTable:
    """The cheapest recruitment that makes each network compliant on a date (docs/plan.md).

    Parameters
    ----------
    rules : RuleSet
    panel : Panel
    at : date-like
    roles : list of str, optional
        Roles that may be hired; default every role with a cost on the date.
    cost : dict {role: GBP per WTE a year}, optional
        Overrides the rule set's ``cost_per_wte`` and ARRS maximum.
    budget : None, float or "entitlement"
        GBP a year per network: within it, the hires that cover the most hours. ``"entitlement"``:
        each network's ARRS headroom in the financial year of ``at``, ARRS roles only (statuses
        ``fundable`` / ``not_fundable``).
    assume_arrs : bool
        With ``budget="entitlement"``: count every post of a reimbursable role as ARRS-funded.
    supply : path, DataFrame, dict of columns or list of dicts (``role,wte``), or dict {role: wte}
        National recruitment limits: one linear program shares them out to cover the most hours in
        the country (docs/plan.md, "National supply").

    Returns
    -------
    ResultTable
        One row per network: ``scenario, network_id, date, status, hired_wte, cost, arrs_cost,
        demand_hours, covered_hours, shortfall_hours, full_cost, entitlement_headroom`` (NaN where
        unknown), ``staffing_heuristic, reason``. Attributes: ``hires`` (a Table: ``network_id,
        role, wte, cost, hours, arrs``) and ``totals`` (a dict: networks, needing_hires,
        infeasible, over_budget, fundable, not_fundable, no_data, cost, arrs_cost, ``wte`` by role).

        With ``supply``, one row per network with data: ``scenario, network_id, budget, hired_wte,
        cost, demand_hours, covered_before, covered_hours, compliant_before, compliant_after``;
        attributes ``hires``, ``roles`` (a Table: ``role, limit, wte, cost, networks``, the supply
        used) and ``totals`` (status ``optimal`` or ``failed``, networks compliant before and after,
        hours, cost).
    """
    entitlement = isinstance(budget, str)
    if entitlement and budget != "entitlement":
        raise ValueError(f"budget must be a number of GBP or 'entitlement', not {budget!r}")
    if isinstance(roles, str):
        roles = [roles]
    supply_csv, supply_name = _supply(supply) if supply is not None else (None, "supply")
    result = _core.plan(
        _rules(rules), _panel(panel), _iso(at, "at"), None if roles is None else list(roles),
        {str(k): float(v) for k, v in (cost or {}).items()}, None if entitlement or budget is None else float(budget),
        entitlement, bool(assume_arrs), supply_csv, supply_name,
    )
    extra = {"hires": Table._from_core(result["hires"]), "totals": dict(result["totals"])}
    if "roles" in result:
        extra["roles"] = Table._from_core(result["roles"])
    return ResultTable._with(result["networks"], **extra)


def _year(year) -> int:
    if isinstance(year, str):
        head = year.strip().split("/")[0]
        if not head.isdigit():
            raise ValueError(f"year must be a financial year such as 2021 or '2021/22', not {year!r}")
        return int(head)
    if isinstance(year, bool) or not isinstance(year, _numbers.Integral):
        raise TypeError(f"year must be an int (2021 for 2021/22) or '2021/22', not {type(year).__name__}")
    return int(year)


def funding(rules: RuleSet, panel: Panel, year, assume_arrs: bool = False) -> ResultTable:
    """ARRS entitlement, claims and headroom of every network in one financial year (docs/funding.md).

    Parameters
    ----------
    year : int or str
        The financial year: ``2021`` or ``"2021/22"`` (1 April 2021 to 31 March 2022).
    assume_arrs : bool
        Count every post of a reimbursable role as ARRS-funded (the census does not say who pays).

    Returns
    -------
    ResultTable
        One row per network: ``scenario, year, network_id, weighted_patients, entitlement, claims,
        headroom, unclaimed, arrs_wte_years, days_with_data`` (GBP a year). The national totals are
        not rows: ``totals`` (a dict: entitlement, claims, headroom, paid, unclaimed, over_claimed,
        national_pot, networks_with_headroom, networks_over, networks_without_data, ...), ``roles``
        (a Table of national claims by role: ``role, wte_years, claim, uncapped``) and ``markdown``
        (the summary ``descheck funding --format markdown`` writes).
    """
    result = _core.funding(_rules(rules), _panel(panel), _year(year), bool(assume_arrs))
    return ResultTable._with(result["networks"], totals=dict(result["totals"]),
                             roles=Table._from_core(result["roles"]), markdown=result["markdown"])


def claim(rules: RuleSet, panel: Panel, draft, services=None, assume_arrs: bool = False) -> ResultTable:
    """The December 2019 claim put to the test (docs/claim.md): per financial year 2020/21 to
    2023/24, on the enacted timeline and on the draft's (``draft``, a scenario file), the networks
    with data that comply with the staff in post, that their ARRS entitlement could make compliant,
    and that it could under the national supply the censuses show.

    Returns
    -------
    ResultTable
        ``timeline, year, date, with_data, in_force, compliant, fundable, supplied, supply_from,
        supply_to, supply_wte``; attribute ``markdown``, the section ``descheck report --claim``
        adds.
    """
    result = _core.claim(_rules(rules), _panel(panel), _os.fsdecode(draft), list(services or []), bool(assume_arrs))
    return ResultTable._with(result["years"], markdown=result["markdown"])


def pool_gain(rules: RuleSet, panel: Panel, networks, at, roles=None, assume_arrs: bool = False) -> Table:
    """What pooling a group of networks' staff would gain at one date (docs/pools.md).

    Parameters
    ----------
    networks : list of str
        The group's network ids (e.g. one ICB's, or one place's).
    roles : list of str, optional
        Roles to pool; default every role with a poolable post in the group.
    assume_arrs : bool
        Pool every post of the roles, not only those funded ``arrs``.

    Returns
    -------
    Table
        One row per role pooled alone, then one for all of them together: ``scenario, date, roles,
        networks, pooled_wte, active, met_before, met_after, compliant_before, compliant_after,
        delivered_hours_before, delivered_hours_after``.
    """
    if isinstance(networks, str):
        networks = [networks]
    if isinstance(roles, str):
        roles = [roles]
    return Table._from_core(_core.pool_gain(_rules(rules), _panel(panel), [str(n) for n in networks],
                                            _iso(at, "at"), None if roles is None else list(roles),
                                            bool(assume_arrs)))


__all__ = ["claim", "funding", "plan", "pool_gain"]

"""Importers of published NHS data (docs/importing.md): census files to staff and coverage, ePCN
files and list sizes to networks, in process."""

from __future__ import annotations

import io as _io
import os as _os
import tempfile as _tempfile

from . import _core
from ._args import _iso, _pandas, _paths
from .rules import RuleSet, _rules


def _frame(text: str, **kwargs):
    pd = _pandas()
    return pd.read_csv(_io.StringIO(text), keep_default_na=False, na_values=[""], **kwargs)


class WorkforceImport:
    """The result of :func:`import_workforce`: staff rows and coverage windows, and everything left out.

    Attributes
    ----------
    staff_csv, coverage_csv : str
        The staff table (``network_id,role,wte,start,end,funding``) and the coverage table
        (``network_id,from,to``) as ``descheck import workforce`` writes them.
    censuses : list of dict
        Per census file read: file, month, end, rows, fte, mapped_fte, networks, negative_rows.
    unmapped : list of dict
        Census labels no role claims (left out): staff_role, detailed_staff_role, rows, fte.
    negative_totals : list of dict
        Network totals that came out negative (left out): network_id, role, month, fte.
    unknown_networks : list of dict
        Staff of PCNs the networks table does not know (left out): network_id, name, rows, fte, censuses.

    ``staff`` and ``coverage`` give the tables as DataFrames; :func:`load_panel` takes the import
    itself as ``staff`` and as ``coverage``.
    """

    def __init__(self, result: dict):
        self.staff_csv: str = result["staff_csv"]
        self.coverage_csv: str = result["coverage_csv"]
        keys = ("file", "month", "end", "rows", "fte", "mapped_fte", "networks", "negative_rows")
        self.censuses = [dict(zip(keys, c)) for c in result["censuses"]]
        self.unmapped = [dict(zip(("staff_role", "detailed_staff_role", "rows", "fte"), u)) for u in result["unmapped"]]
        self.negative_totals = [dict(zip(("network_id", "role", "month", "fte"), n)) for n in result["negative_totals"]]
        self.unknown_networks = [
            dict(zip(("network_id", "name", "rows", "fte", "censuses"), u)) for u in result["unknown_networks"]
        ]

    def _csv(self, which: str):
        return {"staff": self.staff_csv, "coverage": self.coverage_csv}.get(which)

    @property
    def staff(self):
        """The staff table as a DataFrame (``start``/``end`` as text dates, empty ``end`` as NaN)."""
        return _frame(self.staff_csv, dtype={"network_id": str, "role": str, "funding": str})

    @property
    def coverage(self):
        """The coverage table as a DataFrame."""
        return _frame(self.coverage_csv, dtype={"network_id": str})

    def __repr__(self) -> str:
        months = [c["month"] for c in self.censuses]
        span = f"{months[0]} to {months[-1]}" if months else "no census"
        rows = self.staff_csv.count("\n") - 1
        return (
            f"<WorkforceImport {len(self.censuses)} censuses ({span}): {rows:,} staff rows; left out: "
            f"{len(self.unmapped)} unmapped labels, {len(self.negative_totals)} negative totals, "
            f"{len(self.unknown_networks)} unknown networks>"
        )


class NetworksImport:
    """The result of :func:`import_networks`.

    Attributes
    ----------
    networks_csv : str
        ``network_id,name,region,registered_patients`` (and ``london`` when censuses were given).
    at : str or None
        The membership date used.
    unlisted : list of dict
        Member practices with no list size: practice, name, network_id.
    inactive_links, closed_networks, unlinked_practices, unlinked_patients : int
        What was left out (see docs/importing.md).

    ``networks`` is the table as a DataFrame; :func:`load_panel` takes the import itself as
    ``networks``, and :func:`import_workforce` as ``networks``.
    """

    def __init__(self, result: dict):
        self.networks_csv: str = result["networks_csv"]
        self.at = result["at"]
        self.unlisted = [dict(zip(("practice", "name", "network_id"), u)) for u in result["unlisted"]]
        self.inactive_links = int(result["inactive_links"])
        self.closed_networks = int(result["closed_networks"])
        self.unlinked_practices = int(result["unlinked_practices"])
        self.unlinked_patients = int(result["unlinked_patients"])

    def _csv(self, which: str):
        return self.networks_csv if which == "networks" else None

    @property
    def networks(self):
        """The networks table as a DataFrame."""
        return _frame(self.networks_csv, dtype={"network_id": str, "name": str, "region": str})

    def __repr__(self) -> str:
        n = self.networks_csv.count("\n") - 1
        return (
            f"<NetworksImport {n:,} networks at {self.at or 'every link'}; left out: {self.closed_networks} "
            f"closed networks, {self.inactive_links} inactive links; {len(self.unlisted)} practices without a list size>"
        )


def import_workforce(rules: RuleSet, census_files, networks=None, until=None) -> WorkforceImport:
    """Read NHS Digital PCN workforce census files into staff rows of the rule set's roles, with the
    coverage windows they stand for (``descheck import workforce``; docs/importing.md).

    Parameters
    ----------
    census_files : path or list of paths
        Census CSV files (Windows-1252 or UTF-8), one per month.
    networks : path, DataFrame, NetworksImport or None
        A networks table (column ``network_id``): staff of other PCNs are left out and reported.
    until : date-like, optional
        Last day the latest census holds; open-ended by default.

    Returns
    -------
    WorkforceImport
    """
    files = _paths(census_files)
    day = None if until is None else _iso(until, "until")
    if networks is None or isinstance(networks, (str, _os.PathLike)):
        path = None if networks is None else _os.fsdecode(networks)
        return WorkforceImport(_core.import_workforce(_rules(rules), files, path, day))
    csv = getattr(networks, "_csv", None)
    if callable(csv) and csv("networks") is not None:
        text = csv("networks")
    elif isinstance(networks, _pandas().DataFrame):
        frame = networks.reset_index() if networks.index.name == "network_id" else networks
        text = frame[["network_id"]].to_csv(index=False)
    else:
        raise TypeError(f"networks must be a path, a DataFrame or a NetworksImport, not {type(networks).__name__}")
    with _tempfile.TemporaryDirectory() as tmp:
        path = _os.path.join(tmp, "networks.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return WorkforceImport(_core.import_workforce(_rules(rules), files, path, day))


def import_networks(pcns, partners, practices, at=None, censuses=()) -> NetworksImport:
    """Build networks from the ePCN "PCN Details" and "PCN Core Partner Details" sheets (as CSV) and
    the "Patients Registered at a GP Practice" file (``descheck import networks``).

    Parameters
    ----------
    pcns, partners, practices : path
    at : date-like, optional
        Membership date; default the list-size file's extract date.
    censuses : path or list of paths
        Census files whose regions set the ``london`` column (ARRS London weighting).

    Returns
    -------
    NetworksImport
    """
    return NetworksImport(_core.import_networks(
        _os.fsdecode(pcns), _os.fsdecode(partners), _os.fsdecode(practices),
        None if at is None else _iso(at, "at"), _paths(censuses)))


__all__ = ["NetworksImport", "WorkforceImport", "import_networks", "import_workforce"]

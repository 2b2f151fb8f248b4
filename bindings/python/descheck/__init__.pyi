# Type stubs of the descheck package (the Python API over descheck._core).
import datetime
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, Optional, Protocol, Union, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

__version__: str
__all__: list[str]

DateLike = Union[str, datetime.date, datetime.datetime, np.datetime64, pd.Timestamp]
PathLike = Union[str, os.PathLike[str]]
Paths = Union[PathLike, Iterable[PathLike]]
TableSource = Union[PathLike, pd.DataFrame, dict[str, Any], list[dict[str, Any]]]

class _Bar(Protocol):
    total: float | None
    def update(self, n: float = ...) -> Any: ...

Progress = Union[Callable[[int, int], Any], _Bar, None]
Diagnostic = tuple[str, Optional[int], Optional[int], str, str]

class RuleError(ValueError):
    file: str
    line: Optional[int]
    column: Optional[int]
    code: str
    diagnostics: list[Diagnostic]

class InputError(ValueError):
    file: str
    line: Optional[int]
    column: Optional[int]
    code: str
    diagnostics: list[Diagnostic]

class RuleSet:
    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def scenario_id(self) -> str: ...
    @property
    def services(self) -> list[str]: ...
    @property
    def service_labels(self) -> list[str]: ...
    @property
    def requirements(self) -> list[tuple[str, str]]: ...
    @property
    def roles(self) -> list[str]: ...
    @property
    def role_labels(self) -> list[str]: ...
    @property
    def drivers(self) -> list[str]: ...
    @property
    def directory(self) -> str | None: ...
    @property
    def scenarios(self) -> tuple[str, ...]: ...
    def service_label(self, service: str) -> str: ...
    def role_label(self, role: str) -> str: ...
    def doc(self) -> str: ...
    def with_scenarios(self, scenarios: Paths) -> RuleSet: ...

class Panel:
    @property
    def network_ids(self) -> list[str]: ...
    @property
    def names(self) -> list[str]: ...
    @property
    def regions(self) -> list[str]: ...
    @property
    def size(self) -> int: ...
    @property
    def networks_csv(self) -> str: ...
    @property
    def staff_csv(self) -> str: ...
    @property
    def coverage_csv(self) -> str | None: ...
    @property
    def pools_csv(self) -> str | None: ...
    @property
    def pools(self) -> dict[str, list[str]]: ...
    def __len__(self) -> int: ...
    def networks_frame(self) -> pd.DataFrame: ...
    def staff_frame(self) -> pd.DataFrame: ...
    def write_csv(self, directory: PathLike) -> tuple[str, str]: ...

class Table:
    def __init__(
        self,
        columns: dict[str, np.ndarray],
        categories: dict[str, list[str]] | None = ...,
        order: list[str] | None = ...,
    ) -> None: ...
    @property
    def columns(self) -> dict[str, np.ndarray]: ...
    @property
    def categories(self) -> dict[str, list[str]]: ...
    @property
    def order(self) -> list[str]: ...
    @property
    def shape(self) -> tuple[int, int]: ...
    def __len__(self) -> int: ...
    def __contains__(self, name: object) -> bool: ...
    def __iter__(self) -> Iterator[tuple[Any, ...]]: ...
    def records(self) -> Iterator[dict[str, Any]]: ...
    @overload
    def __getitem__(self, name: str) -> np.ndarray | pd.Categorical: ...
    @overload
    def __getitem__(self, name: list[str] | tuple[str, ...]) -> Table: ...
    @overload
    def to_csv(self, path: None = ...) -> str: ...
    @overload
    def to_csv(self, path: str | os.PathLike[str]) -> None: ...
    @overload
    def to_json(self, path: None = ...) -> str: ...
    @overload
    def to_json(self, path: str | os.PathLike[str]) -> None: ...
    def keys(self) -> list[str]: ...
    def is_categorical(self, name: str) -> bool: ...
    def codes(self, name: str) -> npt.NDArray[np.int32]: ...
    def labels(self, name: str) -> npt.NDArray[np.str_]: ...
    def head(self, n: int = ...) -> Table: ...
    def row(self, i: int) -> dict[str, Any]: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def _repr_html_(self) -> str: ...

class ResultTable(Table):
    """A Table with related results as attributes: ``totals``, ``hires``, ``roles``, ``markdown``,
    ``pool_use``; for ``sensitivity``: ``base``, ``skipped``, ``values``, ``scenario``, ``window``,
    ``measure``, ``service``, ``csv``; as the function that made it says."""

    totals: dict[str, Any]
    hires: Table
    roles: Table
    markdown: str
    pool_use: Table
    base: float
    skipped: int
    values: int
    scenario: str
    window: str
    measure: str
    service: str
    csv: str

class UncertaintyPartial:
    @property
    def seed(self) -> int: ...
    @property
    def first_draw(self) -> int: ...
    @property
    def last_draw(self) -> int: ...
    @property
    def networks(self) -> int: ...
    @property
    def dates(self) -> int: ...
    @property
    def cells(self) -> int: ...
    @property
    def compliant_draws(self) -> npt.NDArray[np.uint32]: ...
    @property
    def in_force_draws(self) -> npt.NDArray[np.uint32]: ...
    @property
    def no_data_draws(self) -> npt.NDArray[np.uint32]: ...
    @property
    def draw_compliant(self) -> npt.NDArray[np.uint32]: ...
    @property
    def draw_shortfall_micro(self) -> npt.NDArray[np.int64]: ...
    @property
    def years(self) -> int: ...
    @property
    def draw_year_compliant(self) -> npt.NDArray[np.uint32]: ...
    @property
    def draw_year_shortfall_micro_days(self) -> npt.NDArray[np.int64]: ...

class Uncertainty:
    networks: Table
    measures: Table
    national_draws: npt.NDArray[np.uint32]
    networks_csv: str
    measures_csv: str
    year_measures: Table
    year_measures_csv: str
    markdown: str
    scenario: str
    seed: int
    draws: int
    values: int
    @property
    def dates(self) -> npt.NDArray[np.datetime64]: ...
    def national(self, measure: str = ..., service: str = ...) -> pd.DataFrame: ...
    def probabilities(self, at: DateLike) -> pd.Series: ...
    def _repr_markdown_(self) -> str: ...

class UncertaintyRun:
    rules: RuleSet
    panel: Panel
    seed: int
    def __init__(
        self,
        rules: RuleSet,
        panel: Panel,
        *,
        seed: int = ...,
        start: DateLike | None = ...,
        end: DateLike | None = ...,
        every: str = ...,
        scenarios: Paths = ...,
    ) -> None: ...
    @property
    def values(self) -> list[str]: ...
    @property
    def dates(self) -> list[str]: ...
    def run(self, first: int, last: int, threads: int = ..., progress: Progress = ...) -> UncertaintyPartial: ...
    def summarise(self, parts: UncertaintyPartial | Iterable[UncertaintyPartial]) -> Uncertainty: ...

class WorkforceImport:
    staff_csv: str
    coverage_csv: str
    censuses: list[dict[str, Any]]
    unmapped: list[dict[str, Any]]
    negative_totals: list[dict[str, Any]]
    unknown_networks: list[dict[str, Any]]
    @property
    def staff(self) -> pd.DataFrame: ...
    @property
    def coverage(self) -> pd.DataFrame: ...

class NetworksImport:
    networks_csv: str
    at: str | None
    unlisted: list[dict[str, Any]]
    inactive_links: int
    closed_networks: int
    unlinked_practices: int
    unlinked_patients: int
    @property
    def networks(self) -> pd.DataFrame: ...

class Report:
    markdown: str
    csv: str
    cells: Table
    years: Table
    rules: RuleSet
    claim: ResultTable
    @property
    def scenarios(self) -> list[str]: ...
    def bottlenecks(self, at: DateLike | None = ...) -> pd.DataFrame: ...
    def _repr_markdown_(self) -> str: ...

class Diff:
    text: str
    csv: str
    rules: list[str]
    changes: list[str]
    flips: Table
    networks_changed: int
    networks: int
    def _repr_html_(self) -> str: ...

class Explanation:
    text: str
    network: str
    at: str
    def __init__(self, text: str, network: str, at: str) -> None: ...
    def _repr_html_(self) -> str: ...

def load_rules(directory: PathLike, scenarios: Paths = ...) -> RuleSet: ...
def apply_scenarios(rules: RuleSet, scenarios: Paths) -> RuleSet: ...
def scenario_label(rules: RuleSet, path: PathLike) -> str: ...
def load_panel(
    rules: RuleSet,
    networks: TableSource | NetworksImport,
    staff: TableSource | WorkforceImport,
    coverage: TableSource | WorkforceImport | None = ...,
    pools: TableSource | None = ...,
) -> Panel: ...
def synthetic_panel(rules: RuleSet, seed: int = ..., networks: int = ...) -> Panel: ...
def check(
    rules: RuleSet, panel: Panel, at: DateLike, summary: bool = ..., pools: TableSource | None = ...
) -> Table: ...
def series(
    rules: RuleSet,
    panel: Panel,
    start: DateLike,
    end: DateLike,
    every: str = ...,
    summary: bool = ...,
    threads: int = ...,
    progress: Progress = ...,
) -> Table: ...
def timeline(
    rules: RuleSet,
    panel: Panel,
    start: DateLike,
    end: DateLike,
    requirements: bool = ...,
    earliest: bool = ...,
    threads: int = ...,
    progress: Progress = ...,
) -> Table: ...
def report(
    rules: RuleSet,
    panel: Panel,
    start: DateLike,
    end: DateLike,
    every: str = ...,
    compare: Paths = ...,
    threads: int = ...,
    progress: Progress = ...,
    claim: str | os.PathLike[str] | None = ...,
) -> Report: ...
def diff(
    rules: RuleSet,
    panel: Panel,
    against: Paths,
    start: DateLike,
    end: DateLike,
    threads: int = ...,
    progress: Progress = ...,
) -> Diff: ...
def explain(rules: RuleSet, panel: Panel, network: str | int, at: DateLike) -> Explanation: ...
def concat(tables: Sequence[Table]) -> Table: ...
def release_memory() -> int: ...
def plan(
    rules: RuleSet,
    panel: Panel,
    at: DateLike,
    roles: Sequence[str] | None = ...,
    cost: Mapping[str, float] | None = ...,
    budget: float | Literal["entitlement"] | None = ...,
    assume_arrs: bool = ...,
    supply: TableSource | Mapping[str, float] | None = ...,
) -> ResultTable: ...
def funding(rules: RuleSet, panel: Panel, year: int | str, assume_arrs: bool = ...) -> ResultTable: ...
def claim(
    rules: RuleSet,
    panel: Panel,
    draft: str | os.PathLike[str],
    services: Sequence[str] | None = ...,
    assume_arrs: bool = ...,
) -> ResultTable: ...
def pool_gain(
    rules: RuleSet,
    panel: Panel,
    networks: Sequence[str] | str,
    at: DateLike,
    roles: Sequence[str] | str | None = ...,
    assume_arrs: bool = ...,
) -> Table: ...
def import_workforce(
    rules: RuleSet,
    census_files: Paths,
    networks: str | os.PathLike[str] | pd.DataFrame | NetworksImport | None = ...,
    until: DateLike | None = ...,
) -> WorkforceImport: ...
def import_networks(
    pcns: str | os.PathLike[str],
    partners: str | os.PathLike[str],
    practices: str | os.PathLike[str],
    at: DateLike | None = ...,
    censuses: Paths = ...,
) -> NetworksImport: ...
def sensitivity(
    rules: RuleSet,
    panel: Panel,
    *,
    at: DateLike | None = ...,
    year: int | str | None = ...,
    measure: Literal["compliant", "shortfall"] = ...,
    service: str | None = ...,
    top: int | None = ...,
    scenarios: Paths = ...,
    threads: int = ...,
    progress: Progress = ...,
) -> ResultTable: ...
def uncertainty(
    rules: RuleSet,
    panel: Panel,
    *,
    draws: int,
    seed: int = ...,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    from_: DateLike | None = ...,
    to: DateLike | None = ...,
    every: str = ...,
    threads: int = ...,
    scenarios: Paths = ...,
    progress: Progress = ...,
) -> Uncertainty: ...
def combine(parts: Iterable[UncertaintyPartial]) -> UncertaintyPartial: ...

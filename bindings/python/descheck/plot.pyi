# Type stubs of descheck.plot.
from collections.abc import Sequence
from typing import Union

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import DateLike, Report, ResultTable, Table, Uncertainty

__all__: list[str]

Rows = Union[Table, pd.DataFrame, Sequence[Union[Table, pd.DataFrame]]]
Cells = Union[Report, Table, pd.DataFrame]

def compliance_over_time(
    data: Rows, ax: Axes | None = ..., by: str | None = ..., title: str | None = ...
) -> Figure: ...
def compliance_by_service(
    report: Cells, services: Sequence[str] | None = ..., scenarios: Sequence[str] | None = ..., title: str | None = ...
) -> Figure: ...
def shortfall_by_role(
    report: Cells,
    top: int = ...,
    at: DateLike | None = ...,
    service: str | None = ...,
    scenarios: Sequence[str] | None = ...,
    title: str | None = ...,
) -> Figure: ...
def tornado(
    table: ResultTable | pd.DataFrame, top: int | None = ..., ax: Axes | None = ..., title: str | None = ...
) -> Figure: ...
def fan(
    result: Uncertainty, measure: str = ..., service: str = ..., ax: Axes | None = ..., title: str | None = ...
) -> Figure: ...
def probability_histogram(
    result: Uncertainty, at: DateLike | None = ..., bins: int = ..., ax: Axes | None = ..., title: str | None = ...
) -> Figure: ...

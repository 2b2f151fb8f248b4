# Type stubs of descheck.distributed (needs python3-dask and python3-distributed).
from collections.abc import Sequence
from typing import Any, Union

import pandas as pd

from . import DateLike, Paths, PathLike, Table, Uncertainty

__all__: list[str]

Source = Union[PathLike, pd.DataFrame]

class Sweep:
    results: dict[str, Uncertainty]
    def __init__(self, results: dict[str, Uncertainty]) -> None: ...
    @property
    def labels(self) -> list[str]: ...
    def __getitem__(self, label: str) -> Uncertainty: ...
    def measures(self) -> Table: ...
    def paired(self, reference: str | None = ...) -> pd.DataFrame: ...

def uncertainty(
    rules_dir: PathLike,
    networks: Source,
    staff: Source,
    coverage: Source | None = ...,
    *,
    draws: int,
    seed: int = ...,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    from_: DateLike | None = ...,
    to: DateLike | None = ...,
    every: str = ...,
    scenarios: Paths = ...,
    client: Any = ...,
    partitions: int | None = ...,
    threads: int = ...,
) -> Uncertainty: ...
def sweep(
    rules_dir: PathLike,
    networks: Source,
    staff: Source,
    coverage: Source | None = ...,
    *,
    scenarios: Sequence[Paths],
    draws: int,
    seed: int = ...,
    start: DateLike | None = ...,
    end: DateLike | None = ...,
    every: str = ...,
    baseline: bool = ...,
    client: Any = ...,
    partitions: int | None = ...,
    threads: int = ...,
) -> Sweep: ...
def worker_loads() -> dict[str, int]: ...
def clear_cache() -> None: ...

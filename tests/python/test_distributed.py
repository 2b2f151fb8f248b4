"""descheck.distributed on a LocalCluster of two worker processes gives the local run, byte for byte."""

import os
from pathlib import Path

import distributed  # python3-distributed, installed by scripts/setup
import numpy as np
import pytest
from conftest import DRAFT, RULES_DIR, SOURCE_DIR

import descheck
import descheck.distributed as dd

# tornado (under distributed 2022.12) warns when the cluster starts its event loop.
pytestmark = pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")

ENGLAND = SOURCE_DIR / "data" / "england"
FILES = (ENGLAND / "networks.csv", ENGLAND / "staff.csv", ENGLAND / "coverage.csv")
RANGE = {"start": "2021-01-01", "end": "2022-06-30"}
DRAWS, SEED = 6, 11


@pytest.fixture(scope="module")
def client():
    # Worker processes are spawned: they find the package through PYTHONPATH, set here as well as by CTest.
    package_root = str(Path(os.path.abspath(descheck.__file__)).parent.parent)
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, old]))
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    c = distributed.Client(cluster, timeout="60s")
    try:
        c.wait_for_workers(2, timeout=60)
        yield c
    finally:
        c.close(timeout=30)
        cluster.close(timeout=30)
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


@pytest.fixture(scope="module")
def england(rules):
    return descheck.load_panel(rules, *FILES)


@pytest.fixture(scope="module")
def local(rules, england):
    return descheck.uncertainty(rules, england, draws=DRAWS, seed=SEED, threads=2, **RANGE)


def test_the_cluster_gives_the_local_run_byte_for_byte(client, local):
    result = dd.uncertainty(RULES_DIR, *FILES, draws=DRAWS, seed=SEED, client=client, partitions=4, **RANGE)
    assert result.networks_csv == local.networks_csv
    assert result.measures_csv == local.measures_csv
    assert result.year_measures_csv == local.year_measures_csv and result.year_measures_csv
    assert np.array_equal(result.national_draws, local.national_draws)
    assert result.draws == DRAWS and result.seed == SEED
    # Four draw ranges on two workers: each worker prepared the run once, not once per range.
    loads = client.run(dd.worker_loads)
    assert len(loads) == 2
    counts = [n for per_worker in loads.values() for n in per_worker.values()]
    assert counts and all(n == 1 for n in counts)
    # Again: nothing is loaded a second time.
    dd.uncertainty(RULES_DIR, *FILES, draws=DRAWS, seed=SEED, client=client, partitions=3, **RANGE)
    assert client.run(dd.worker_loads) == loads


def test_dataframes_are_sent_to_the_workers(client, rules, examples):
    here = descheck.uncertainty(rules, examples, draws=9, seed=3, threads=1, **RANGE)
    there = dd.uncertainty(
        RULES_DIR, examples.networks_frame(), examples.staff_frame(), draws=9, seed=3, client=client, **RANGE
    )
    assert there.networks_csv == here.networks_csv and there.measures_csv == here.measures_csv
    # Another panel sent the same way is another run, not the first one's cache entry.
    staff = examples.staff_frame()
    staff = staff[staff["network_id"] != "EX006"]
    fewer = descheck.load_panel(rules, examples.networks_frame(), staff)
    here = descheck.uncertainty(rules, fewer, draws=9, seed=3, threads=1, **RANGE)
    there = dd.uncertainty(RULES_DIR, examples.networks_frame(), staff, draws=9, seed=3, client=client, **RANGE)
    assert there.networks_csv == here.networks_csv
    with pytest.raises(ValueError, match="seed"):
        dd.uncertainty(RULES_DIR, *FILES, draws=2, seed=-1, client=client, **RANGE)


def test_a_sweep_is_one_run_per_scenario_with_paired_draws(client, rules, england):
    sweep = dd.sweep(RULES_DIR, *FILES, scenarios=[DRAFT], draws=DRAWS, seed=SEED, client=client, **RANGE)
    assert sweep.labels == ["baseline", "draft-dec-2019"]
    draft = descheck.uncertainty(rules, england, draws=DRAWS, seed=SEED, scenarios=[DRAFT], threads=2, **RANGE)
    assert sweep["draft-dec-2019"].measures_csv == draft.measures_csv
    assert sweep["draft-dec-2019"].networks_csv == draft.networks_csv
    paired = sweep.paired()
    difference = draft.national_draws.astype(np.int64) - sweep["baseline"].national_draws.astype(np.int64)
    np.testing.assert_allclose(paired["mean"].to_numpy(), difference.mean(axis=0))
    np.testing.assert_allclose(paired["better"].to_numpy(), (difference > 0).mean(axis=0))
    assert list(paired["scenario"].unique()) == ["draft-dec-2019"]
    measures = sweep.measures()
    assert set(measures.labels("scenario")) == {"baseline", "draft-dec-2019"}
    assert len(measures) == 2 * len(draft.measures)

"""Shared fixtures of the Python tests.

Run with ``PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python``. DESCHECK_SOURCE_DIR
(the repository root) and DESCHECK_SHARED_DATA (the published NHS files) default to paths relative
to this file; DESCHECK_BUILD_DIR (for the command line and the C++ benchmark) to ``build``.
"""

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import descheck  # noqa: E402

SOURCE_DIR = Path(os.environ.get("DESCHECK_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SHARED_DATA = Path(os.environ.get("DESCHECK_SHARED_DATA", SOURCE_DIR.parent / "shared" / "data"))
BUILD_DIR = Path(os.environ.get("DESCHECK_BUILD_DIR", SOURCE_DIR / "build"))
RULES_DIR = SOURCE_DIR / "specs" / "des-england"
# Tests marked realdata read the published NHS files; without them they fail, never skip. Leave them
# out on purpose with ``-m "not realdata"`` (CTest runs them as the test python-realdata).
REALDATA_NEEDS = ("workforce", "pcns", "practices")
SCENARIOS_DIR = RULES_DIR / "scenarios"
EXAMPLES_DIR = SOURCE_DIR / "examples"
NETWORKS_CSV = EXAMPLES_DIR / "networks.csv"
STAFF_CSV = EXAMPLES_DIR / "staff.csv"
DRAFT = SCENARIOS_DIR / "draft-dec-2019.yaml"


def pytest_configure(config):
    config.addinivalue_line("markers", "realdata: needs the published NHS files in ../shared/data (fails without)")
    config.addinivalue_line("markers", "browser: opens pages in headless Chromium (fails without it); CTest: python-browser")


def pytest_runtest_setup(item):
    if item.get_closest_marker("realdata"):
        missing = [name for name in REALDATA_NEEDS if not (SHARED_DATA / name).is_dir()]
        if missing:
            pytest.fail(
                f"{SHARED_DATA} lacks {', '.join(missing)}/: this test needs the NHS files "
                '(run pytest -m "not realdata", or ctest -LE realdata, to leave such tests out)',
                pytrace=False,
            )


@pytest.fixture(scope="session")
def rules():
    return descheck.load_rules(RULES_DIR)


@pytest.fixture(scope="session")
def examples(rules):
    return descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV)


@pytest.fixture(scope="session")
def national(rules):
    return descheck.synthetic_panel(rules, seed=1)


@pytest.fixture(scope="session")
def scenario_files():
    return sorted(SCENARIOS_DIR.glob("*.yaml"))

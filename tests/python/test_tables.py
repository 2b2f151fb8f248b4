"""check and the Table type: columns, categories, zero-copy arrays, pandas, repr, dates."""

import datetime
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import BUILD_DIR, DRAFT, NETWORKS_CSV, RULES_DIR, STAFF_CSV

import descheck

REQUIREMENT_COLUMNS = (
    "scenario,network_id,date,service,requirement,kind,priority,demand,delivered,coverage,shortfall,status".split(",")
)
NETWORK_COLUMNS = "scenario,network_id,date,state,active,unmet,demand_hours,delivered_hours,shortfall_hours".split(",")


def owned_by_capsule(array):
    """Whether a NumPy array's memory is the engine's, held by a capsule (possibly one view down)."""
    base = array.base
    for _ in range(3):
        if base is None:
            return False
        if type(base).__name__ == "PyCapsule":
            return True
        base = getattr(base, "base", None)
    return False


def test_check_requirement_rows(rules, examples):
    table = descheck.check(rules, examples, "2021-06-01")
    assert table.order == REQUIREMENT_COLUMNS
    assert len(table) == 66  # 6 networks x 11 requirements in force
    assert table.shape == (66, 12)
    cols = table.columns
    assert cols["date"].dtype == np.dtype("datetime64[D]")
    assert (cols["date"] == np.datetime64("2021-06-01")).all()
    for name in ("demand", "delivered", "coverage", "shortfall"):
        assert cols[name].dtype == np.float64
    assert cols["priority"].dtype == np.uint32
    for name in ("scenario", "network_id", "service", "requirement", "kind", "status"):
        assert table.is_categorical(name)
        assert cols[name].dtype == np.int32
    assert table.categories["status"] == ["met", "partial", "unmet"]
    assert table.categories["network_id"] == examples.network_ids
    frame = table.to_pandas()
    ex004 = frame[(frame.network_id == "EX004") & (frame.status != "met")]
    assert sorted(ex004.requirement) == ["medication_review", "reviews"]
    assert ex004.coverage.round(3).tolist() == [0.715, 0.715]


def test_check_summary_matches_the_readme(rules, examples):
    table = descheck.check(rules, examples, datetime.date(2021, 6, 1), summary=True)
    assert table.order == NETWORK_COLUMNS
    frame = table.to_pandas()
    assert frame.set_index("network_id").state.astype(str).to_dict() == {
        "EX001": "compliant",
        "EX002": "compliant",
        "EX003": "compliant",
        "EX004": "non_compliant",
        "EX005": "non_compliant",
        "EX006": "compliant",
    }
    assert frame.active.tolist() == [11] * 6
    assert frame.unmet.tolist() == [0, 0, 0, 2, 4, 0]
    assert frame.shortfall_hours.round(2).tolist()[3:5] == [12.70, 11.84]


def test_arrays_are_zero_copy(rules, national):
    for table in (
        descheck.check(rules, national, "2022-01-01"),
        descheck.series(rules, national, "2021-01-01", "2021-06-30", summary=True),
        descheck.timeline(rules, national, "2021-01-01", "2021-12-31", earliest=True),
        descheck.report(rules, national, "2021-01-01", "2021-12-31").cells,
    ):
        for name, array in table.columns.items():
            assert owned_by_capsule(array), name
            assert table.columns[name] is array  # the same object every time: no copy
        numeric = next(n for n in table.order if not table.is_categorical(n))
        assert np.shares_memory(table[numeric], table.columns[numeric])


def test_freed_columns_are_reused_and_can_be_released(rules, national):
    from descheck import _core

    descheck.release_memory()
    first = descheck.series(rules, national, "2020-04-01", "2024-03-31")
    buffers = {name: array.__array_interface__["data"][0] for name, array in first.columns.items()}
    expected = first.to_pandas()
    del first
    kept = _core.idle_memory()
    assert kept >= 8 * (1 << 20)  # the large columns of 730,000 rows wait for the next run
    again = descheck.series(rules, national, "2020-04-01", "2024-03-31")
    reused = {name for name, array in again.columns.items() if array.__array_interface__["data"][0] in buffers.values()}
    assert len(reused) >= 8, reused
    assert _core.idle_memory() < kept
    assert again.to_pandas().equals(expected)  # recycled memory, the same answer
    del again
    assert descheck.release_memory() > 0
    assert _core.idle_memory() == 0


def test_version_is_the_project_version():
    text = (Path(__file__).resolve().parents[2] / "CMakeLists.txt").read_text()
    assert f"VERSION {descheck.__version__} " in text


def test_getitem_codes_and_labels(rules, examples):
    table = descheck.check(rules, examples, "2021-06-01")
    status = table["status"]
    assert isinstance(status, pd.Categorical)
    assert list(status.categories) == ["met", "partial", "unmet"]
    assert (status.codes == table.codes("status")).all()
    labels = table.labels("network_id")
    assert labels.dtype.kind == "U"
    assert labels[0] == "EX001" and labels[-1] == "EX006"
    assert table["demand"] is table.columns["demand"]
    assert "demand" in table and "nope" not in table
    assert table.keys() == REQUIREMENT_COLUMNS
    with pytest.raises(KeyError, match="no column"):
        table["nope"]
    with pytest.raises(KeyError):
        table.codes("demand")


def test_to_pandas(rules, examples):
    table = descheck.check(rules, examples, "2021-06-01")
    frame = table.to_pandas()
    assert list(frame.columns) == table.order
    assert len(frame) == len(table)
    assert frame["service"].dtype == "category"
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert frame["demand"].dtype == np.float64
    np.testing.assert_array_equal(frame["demand"].to_numpy(), table.columns["demand"])
    assert frame["network_id"].astype(str).tolist() == table.labels("network_id").tolist()


def test_head_row_repr_and_html(rules, examples):
    table = descheck.check(rules, examples, "2021-06-01", summary=True)
    text = repr(table)
    assert text.splitlines()[0] == "<Table: 6 rows x 9 columns>"
    assert text.splitlines()[1].split() == NETWORK_COLUMNS
    assert "EX004" in text and "non_compliant" in text and "(1 more row)" in text
    head = table.head(2)
    assert len(head) == 2 and np.shares_memory(head.columns["active"], table.columns["active"])
    row = table.row(3)
    assert row["network_id"] == "EX004" and row["state"] == "non_compliant" and row["unmet"] == 2
    assert row["date"] == datetime.date(2021, 6, 1)
    assert "<table" in table._repr_html_()
    empty = descheck.Table({"x": np.zeros(0)}, {}, ["x"])
    assert len(empty) == 0 and "0 rows" in repr(empty)


@pytest.mark.parametrize(
    "at",
    [
        "2021-06-01",
        datetime.date(2021, 6, 1),
        datetime.datetime(2021, 6, 1, 13, 30),
        np.datetime64("2021-06-01"),
        np.datetime64("2021-06-01T08:00"),
        pd.Timestamp("2021-06-01"),
    ],
)
def test_dates_in_every_form(rules, examples, at):
    table = descheck.check(rules, examples, at, summary=True)
    assert (table.columns["date"] == np.datetime64("2021-06-01")).all()


def test_bad_dates(rules, examples):
    with pytest.raises(descheck.InputError) as caught:
        descheck.check(rules, examples, "2021-13-01")
    assert caught.value.code == "DC060"
    assert (caught.value.file, caught.value.line, caught.value.column) == ("", None, None)  # no file
    with pytest.raises(TypeError):
        descheck.check(rules, examples, 20210601)
    with pytest.raises(ValueError):
        descheck.check(rules, examples, pd.NaT)
    with pytest.raises(ValueError):
        descheck.check(rules, examples, np.datetime64("NaT"))


def test_concat_merges_categories(rules, examples):
    draft = descheck.apply_scenarios(rules, DRAFT)
    a = descheck.series(rules, examples, "2020-04-01", "2021-03-31", every="quarter", summary=True)
    b = descheck.series(draft, examples, "2020-04-01", "2021-03-31", every="quarter", summary=True)
    both = descheck.concat([a, b])
    assert len(both) == len(a) + len(b) == 2 * 6 * 4
    assert both.categories["scenario"] == ["baseline", "draft-dec-2019"]
    assert both.labels("scenario").tolist() == ["baseline"] * len(a) + ["draft-dec-2019"] * len(b)
    assert both.labels("state").tolist() == a.labels("state").tolist() + b.labels("state").tolist()
    np.testing.assert_array_equal(both.columns["date"][: len(a)], a.columns["date"])
    with pytest.raises(ValueError):
        descheck.concat([a, descheck.check(rules, examples, "2021-06-01")])
    with pytest.raises(ValueError):
        descheck.concat([])


def cli():
    path = BUILD_DIR / "descheck"
    if not path.exists():
        pytest.fail(f"no command line at {path}: configure with -DDESCHECK_BUILD_CLI=ON", pytrace=False)
    return path


@pytest.mark.parametrize("summary", [False, True])
def test_same_numbers_as_the_command_line(rules, examples, summary):
    args = [cli(), "check", "--rules", RULES_DIR, "--networks", NETWORKS_CSV, "--staff", STAFF_CSV]
    args += ["--at", "2022-11-01", "--format", "csv"]
    if summary:
        args.append("--summary")
    expected = subprocess.run([os.fspath(a) for a in args], check=True, capture_output=True, text=True).stdout
    frame = descheck.check(rules, examples, "2022-11-01", summary=summary).to_pandas()
    ours = frame.to_csv(index=False, float_format="%.4f", date_format="%Y-%m-%d", lineterminator="\n")
    assert ours == expected

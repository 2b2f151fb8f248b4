"""Data coverage: load_panel(..., coverage=) from a path, a DataFrame or a dict; no_data in checks."""

import pandas as pd
import pytest
from conftest import NETWORKS_CSV, STAFF_CSV

import descheck

# EX002 has no data before 2021-09-01; EX003 none from 2021-06-01 to 2021-08-31.
COVERAGE = {
    "network_id": ["EX001", "EX002", "EX003", "EX003", "EX004", "EX005", "EX006"],
    "from": ["2020-04-01", "2021-09-01", "2020-04-01", "2021-09-01", "2020-04-01", "2020-04-01", "2020-04-01"],
    "to": [None, None, "2021-05-31", None, None, None, None],
}


def states(rules, panel, at):
    table = descheck.check(rules, panel, at, summary=True)
    return dict(zip(table.labels("network_id").tolist(), table.labels("state").tolist()))


def expect_no_data_in_june(rules, panel):
    june = states(rules, panel, "2021-06-01")
    assert june["EX002"] == "no_data"
    assert june["EX003"] == "no_data"
    assert "no_data" not in {june[n] for n in ("EX001", "EX004", "EX005", "EX006")}
    assert "no_data" not in states(rules, panel, "2021-10-01").values()
    rows = descheck.check(rules, panel, "2021-06-01")
    assert not {"EX002", "EX003"} & set(rows.labels("network_id").tolist())


def test_coverage_from_a_path(rules, tmp_path):
    path = tmp_path / "coverage.csv"
    pd.DataFrame(COVERAGE).to_csv(path, index=False)
    expect_no_data_in_june(rules, descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV, coverage=path))
    expect_no_data_in_june(rules, descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV, coverage=str(path)))


def test_coverage_from_a_dataframe(rules):
    frame = pd.DataFrame(COVERAGE)
    frame["from"] = pd.to_datetime(frame["from"])
    frame["to"] = pd.to_datetime(frame["to"])  # None becomes NaT: open-ended
    expect_no_data_in_june(rules, descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV, coverage=frame))


def test_coverage_from_a_dict(rules, examples):
    panel = descheck.load_panel(rules, examples.networks_frame(), examples.staff_frame(), coverage=COVERAGE)
    expect_no_data_in_june(rules, panel)


def test_without_coverage_every_network_has_data(rules, examples):
    assert "no_data" not in states(rules, examples, "2021-06-01").values()
    same = descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV, coverage=None)
    assert states(rules, same, "2021-06-01") == states(rules, examples, "2021-06-01")


def test_overlapping_windows_raise_input_error(rules):
    overlapping = pd.DataFrame(
        {"network_id": ["EX001", "EX001"], "from": ["2020-04-01", "2021-01-01"], "to": [None, "2021-03-31"]}
    )
    with pytest.raises(descheck.InputError) as caught:
        descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV, coverage=overlapping)
    e = caught.value
    assert e.code == "DC131"
    assert e.file == "coverage (DataFrame)"
    assert e.line == 3  # the later window; header is line 1


def test_unknown_network_in_coverage_suggests_the_closest(rules):
    with pytest.raises(descheck.InputError) as caught:
        descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV, coverage={"network_id": ["EX01"], "from": ["2020-04-01"],
                                                                    "to": [None]})
    assert caught.value.code == "DC047"
    assert "did you mean" in str(caught.value)

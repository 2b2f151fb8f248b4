"""Panels: load_panel from files, DataFrames and dicts; synthetic_panel; InputError."""

import datetime

import numpy as np
import pandas as pd
import pytest
from conftest import NETWORKS_CSV, STAFF_CSV

import descheck


def same_table(a, b):
    assert a.order == b.order
    assert a.categories == b.categories
    for name in a.order:
        np.testing.assert_array_equal(a.columns[name], b.columns[name], err_msg=name)


def test_load_panel_from_files(rules, examples):
    assert examples.size == len(examples) == 6
    assert examples.network_ids == [f"EX00{i}" for i in range(1, 7)]
    assert len(examples.names) == len(examples.regions) == 6
    assert any("," in name for name in examples.names)  # a quoted name
    assert examples.names[3] == "Kingsmead Central PCN"
    assert repr(examples).startswith("<Panel 6 networks (EX001, EX002, EX003, ...) from ")
    from_strings = descheck.load_panel(rules, str(NETWORKS_CSV), str(STAFF_CSV))
    same_table(descheck.check(rules, examples, "2021-06-01"), descheck.check(rules, from_strings, "2021-06-01"))


def test_panel_frames_read_the_tables(examples):
    networks = examples.networks_frame()
    assert list(networks.columns[:3]) == ["network_id", "name", "region"]
    assert networks["network_id"].tolist() == examples.network_ids
    assert networks["care_home_beds"].isna().sum() == 3  # three networks leave it to the rule set's estimate
    staff = examples.staff_frame()
    assert {"network_id", "role", "wte", "start", "end", "funding"} <= set(staff.columns)
    assert pd.api.types.is_datetime64_any_dtype(staff["start"])
    assert pd.api.types.is_datetime64_any_dtype(staff["end"])
    assert staff["end"].isna().any()  # open-ended posts
    assert examples.networks_csv == NETWORKS_CSV.read_text(encoding="utf-8-sig")


def test_dataframes_give_the_same_result_as_the_files(rules, examples):
    from_frames = descheck.load_panel(rules, examples.networks_frame(), examples.staff_frame())
    assert from_frames.network_ids == examples.network_ids
    for at in ("2020-10-01", "2021-06-01", "2023-06-01"):
        same_table(descheck.check(rules, examples, at), descheck.check(rules, from_frames, at))


def test_mixed_path_and_dataframe(rules, examples):
    mixed = descheck.load_panel(rules, NETWORKS_CSV, examples.staff_frame())
    same_table(descheck.check(rules, examples, "2021-06-01"), descheck.check(rules, mixed, "2021-06-01"))


def test_dict_of_columns(rules):
    networks = {
        "network_id": ["A1", "B2"],
        "name": ["Alpha PCN", 'Beta, "the second" PCN'],
        "region": ["London", None],
        "registered_patients": [30000, 52000.0],
        "care_home_beds": [120, np.nan],
    }
    staff = {
        "network_id": ["A1", "A1", "B2"],
        "role": ["clinical_pharmacist", "nursing_associate", "clinical_pharmacist"],
        "wte": [1.0, 0.5, 2],
        "start": [datetime.date(2020, 4, 1), pd.Timestamp("2021-01-11"), np.datetime64("2019-06-01")],
        "end": [None, pd.NaT, "2022-03-31"],
        "funding": ["arrs", "arrs", None],
    }
    panel = descheck.load_panel(rules, networks, staff)
    assert panel.network_ids == ["A1", "B2"]
    assert panel.names == networks["name"]
    assert panel.regions == ["London", ""]
    assert "Beta" in panel.networks_csv
    frame = panel.staff_frame()
    assert frame["start"].tolist() == [pd.Timestamp(d) for d in ("2020-04-01", "2021-01-11", "2019-06-01")]
    assert frame["end"].isna().tolist() == [True, True, False]
    table = descheck.check(rules, panel, "2021-06-01", summary=True)
    assert table.labels("network_id").tolist() == ["A1", "B2"]


def test_synthetic_frames_round_trip(rules, national, tmp_path):
    networks_path, staff_path = national.write_csv(tmp_path)
    from_files = descheck.load_panel(rules, networks_path, staff_path)
    from_frames = descheck.load_panel(rules, national.networks_frame(), national.staff_frame())
    assert from_files.network_ids == from_frames.network_ids == national.network_ids
    for at in ("2021-06-01", "2023-06-01"):
        expected = descheck.check(rules, from_files, at)
        same_table(expected, descheck.check(rules, from_frames, at))
        same_table(expected, descheck.check(rules, national, at))


def test_synthetic_panel_is_reproducible(rules, national):
    assert national.size == 1250
    again = descheck.synthetic_panel(rules, seed=1)
    assert again.networks_csv == national.networks_csv and again.staff_csv == national.staff_csv
    other = descheck.synthetic_panel(rules, seed=2, networks=40)
    assert other.size == 40
    assert other.networks_csv != national.networks_csv


def test_negative_wte_in_a_dataframe(rules, examples):
    staff = examples.staff_frame()
    staff.loc[4, "wte"] = -0.5
    with pytest.raises(descheck.InputError) as caught:
        descheck.load_panel(rules, examples.networks_frame(), staff)
    e = caught.value
    assert isinstance(e, ValueError)
    assert e.code == "DC045"
    assert e.file == "staff (DataFrame)"
    assert e.line == 4 + 2  # header is line 1, row 0 is line 2
    assert e.column == list(staff.columns).index("wte") + 1
    assert str(e) == "staff (DataFrame): row 4 (index), column 'wte': error[DC045]: negative WTE -0.5"
    assert e.row == 4 and e.column_name == "wte"
    assert e.diagnostics[0] == (e.file, e.line, e.column, e.code, e.diagnostics[0][4])


def test_errors_in_a_dict_are_named_as_such(rules):
    with pytest.raises(descheck.InputError) as caught:
        no_staff = {"network_id": [], "role": [], "wte": []}
        descheck.load_panel(rules, {"network_id": ["A"], "registerd_patients": [100]}, no_staff)
    e = caught.value
    assert e.file == "networks (dict)"
    assert e.code == "DC042"
    assert "registered_patients" in str(e)  # did you mean


def test_every_problem_is_reported(rules):
    staff = pd.DataFrame(
        {"network_id": ["A", "A", "Z"], "role": ["clinical_pharmacist", "pharmacist", "gp"], "wte": [-1, 1, "x"]}
    )
    with pytest.raises(descheck.InputError) as caught:
        descheck.load_panel(rules, {"network_id": ["A"], "registered_patients": [100]}, staff)
    codes = {d[3] for d in caught.value.diagnostics}
    assert {"DC045", "DC030", "DC044"} <= codes
    assert len(str(caught.value).splitlines()) == len(caught.value.diagnostics)


def test_missing_files(rules, tmp_path, examples):
    with pytest.raises(descheck.InputError) as caught:
        descheck.load_panel(rules, tmp_path / "none.csv", STAFF_CSV)
    assert caught.value.code == "DC001"
    with pytest.raises(descheck.InputError) as caught:
        descheck.load_panel(rules, tmp_path / "none.csv", examples.staff_frame())
    assert caught.value.code == "DC001"
    assert caught.value.file == str(tmp_path / "none.csv")


def test_wrong_argument_types(rules):
    with pytest.raises(TypeError):
        descheck.load_panel(rules, 42, STAFF_CSV)
    with pytest.raises(TypeError, match="Panel"):
        descheck.check(rules, "examples", "2021-06-01")

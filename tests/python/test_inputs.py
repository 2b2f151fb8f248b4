"""DataFrame, dict and list-of-dicts inputs name rows and columns in errors; Table conveniences."""

import json

import pandas as pd
import pytest

import descheck

STAFF = {"network_id": ["N1", "N2"], "role": ["gp", "gp"], "wte": [1.0, 2.0]}


def test_error_names_the_index_label_and_column(rules):
    networks = pd.DataFrame({"network_id": ["N1", "N2"], "registered_patients": [1000, -5]}, index=["a", "b"])
    with pytest.raises(descheck.InputError) as e:
        descheck.load_panel(rules, networks, STAFF)
    assert str(e.value).startswith("networks (DataFrame): row 'b' (index), column 'registered_patients': error[")
    assert e.value.row == "b" and e.value.column_name == "registered_patients"
    assert e.value.line == 3  # the CSV line the row was written as


def test_network_id_index_is_accepted(rules):
    networks = pd.DataFrame({"network_id": ["N1", "N2"], "registered_patients": [1000, 2000]}).set_index("network_id")
    panel = descheck.load_panel(rules, networks, STAFF)
    assert panel.network_ids == ["N1", "N2"]
    bad = pd.DataFrame({"network_id": ["N1", "N2"], "registered_patients": [1000, -5]}).set_index("network_id")
    with pytest.raises(descheck.InputError, match=r"row 'N2' \(index\), column 'registered_patients'"):
        descheck.load_panel(rules, bad, STAFF)


def test_nan_driver_is_caught_at_load_with_its_row(rules):
    networks = pd.DataFrame({"network_id": ["N1", "N2"], "registered_patients": [1000.0, float("nan")]})
    assert "registered_patients" not in rules._core.drivers_with_default
    with pytest.raises(descheck.InputError) as e:
        descheck.load_panel(rules, networks, STAFF)
    assert e.value.code == "DC050" and e.value.row == 1 and e.value.column_name == "registered_patients"


def test_list_of_dicts_as_tables(rules):
    networks = [{"network_id": "N1", "registered_patients": 1000}, {"network_id": "N2", "registered_patients": 2000}]
    staff = [{"network_id": "N1", "role": "gp", "wte": 1.0}, {"network_id": "N2", "role": "gp", "wte": 2}]
    panel = descheck.load_panel(rules, networks, staff)
    assert len(panel) == 2
    staff[1]["wte"] = -1
    with pytest.raises(descheck.InputError, match=r"staff \(list\): row 1 \(position\), column 'wte'"):
        descheck.load_panel(rules, networks, staff)
    with pytest.raises(TypeError):
        descheck.load_panel(rules, networks, [1, 2])


def test_table_columns_len_iteration_and_export(rules, examples, tmp_path):
    table = descheck.check(rules, examples, "2021-06-01", summary=True)
    two = table[["network_id", "state"]]
    assert isinstance(two, descheck.Table) and two.order == ["network_id", "state"] and len(two) == len(table)
    assert two.columns["network_id"] is table.columns["network_id"]
    with pytest.raises(KeyError):
        table[["network_id", "nope"]]
    rows = list(table)
    assert len(rows) == len(table) == examples.size
    assert rows[0][:2] == ("baseline", "EX001") and rows[0][2].isoformat() == "2021-06-01"
    records = list(table.records())
    assert records[3]["network_id"] == "EX004" and records[3]["state"] == "non_compliant"
    text = two.to_csv()
    assert text.splitlines()[:2] == ["network_id,state", "EX001,compliant"]
    assert two.to_csv(tmp_path / "t.csv") is None and (tmp_path / "t.csv").read_text() == text
    loaded = json.loads(table.to_json())
    assert loaded[0]["date"] == "2021-06-01" and loaded[0]["network_id"] == "EX001"
    table.to_json(tmp_path / "t.json")
    assert json.loads((tmp_path / "t.json").read_text()) == loaded
    assert pd.read_csv(tmp_path / "t.csv").shape == (examples.size, 2)
    assert "<table" in two._repr_html_()
    earliest = descheck.timeline(rules, examples, "2020-04-01", "2021-03-31", earliest=True)
    assert any(r["earliest"] is None for r in earliest.records())
    assert 'null' in earliest.to_json()


def test_import_paths_still_work():
    from descheck import InputError, RuleError, Table  # noqa: F401
    from descheck.errors import InputError as Same
    from descheck.tables import Table as SameTable

    assert Same is descheck.InputError and SameTable is descheck.Table
    assert descheck.Table.__module__ == "descheck" and descheck.InputError.__module__ == "descheck"

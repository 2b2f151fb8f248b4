"""report, diff and explain, and how their results display."""

import datetime

import numpy as np
import pandas as pd
import pytest
from conftest import DRAFT, SCENARIOS_DIR

import descheck


def test_report_of_the_sample_networks(rules, examples):
    rep = descheck.report(rules, examples, "2020-04-01", "2024-03-31")
    assert rep.markdown.startswith("# National picture: Network Contract DES")
    assert "6 networks, 16 dates from 2020-04-01 to 2024-01-01." in rep.markdown
    assert str(rep) == rep._repr_markdown_() == rep.markdown
    header = "scenario,service,date,networks_in_force,compliant,share_compliant,shortfall_hours,bottleneck_roles"
    assert rep.csv.startswith(header + "\n")
    assert rep.scenarios == ["baseline"]
    assert repr(rep).startswith("<Report National picture")
    cells = rep.cells
    assert cells.order == header.split(",")
    assert cells.categories["service"] == rules.services + ["all"]
    assert len(cells) == 16 * (len(rules.services) + 1)
    assert len(rep.csv.splitlines()) == len(cells) + 1
    frame = cells.to_pandas()
    last = frame[(frame.service == "all") & (frame.date == frame.date.max())].iloc[0]
    assert (last.networks_in_force, last.compliant) == (6, 1)
    years = rep.years.to_pandas()
    assert years.year.astype(str).tolist() == ["2020/21", "2021/22", "2022/23", "2023/24"]
    assert years.compliant.tolist() == [0, 1, 1, 1]
    assert years["from"].iloc[0] == pd.Timestamp("2020-04-01") and years["to"].iloc[-1] == pd.Timestamp("2024-03-31")


def test_report_bottlenecks(rules, examples):
    rep = descheck.report(rules, examples, "2020-04-01", "2024-03-31")
    everything = rep.bottlenecks()
    assert list(everything.columns) == ["scenario", "service", "date", "role", "role_label", "networks"]
    last = rep.bottlenecks("last")
    assert (last.date == pd.Timestamp("2024-01-01")).all()
    social = last[(last.service == "personalised_care") & (last.role == "social_prescribing_link_worker")]
    assert social.networks.tolist() == [5]
    assert social.role_label.tolist() == ["Social prescribing link worker"]
    assert len(rep.bottlenecks(datetime.date(2021, 1, 1))) > 0
    assert rep.bottlenecks("2020-04-01").empty


def test_report_compares_scenarios_monthly(rules, examples):
    rep = descheck.report(rules, examples, "2020-04-01", "2024-03-31", every="month", compare=[DRAFT], threads=2)
    assert rep.markdown.startswith("# Phasing scenarios compared")
    assert rep.scenarios == ["baseline", "draft-dec-2019"]
    frame = rep.cells.to_pandas()
    assert frame.date.nunique() == 48
    assert frame.groupby("scenario", observed=True).size().tolist() == [48 * 10, 48 * 10]
    assert rep.years.labels("scenario").tolist() == ["baseline"] * 4 + ["draft-dec-2019"] * 4
    assert "draft-dec-2019" in repr(rep)


def test_report_under_a_scenario(rules, examples):
    later = descheck.apply_scenarios(rules, SCENARIOS_DIR / "delay-a-year.yaml")
    rep = descheck.report(later, examples, "2020-04-01", "2021-03-31", compare=SCENARIOS_DIR / "no-covid-delay.yaml")
    assert rep.scenarios[0] == "delay-a-year"
    assert len(rep.scenarios) == 2 and rep.scenarios[1] != rep.scenarios[0]
    assert len(rep.cells.to_pandas()) == len(rep.cells)


def test_repeated_labels_stay_usable_in_pandas():
    table = descheck.Table({"scenario": np.array([0, 1, 1], dtype=np.int32)}, {"scenario": ["x", "x"]}, ["scenario"])
    assert table["scenario"].tolist() == ["x", "x (2)", "x (2)"]
    assert table.labels("scenario").tolist() == ["x", "x", "x"]


def test_diff_against_the_draft(rules, examples):
    d = descheck.diff(rules, examples, [DRAFT], "2020-04-01", "2024-03-31")
    assert d.text.startswith("# baseline against draft-dec-2019, 2020-04-01 to 2024-03-31")
    assert str(d) == d.text
    assert "smr.reviews: phase differs from 2020-04-01 (left undefined -> right 1)" in d.rules
    assert d.changes[0].startswith("draft-dec-2019#1:")
    assert (d.networks_changed, d.networks) == (6, 6)
    assert "6 of 6 networks change state" in repr(d)
    flips = d.flips
    assert flips.order == "network_id from to left_state right_state sufficient necessary needs_combination".split()
    assert flips.columns["needs_combination"].dtype == np.bool_
    frame = flips.to_pandas()
    first = frame.iloc[0]
    assert (first.network_id, str(first["from"].date()), str(first.to.date())) == ("EX001", "2020-04-01", "2020-05-31")
    assert (first.left_state, first.right_state) == ("compliant", "non_compliant")
    for text in frame.sufficient.astype(str):
        assert all(part in d.changes for part in text.split(";") if part)
    assert d.csv.splitlines()[0].startswith("network_id")
    assert d._repr_html_().startswith("<pre")


def test_diff_of_stacked_scenarios(rules, examples):
    files = [SCENARIOS_DIR / "no-covid-delay.yaml", SCENARIOS_DIR / "flexible-roles.yaml"]
    d = descheck.diff(rules, examples, files, "2020-04-01", "2022-03-31", threads=1)
    assert any(c.startswith("flexible-roles#") for c in d.changes)
    assert any(c.startswith("no-covid-delay#") for c in d.changes)


def test_explain_a_network(rules, examples):
    e = descheck.explain(rules, examples, "EX004", "2021-06-01")
    assert e.network == "EX004" and e.at == "2021-06-01"
    first = e.text.splitlines()[0]
    assert first == (
        "Network EX004 (Kingsmead Central PCN) on 2021-06-01: NOT COMPLIANT: 2 of 11 requirements in force fall short."
    )
    assert repr(e) == str(e) == e.text
    assert "Short by 11.28 h/week" in e.text
    assert "Why requirements fall short:" in e.text
    by_position = descheck.explain(rules, examples, 3, pd.Timestamp("2021-06-01"))
    assert by_position.text == e.text


def test_explanation_html(rules, examples):
    html = descheck.explain(rules, examples, "EX004", datetime.date(2021, 6, 1))._repr_html_()
    assert "<pre" in html and "</pre>" in html
    assert "<h4>Requirements in force</h4>" in html
    assert '<span style="color: #b00020">NOT COMPLIANT</span>' in html
    assert '<strong style="color: #b00020">  Short by 11.28 h/week</strong>' in html
    assert html.count("<pre") == html.count("</pre>")
    text = "Network <X> & co on 2021-06-01: NOT COMPLIANT\n\nRoles:\n  - a <b>\n"
    escaped = descheck.Explanation(text, "X", "2021-06-01")
    html = escaped._repr_html_()
    assert "<X>" not in html and "&lt;X&gt; &amp; co" in html and "&lt;b&gt;" in html


def test_explain_unknown_network(rules, examples):
    with pytest.raises(descheck.InputError) as caught:
        descheck.explain(rules, examples, "EX999", "2021-06-01")
    assert caught.value.code == "DC047"


@pytest.mark.parametrize("name", ["draft-dec-2019", "no-covid-delay", "flexible-roles", "delay-a-year"])
def test_every_shipped_scenario_compares(rules, examples, name):
    path = SCENARIOS_DIR / f"{name}.yaml"
    rep = descheck.report(rules, examples, "2020-04-01", "2024-03-31", compare=[path])
    assert rep.scenarios == ["baseline", name]
    d = descheck.diff(rules, examples, path, "2020-04-01", "2024-03-31")
    assert d.rules and all(c.startswith(name + "#") for c in d.changes)
    under = descheck.apply_scenarios(rules, path)
    rows = descheck.series(under, examples, "2020-04-01", "2024-03-31", every="quarter", summary=True)
    assert rows.categories["scenario"] == [name]
    assert descheck.explain(under, examples, "EX001", "2022-01-01").text.startswith("Network EX001")

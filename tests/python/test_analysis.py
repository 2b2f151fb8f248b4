"""descheck.sensitivity and descheck.uncertainty: the command's numbers, split runs, plots."""

import io
import pickle
import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pytest
from conftest import BUILD_DIR, DRAFT, NETWORKS_CSV, RULES_DIR, SOURCE_DIR, STAFF_CSV
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

import descheck
import descheck.plot as dplot

CLI = BUILD_DIR / "descheck"
ENGLAND = SOURCE_DIR / "data" / "england"
PANEL_ARGS = ["--rules", str(RULES_DIR), "--networks", str(NETWORKS_CSV), "--staff", str(STAFF_CSV)]
ENGLAND_ARGS = [
    "--rules", str(RULES_DIR), "--networks", str(ENGLAND / "networks.csv"), "--staff", str(ENGLAND / "staff.csv"),
    "--coverage", str(ENGLAND / "coverage.csv"),
]


def cli(*args, cwd=None):
    assert CLI.exists(), f"{CLI} is not built (DESCHECK_BUILD_DIR)"
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, check=False, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def england(rules):
    return descheck.load_panel(rules, ENGLAND / "networks.csv", ENGLAND / "staff.csv", ENGLAND / "coverage.csv")


@pytest.fixture(scope="module")
def small(rules, examples):
    return descheck.uncertainty(rules, examples, draws=40, seed=7, start="2020-01-01", end="2024-12-31", threads=1)


# ---- sensitivity


def test_sensitivity_matches_the_command_at_a_date(rules, examples):
    table = descheck.sensitivity(rules, examples, at="2021-06-01", threads=1)
    assert table.csv == cli("sensitivity", *PANEL_ARGS, "--at", "2021-06-01", "--format", "csv", "--threads", "1")
    assert table.order == ["rank", "id", "source", "status", "value", "range_low", "range_high", "distribution",
                           "base", "measure_low", "measure_high", "swing"]
    expected = pd.read_csv(io.StringIO(table.csv))
    frame = table.to_pandas()
    assert len(frame) == len(expected) == table.values
    assert list(frame["id"].astype(str)) == list(expected["id"])
    for column in ("value", "range_low", "range_high", "base", "measure_low", "measure_high", "swing"):
        np.testing.assert_allclose(frame[column].to_numpy(), expected[column].to_numpy(), rtol=1e-12)
    assert (frame["swing"].diff().dropna() <= 0).all()
    assert table.base == expected["base"].iloc[0] and table.window == "2021-06-01"


def test_sensitivity_matches_the_command_on_the_real_panel_over_a_year(rules, england):
    table = descheck.sensitivity(rules, england, year="2021/22", top=8, threads=2)
    text = cli("sensitivity", *ENGLAND_ARGS, "--year", "2021/22", "--top", "8", "--format", "csv")
    assert table.csv == text
    assert len(table) == 8 and table.values > 8 and table.skipped > 0


def test_sensitivity_by_service_measure_and_year_as_an_int(rules, examples):
    table = descheck.sensitivity(rules, examples, year=2021, service="smr", measure="shortfall", top=3, threads=1)
    assert table.window == "2021/22" and table.service == "smr" and table.measure == "shortfall" and len(table) == 3
    args = ("--year", "2021/22", "--service", "smr", "--measure", "shortfall", "--top", "3")
    assert table.csv == cli("sensitivity", *PANEL_ARGS, *args, "--format", "csv")
    assert table.markdown == cli("sensitivity", *PANEL_ARGS, *args, "--format", "markdown")


def test_sensitivity_under_a_scenario(rules, examples):
    table = descheck.sensitivity(rules, examples, at="2022-06-01", scenarios=[DRAFT], threads=1)
    assert table.scenario == "draft-dec-2019"
    assert table.csv == cli("sensitivity", *PANEL_ARGS, "--scenario", str(DRAFT), "--at", "2022-06-01",
                            "--format", "csv")


def test_sensitivity_refuses_bad_arguments(rules, examples):
    with pytest.raises(ValueError, match="exactly one"):
        descheck.sensitivity(rules, examples)
    with pytest.raises(ValueError, match="exactly one"):
        descheck.sensitivity(rules, examples, at="2021-06-01", year="2021/22")
    with pytest.raises(descheck.InputError, match="unknown service 'smrr'.*did you mean 'smr'"):
        descheck.sensitivity(rules, examples, at="2021-06-01", service="smrr")
    with pytest.raises(descheck.InputError) as e:
        descheck.sensitivity(rules, examples, year="2021/23")
    assert e.value.code == "DC060"
    with pytest.raises(ValueError, match="measure"):
        descheck.sensitivity(rules, examples, at="2021-06-01", measure="share")
    with pytest.raises(ValueError, match="top"):
        descheck.sensitivity(rules, examples, at="2021-06-01", top=0)


# ---- uncertainty


def test_uncertainty_matches_the_command_byte_for_byte(rules, examples, small, tmp_path):
    out = tmp_path / "probabilities.csv"
    years = tmp_path / "years.csv"
    summary = cli("uncertainty", *PANEL_ARGS, "--draws", "40", "--seed", "7", "--from", "2020-01-01", "--to",
                  "2024-12-31", "--format", "csv", "--output", str(out), "--year-measures", str(years))
    assert small.measures_csv == summary
    assert small.networks_csv == out.read_text()
    assert small.year_measures_csv == years.read_text()
    assert small.year_measures.order == ["measure", "service", "financial_year", "from", "to", "base", "mean",
                                         "p5", "p50", "p95"]
    expected_years = pd.read_csv(years)
    assert list(small.year_measures.to_pandas()["financial_year"].astype(str)) == list(expected_years["financial_year"])
    assert "2020/21" in set(expected_years["financial_year"])
    assert small.draws == 40 and small.seed == 7 and small.scenario == "baseline"
    assert small.networks.order == ["network_id", "date", "draws", "in_force", "compliant", "no_data", "probability"]
    assert small.measures.order == ["measure", "service", "date", "base", "mean", "p5", "p50", "p95"]
    expected = pd.read_csv(io.StringIO(summary))
    frame = small.measures.to_pandas()
    assert list(frame["service"].astype(str)) == list(expected["service"])
    for column in ("base", "mean", "p5", "p50", "p95"):
        np.testing.assert_allclose(frame[column].to_numpy(), expected[column].to_numpy(), atol=0.051)
    networks = pd.read_csv(out)
    np.testing.assert_allclose(small.networks.columns["probability"], networks["probability"], atol=5e-5)
    assert (small.networks.columns["compliant"] == networks["compliant"].to_numpy()).all()
    # The per-draw national counts are what the percentiles were taken of.
    national = small.national()
    assert np.array_equal(np.sort(small.national_draws, axis=0)[1], national["p5"].to_numpy())  # rank ceil(2) = 2
    np.testing.assert_allclose(small.national_draws.mean(axis=0), national["mean"].to_numpy())


def test_uncertainty_on_the_real_panel_matches_the_command(rules, england, tmp_path):
    result = descheck.uncertainty(rules, england, draws=4, seed=2026, from_="2021-01-01", to="2021-12-31",
                                  threads=2)
    out = tmp_path / "probabilities.csv"
    summary = cli("uncertainty", *ENGLAND_ARGS, "--draws", "4", "--seed", "2026", "--from", "2021-01-01", "--to",
                  "2021-12-31", "--format", "csv", "--output", str(out), "--threads", "1")
    assert result.measures_csv == summary
    assert result.networks_csv == out.read_text()
    no_data = result.networks.columns["no_data"] == 4
    assert no_data.any() and np.isnan(result.networks.columns["probability"][no_data]).all()


def test_split_draws_pickled_and_combined_in_any_order_give_the_whole_run(rules, examples, small):
    run = descheck.UncertaintyRun(rules, examples, seed=7, start="2020-01-01", end="2024-12-31")
    assert len(run.values) == small.values and run.dates[0] == "2020-01-01"
    parts = [run.run(a, b, threads=1) for a, b in [(25, 40), (0, 9), (9, 25)]]
    shipped = [pickle.loads(pickle.dumps(p)) for p in parts]
    assert shipped == parts and shipped[0].first_draw == 25 and shipped[0].last_draw == 40
    assert shipped[0].years == parts[0].years > 0
    assert np.array_equal(shipped[0].draw_year_compliant, parts[0].draw_year_compliant)
    again = run.summarise(shipped)
    assert again.measures_csv == small.measures_csv and again.networks_csv == small.networks_csv
    assert again.year_measures_csv == small.year_measures_csv
    assert np.array_equal(again.national_draws, small.national_draws)
    whole = descheck.combine(parts)
    assert (whole.first_draw, whole.last_draw) == (0, 40)
    assert np.array_equal(whole.draw_compliant, run.run(0, 40, threads=2).draw_compliant)
    with pytest.raises(descheck.InputError, match="gap or overlap"):
        descheck.combine([parts[0], parts[1]])
    with pytest.raises(ValueError, match=r"\[0, N\)"):
        run.summarise(parts[0])
    other = descheck.UncertaintyRun(rules, examples, seed=8, start="2020-01-01", end="2024-12-31")
    with pytest.raises(descheck.InputError, match="different runs"):
        descheck.combine([parts[1], other.run(9, 10, threads=1)])
    restored = pickle.loads(pickle.dumps(small))
    assert restored.measures_csv == small.measures_csv and len(restored.networks) == len(small.networks)


def test_uncertainty_under_a_scenario_and_with_its_arguments_checked(rules, examples):
    draft = descheck.uncertainty(rules, examples, draws=5, seed=1, start="2021-01-01", end="2022-12-31",
                                 scenarios=DRAFT, threads=1)
    assert draft.scenario == "draft-dec-2019"
    assert draft.measures_csv == cli("uncertainty", *PANEL_ARGS, "--scenario", str(DRAFT), "--draws", "5",
                                     "--seed", "1", "--from", "2021-01-01", "--to", "2022-12-31", "--format", "csv")
    with pytest.raises(ValueError, match="draws"):
        descheck.uncertainty(rules, examples, draws=0)
    with pytest.raises(ValueError, match="not both"):
        descheck.uncertainty(rules, examples, draws=1, start="2021-01-01", from_="2021-01-01")
    with pytest.raises(ValueError, match="every"):
        descheck.uncertainty(rules, examples, draws=1, every="week")
    with pytest.raises(ValueError, match="sample date"):
        draft.probabilities("2021-02-01")


def test_the_gil_is_released_while_draws_run(rules, national):
    # As test_threads: with a long switch interval the main thread gets turns only if the run lets go.
    state = {"inside": False, "done": False, "error": None}

    def work():
        try:
            state["inside"] = True
            descheck.uncertainty(rules, national, draws=3, seed=1, start="2021-04-01", end="2022-04-01", threads=1)
        except BaseException as e:  # noqa: BLE001 - reported below
            state["error"] = e
        finally:
            state["inside"] = False
            state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(1.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        turns = 0
        while not state["done"]:
            if state["inside"]:
                turns += 1
        worker.join()
    finally:
        sys.setswitchinterval(old)
    assert state["error"] is None, state["error"]
    assert turns > 1000, f"the main thread ran {turns} loop turns while the draws ran"


# ---- plots


def test_tornado_bars_are_the_swings(rules, examples):
    table = descheck.sensitivity(rules, examples, at="2021-06-01", threads=1)
    fig = dplot.tornado(table, top=6)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    bars = ax.patches
    top = table.to_pandas().head(6)
    assert len(bars) == 6
    widths = [b.get_width() for b in bars][::-1]  # drawn bottom up: the largest swing is on top
    np.testing.assert_allclose(widths, top["swing"].to_numpy())
    lefts = [b.get_x() for b in bars][::-1]
    np.testing.assert_allclose(lefts, np.minimum(top["measure_low"], top["measure_high"]).to_numpy())
    assert [t.get_text() for t in ax.get_yticklabels()][::-1] == list(top["id"].astype(str))
    assert ax.get_lines()[0].get_xdata()[0] == table.base
    fig.savefig(io.BytesIO(), format="png")
    other = Figure()
    axis = other.subplots()
    assert dplot.tornado(table.to_pandas(), top=None, ax=axis) is other and len(axis.patches) == len(table)


def test_fan_band_is_p5_to_p95(small):
    fig = dplot.fan(small)
    (ax,) = fig.axes
    (band,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    national = small.national()
    vertices = band.get_paths()[0].vertices
    n = len(national)
    # fill_between's polygon: start, the p95 edge forwards... in matplotlib it is p5 forwards then p95 back.
    lower = vertices[1 : n + 1, 1]
    upper = vertices[n + 2 : 2 * n + 2, 1][::-1]
    np.testing.assert_allclose(lower, national["p5"].to_numpy())
    np.testing.assert_allclose(upper, national["p95"].to_numpy())
    median, base = ax.get_lines()
    np.testing.assert_allclose(median.get_ydata(), national["p50"].to_numpy())
    np.testing.assert_allclose(base.get_ydata(), national["base"].to_numpy())
    fig.savefig(io.BytesIO(), format="png")
    with pytest.raises(TypeError, match="Uncertainty"):
        dplot.fan(small.measures)


def test_probability_histogram_counts_the_networks_with_data(rules, england):
    result = descheck.uncertainty(rules, england, draws=3, seed=4, start="2021-04-01", end="2021-07-01", threads=2)
    fig = dplot.probability_histogram(result, at="2021-04-01", bins=10)
    (ax,) = fig.axes
    heights = [b.get_height() for b in ax.patches]
    probabilities = result.probabilities("2021-04-01")
    with_data = probabilities.dropna().to_numpy()
    assert len(with_data) < len(probabilities)  # networks without data are left out
    assert sum(heights) == len(with_data)
    expected, _ = np.histogram(with_data, bins=np.linspace(0, 1, 11))
    assert heights == list(expected)
    fig.savefig(io.BytesIO(), format="png")

"""descheck.plot: each function returns a matplotlib Figure that saves as PNG."""

import io
import os
import subprocess
import sys

import pytest
from conftest import DRAFT, NETWORKS_CSV, RULES_DIR, STAFF_CSV
from matplotlib.figure import Figure

import descheck
import descheck.plot as dplot


def png_bytes(fig):
    out = io.BytesIO()
    fig.savefig(out, format="png")
    data = out.getvalue()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000
    return data


@pytest.fixture(scope="module")
def both(rules, examples):
    draft = descheck.apply_scenarios(rules, DRAFT)
    return [descheck.series(r, examples, "2020-04-01", "2024-03-31", summary=True) for r in (rules, draft)]


@pytest.fixture(scope="module")
def monthly(rules, examples):
    return descheck.report(rules, examples, "2020-04-01", "2024-03-31", every="month", compare=[DRAFT])


def test_compliance_over_time_from_tables(both):
    fig = dplot.compliance_over_time(both)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.get_lines()] == ["baseline", "draft-dec-2019"]
    assert all(len(line.get_xdata()) == 48 for line in ax.get_lines())
    png_bytes(fig)


def test_compliance_over_time_from_a_dataframe_and_an_axes(both):
    frame = descheck.concat(both).to_pandas()
    fig = Figure()
    ax = fig.subplots()
    assert dplot.compliance_over_time(frame, ax=ax, by=None) is fig
    assert len(ax.get_lines()) == 1
    assert isinstance(dplot.compliance_over_time(both[0]), Figure)


def test_compliance_over_time_needs_network_rows(rules, examples):
    rows = descheck.series(rules, examples, "2021-01-01", "2021-12-31")
    with pytest.raises(ValueError, match="summary=True"):
        dplot.compliance_over_time(rows)


def test_compliance_by_service(rules, monthly):
    fig = dplot.compliance_by_service(monthly)
    assert isinstance(fig, Figure)
    axes = [ax for ax in fig.axes if ax.get_lines()]
    assert [ax.get_title() for ax in axes] == ["baseline", "draft-dec-2019"]
    labels = {line.get_label() for line in axes[0].get_lines()}
    assert "All services" in labels and rules.service_label("smr") in labels
    png_bytes(fig)
    one = dplot.compliance_by_service(monthly.cells, services=["smr", "all"], scenarios=["baseline"])
    assert {line.get_label() for line in one.axes[0].get_lines()} == {"smr", "all"}


def test_shortfall_by_role(monthly):
    fig = dplot.shortfall_by_role(monthly, top=5)
    assert isinstance(fig, Figure)
    assert len(fig.axes) >= 2
    assert all(len({p.get_y() for p in ax.patches}) <= 5 for ax in fig.axes)
    png_bytes(fig)
    png_bytes(dplot.shortfall_by_role(monthly, service="all", at="2023-01-01", scenarios=["baseline"]))


def test_shortfall_by_role_with_no_shortfall(rules, examples):
    early = descheck.report(rules, examples, "2020-04-01", "2020-06-30")
    png_bytes(dplot.shortfall_by_role(early))


def test_plots_leave_pyplot_alone(tmp_path):
    """In a fresh interpreter: a plot saved without pyplot ever being imported."""
    code = (
        "import sys, descheck, descheck.plot as p\n"
        "r = descheck.load_rules(sys.argv[1])\n"
        "panel = descheck.load_panel(r, sys.argv[2], sys.argv[3])\n"
        "rows = descheck.series(r, panel, '2021-01-01', '2021-12-31', summary=True)\n"
        "p.compliance_over_time(rows).savefig(sys.argv[4])\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    out = tmp_path / "figure.png"
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    args = [sys.executable, "-c", code, RULES_DIR, NETWORKS_CSV, STAFF_CSV, out]
    subprocess.run([str(a) for a in args], check=True, env=env)
    assert out.stat().st_size > 1000

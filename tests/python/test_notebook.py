"""examples/phasing-scenarios.ipynb runs headless from top to bottom and saves its figure."""

import json
import os
import sys
from pathlib import Path

import ipykernel  # noqa: F401  (the kernel the notebook runs in; installed by scripts/setup)
import nbclient
import nbformat
import pytest
from conftest import EXAMPLES_DIR, SHARED_DATA, SOURCE_DIR

import descheck

NOTEBOOK = EXAMPLES_DIR / "phasing-scenarios.ipynb"


def python3_kernel(tmp_path, monkeypatch):
    """Make sure a 'python3' kernel can be found: if none is installed, one running this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager

    if "python3" in KernelSpecManager().find_kernel_specs():
        return
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3",
                "language": "python",
            }
        )
    )
    paths = [str(tmp_path / "jupyter"), os.environ.get("JUPYTER_PATH")]
    monkeypatch.setenv("JUPYTER_PATH", os.pathsep.join(filter(None, paths)))


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.realdata
def test_notebook_runs_and_saves_its_figure(tmp_path, monkeypatch):
    python3_kernel(tmp_path, monkeypatch)
    figure = tmp_path / "figure.png"
    package_root = str(Path(os.path.abspath(descheck.__file__)).parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("DESCHECK_FIGURE", str(figure))
    monkeypatch.setenv("DESCHECK_SOURCE_DIR", str(SOURCE_DIR))
    monkeypatch.setenv("DESCHECK_SHARED_DATA", str(SHARED_DATA))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(EXAMPLES_DIR)}}
    )
    try:
        client.execute()
    finally:
        nbformat.write(nb, tmp_path / "executed.ipynb")  # to look at when something fails
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    data = figure.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", "") + output.get("data", {}).get("text/plain", ""))
    text = "\n".join(texts)
    assert "saved " + str(figure) in text
    assert "NOT COMPLIANT" in text  # the explanation
    assert "draft-dec-2019" in text
    assert "left out" not in text  # the real census ran too


USE_CASES = {
    "real-census.ipynb": ["real-census-states.png", "real-census-services.png"],
    "funding-and-the-claim.ipynb": ["funding-headroom.png", "claim.png"],
    "plans-and-pools.ipynb": ["plans-wte.png", "plans-supply.png"],
}


def execute_use_case(name, tmp_path, monkeypatch, timeout=300):
    """Runs examples/NAME headless with its figures going to tmp_path; returns the executed notebook."""
    path = EXAMPLES_DIR / name
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name} is committed with outputs"
    python3_kernel(tmp_path, monkeypatch)
    package_root = str(Path(os.path.abspath(descheck.__file__)).parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("DESCHECK_FIGURES", str(tmp_path))
    monkeypatch.setenv("DESCHECK_SOURCE_DIR", str(SOURCE_DIR))
    monkeypatch.setenv("DESCHECK_SHARED_DATA", str(SHARED_DATA))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=timeout, resources={"metadata": {"path": str(EXAMPLES_DIR)}}
    )
    try:
        client.execute()
    finally:
        nbformat.write(nb, tmp_path / ("executed-" + name))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors[0].get("evalue")
    return nb


def assert_figures(tmp_path, figures):
    for figure in figures:
        data = (tmp_path / figure).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000, figure


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(USE_CASES))
def test_use_case_notebook_runs_and_saves_its_figures(name, tmp_path, monkeypatch):
    execute_use_case(name, tmp_path, monkeypatch)
    assert_figures(tmp_path, USE_CASES[name])


def test_how_sure_notebook_runs_on_the_real_panel(tmp_path, monkeypatch):
    # Reads data/england (in the repository), not the NHS files: not realdata.
    nb = execute_use_case("how-sure.ipynb", tmp_path, monkeypatch, timeout=600)
    assert_figures(tmp_path, ["how-sure-tornado.png", "how-sure-fan.png", "how-sure-probabilities.png"])
    texts = [o.get("text", "") + o.get("data", {}).get("text/markdown", "")
             for c in nb.cells for o in c.get("outputs", [])]
    text = "\n".join(texts)
    assert "200 draws of" in text and "networks compliant all of 2021/22" in text
    sentences = [line for line in text.splitlines() if line.startswith("- **U")]
    assert len(sentences) == 10 and all("probability 0." in s and "turns on" in s for s in sentences)

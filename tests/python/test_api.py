"""The package's surface: help(), docstrings, version and type stubs."""

import ast
import inspect
import pydoc
from pathlib import Path

import descheck
import descheck.distributed
import descheck.plot


def test_help_renders():
    text = pydoc.render_doc(descheck, renderer=pydoc.plaintext)
    assert "Network Contract DES" in text
    for name in ("load_rules", "load_panel", "series", "Table", "RuleError"):
        assert name in text
    assert "descheck.plot" in pydoc.render_doc(descheck.plot, renderer=pydoc.plaintext)


def test_everything_public_has_a_docstring():
    for module in (descheck, descheck.plot, descheck.distributed):
        for name in module.__all__:
            if name == "__version__":
                continue
            obj = getattr(module, name)
            assert inspect.getdoc(obj), f"{module.__name__}.{name} has no docstring"
            if inspect.isclass(obj) and not issubclass(obj, BaseException):
                for member, value in vars(obj).items():
                    if member.startswith("_"):
                        continue
                    assert inspect.getdoc(value), f"{name}.{member} has no docstring"


def test_version():
    assert isinstance(descheck.__version__, str)
    assert descheck.__version__.count(".") >= 1


def stub_names(path):
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def test_type_stubs_cover_the_api():
    package = Path(descheck.__file__).parent
    assert (package / "py.typed").exists()
    for module, stub in ((descheck, "__init__.pyi"), (descheck.plot, "plot.pyi"),
                         (descheck.distributed, "distributed.pyi")):
        names = stub_names(package / stub)
        missing = set(module.__all__) - names
        assert not missing, f"{stub} lacks {sorted(missing)}"


def test_stub_signatures_match():
    package = Path(descheck.__file__).parent
    for module, stub in ((descheck, "__init__.pyi"), (descheck.distributed, "distributed.pyi")):
        tree = ast.parse((package / stub).read_text())
        stubs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for name, node in stubs.items():
            real = inspect.signature(getattr(module, name))
            assert [a.arg for a in node.args.args + node.args.kwonlyargs] == list(real.parameters), name

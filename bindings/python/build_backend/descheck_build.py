"""PEP 517 build backend of the descheck Python package: the project's own CMake, offline.

``pip install --no-build-isolation .`` (or ``pip wheel``) calls this module (pyproject.toml names it,
with ``backend-path``). It configures the repository with CMake (Release, the Python module only, for
the interpreter running pip), builds ``descheck._core``, and zips the package and the extension into a
wheel. Nothing is downloaded: CMake, a C++20 compiler, pybind11 and the libraries come from the
system (``scripts/setup``), and the backend needs nothing beyond the standard library, so
``get_requires_for_build_wheel`` asks for nothing.

The CMake build folder is a temporary one unless ``DESCHECK_WHEEL_BUILD_DIR`` names one to keep (a
second install then rebuilds only what changed); ccache is used when it is on PATH.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "bindings" / "python" / "descheck"
NAME = "descheck"
SUMMARY = "Network Contract DES rule sets and staff capacity checks of England's Primary Care Networks"


def _version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(descheck\s+VERSION\s+([0-9.]+)", text)
    if not match:
        raise RuntimeError("no project(descheck VERSION ...) in CMakeLists.txt")
    return match.group(1)


def _tag() -> str:
    """The wheel tag of the running interpreter: cp311-cp311-linux_x86_64."""
    python = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{python}-{python}-{platform}"


def _metadata(version: str) -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {version}\n"
        f"Summary: {SUMMARY}\n"
        "Requires-Python: >=3.9\n"
        "Requires-Dist: numpy\n"
        "Requires-Dist: pandas\n"
    )


def _run(command: list[str], cwd: Path | None = None) -> None:
    print("descheck build:", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True)


def _build_extension(build_dir: Path) -> Path:
    """Configures and builds descheck._core; returns the folder holding the built package."""
    command = [
        "cmake", "-S", str(ROOT), "-B", str(build_dir),
        "-DCMAKE_BUILD_TYPE=Release",
        "-DDESCHECK_BUILD_PYTHON=ON",
        "-DDESCHECK_BUILD_TESTS=OFF",
        "-DDESCHECK_BUILD_BENCHMARKS=OFF",
        "-DDESCHECK_BUILD_CLI=OFF",
        "-DDESCHECK_BUILD_FUZZERS=OFF",
        "-DDESCHECK_SANITIZE=OFF",
        f"-DPython_EXECUTABLE={sys.executable}",
    ]
    if shutil.which("ccache"):
        command.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    _run(command)
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
    _run(["cmake", "--build", str(build_dir), "--target", "descheck_python", "-j", jobs])
    return build_dir / "python" / "descheck"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _write_wheel(wheel_directory: str, built: Path, version: str) -> str:
    tag = _tag()
    wheel_name = f"{NAME}-{version}-{tag}.whl"
    dist_info = f"{NAME}-{version}.dist-info"
    files: list[tuple[str, bytes]] = []
    # The package's sources from the repository, and the extension module from the build.
    for path in sorted(PACKAGE.iterdir()):
        if path.is_file() and path.suffix in (".py", ".pyi", ".typed"):
            files.append((f"descheck/{path.name}", path.read_bytes()))
    extensions = sorted(built.glob("_core*.so")) + sorted(built.glob("_core*.pyd"))
    if not extensions:
        raise RuntimeError(f"the build made no descheck/_core extension in {built}")
    files.append((f"descheck/{extensions[0].name}", extensions[0].read_bytes()))
    files.append((f"{dist_info}/METADATA", _metadata(version).encode()))
    wheel = f"Wheel-Version: 1.0\nGenerator: descheck_build\nRoot-Is-Purelib: false\nTag: {tag}\n"
    files.append((f"{dist_info}/WHEEL", wheel.encode()))
    record = [_record_line(name, data) for name, data in files] + [f"{dist_info}/RECORD,,"]
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    out = Path(wheel_directory) / wheel_name
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if name.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return wheel_name


# ---- PEP 517 hooks


def get_requires_for_build_wheel(config_settings=None) -> list[str]:
    return []


def get_requires_for_build_sdist(config_settings=None) -> list[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None) -> str:
    version = _version()
    dist_info = Path(metadata_directory) / f"{NAME}-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(_metadata(version), encoding="utf-8")
    return dist_info.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None) -> str:
    version = _version()
    keep = os.environ.get("DESCHECK_WHEEL_BUILD_DIR")
    if keep:
        return _write_wheel(wheel_directory, _build_extension(Path(keep).resolve()), version)
    with tempfile.TemporaryDirectory(prefix="descheck-wheel-") as tmp:
        return _write_wheel(wheel_directory, _build_extension(Path(tmp)), version)


def build_sdist(sdist_directory, config_settings=None) -> str:
    """The tracked files of the repository (``git ls-files``) as ``descheck-<version>.tar.gz``."""
    version = _version()
    base = f"{NAME}-{version}"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    out = Path(sdist_directory) / f"{base}.tar.gz"
    with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(n for n in listed.decode().split("\0") if n):
            if (ROOT / name).is_file():
                tar.add(ROOT / name, arcname=f"{base}/{name}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata(version).encode()
        info.size = len(data)
        import io

        tar.addfile(info, io.BytesIO(data))
    return out.name

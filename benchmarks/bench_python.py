"""Times descheck.series from Python on the synthetic national panel, against the C++ benchmark.

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/bench_python.py [--build-dir build] [--repetitions 5]

Prints JSON: the median time of `series(rules, panel, "2020-04-01", "2024-03-31", every="month",
summary=False, threads=1)` over the repetitions (after a warm-up run), network-months per second,
and, when the C++ benchmark binary is built, its median for the same work
(series_national_monthly/threads:1/requirements:1) and the ratio Python / C++.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import descheck

ROOT = Path(__file__).resolve().parents[1]
START, END = "2020-04-01", "2024-03-31"
CXX_FILTER = "series_national_monthly/threads:1/requirements:1"


def python_times(rules, panel, repetitions):
    descheck.series(rules, panel, START, END, every="month", threads=1)  # warm-up
    times, rows = [], 0
    for _ in range(repetitions):
        start = time.perf_counter()
        table = descheck.series(rules, panel, START, END, every="month", summary=False, threads=1)
        times.append(time.perf_counter() - start)
        rows = len(table)
    return times, rows


def cxx_median(binary, repetitions):
    """Median real time in seconds of the C++ benchmark, or None when it cannot run."""
    if not binary.exists():
        return None, f"{binary} not built"
    args = [
        str(binary),
        f"--benchmark_filter={CXX_FILTER}",
        "--benchmark_format=json",
        f"--benchmark_repetitions={repetitions}",
        "--benchmark_report_aggregates_only=true",
    ]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return None, f"{binary.name} exited with {done.returncode}: {done.stderr.strip()[-300:]}"
    units = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    for b in json.loads(done.stdout)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            return b["real_time"] * units[b.get("time_unit", "ns")], b["name"]
    return None, "no median in the benchmark's output"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=os.environ.get("DESCHECK_BUILD_DIR", str(ROOT / "build")))
    parser.add_argument("--rules", default=str(ROOT / "specs" / "des-england"))
    parser.add_argument("--repetitions", type=int, default=5)
    options = parser.parse_args()

    rules = descheck.load_rules(options.rules)
    panel = descheck.synthetic_panel(rules, seed=1)
    times, rows = python_times(rules, panel, options.repetitions)
    median = statistics.median(times)
    months = len(descheck.series(rules, panel, START, END, every="month", summary=True, threads=1)) // panel.size
    network_months = panel.size * months
    result = {
        "benchmark": "python/series_national_monthly/threads:1/requirements:1",
        "python": sys.version.split()[0],
        "networks": panel.size,
        "months": months,
        "rows": rows,
        "repetitions": options.repetitions,
        "median_seconds": round(median, 6),
        "min_seconds": round(min(times), 6),
        "network_months_per_second": round(network_months / median),
    }
    cxx, note = cxx_median(Path(options.build_dir) / "benchmarks" / "descheck_bench", options.repetitions)
    if cxx is not None:
        result["cxx_benchmark"] = note
        result["cxx_median_seconds"] = round(cxx, 6)
        result["python_over_cxx"] = round(median / cxx, 3)
    else:
        result["cxx_benchmark"] = None
        result["cxx_note"] = note
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Times an uncertainty run locally on two threads and on a Dask LocalCluster of one and two workers.

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/bench_distributed.py [--draws 100] [--repetitions 3]

The real panel (data/england with coverage), quarterly 2020-2024 (20 dates), seed 1. Prints JSON: for
each setup the median wall time over the repetitions and the CPU time of the processes doing the
draws (the client process for the local run, the worker processes for Dask), and the ratios
dask(2 workers) / local(2 threads) and dask(1 worker) / dask(2 workers). Each Dask setup is timed
"cold" (the first call: every worker loads the rule set and panel and prepares the run) and "warm"
(later calls: the per-worker cache holds the prepared run). The CSV outputs of every setup are
checked to be identical.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import descheck
import descheck.distributed as dd

ROOT = Path(__file__).resolve().parents[1]
ENGLAND = ROOT / "data" / "england"
FILES = (ENGLAND / "networks.csv", ENGLAND / "staff.csv", ENGLAND / "coverage.csv")
RANGE = {"start": "2020-01-01", "end": "2024-12-31", "every": "quarter"}


def local_run(rules_dir, draws, threads):
    """Loading, preparing, the draws and the summary, as descheck.uncertainty does them."""
    wall, cpu = time.perf_counter(), time.process_time()
    rules = descheck.load_rules(rules_dir)
    panel = descheck.load_panel(rules, *FILES)
    result = descheck.uncertainty(rules, panel, draws=draws, seed=1, threads=threads, **RANGE)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def worker_cpu(client):
    return sum(client.run(time.process_time).values())


def dask_runs(rules_dir, draws, workers, repetitions):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers, timeout=120)
        times = []
        for _ in range(repetitions + 1):  # the first is cold
            before = worker_cpu(client)
            wall = time.perf_counter()
            result = dd.uncertainty(rules_dir, *FILES, draws=draws, seed=1, client=client, **RANGE)
            times.append((time.perf_counter() - wall, worker_cpu(client) - before))
        return times, result


def summary(times):
    walls, cpus = [t[0] for t in times], [t[1] for t in times]
    return {"median_wall_seconds": round(statistics.median(walls), 3), "min_wall_seconds": round(min(walls), 3),
            "median_cpu_seconds": round(statistics.median(cpus), 3), "runs": len(times)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default=str(ROOT / "specs" / "des-england"))
    parser.add_argument("--draws", type=int, default=100)
    parser.add_argument("--repetitions", type=int, default=3)
    options = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(descheck.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")]))

    local_times, reference = [], None
    for _ in range(options.repetitions):
        wall, cpu, reference = local_run(options.rules, options.draws, 2)
        local_times.append((wall, cpu))
    out = {
        "benchmark": "python/uncertainty_real_panel_quarterly_2020_2024",
        "python": sys.version.split()[0],
        "draws": options.draws,
        "dates": len(reference.dates),
        "networks": len(reference.networks) // len(reference.dates),
        "values": reference.values,
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "local_threads_2": summary(local_times),
    }
    for workers in (1, 2):
        times, result = dask_runs(options.rules, options.draws, workers, options.repetitions)
        if result.networks_csv != reference.networks_csv or result.measures_csv != reference.measures_csv:
            raise SystemExit(f"the {workers}-worker cluster's result differs from the local run")
        out[f"dask_workers_{workers}_cold"] = summary(times[:1])
        out[f"dask_workers_{workers}_warm"] = summary(times[1:])
    local = out["local_threads_2"]["median_wall_seconds"]
    out["ratio_dask2_warm_to_local"] = round(out["dask_workers_2_warm"]["median_wall_seconds"] / local, 3)
    out["ratio_dask2_cold_to_local"] = round(out["dask_workers_2_cold"]["median_wall_seconds"] / local, 3)
    out["speedup_dask_2_over_1_warm"] = round(
        out["dask_workers_1_warm"]["median_wall_seconds"] / out["dask_workers_2_warm"]["median_wall_seconds"], 3)
    out["load_average_at_end"] = os.getloadavg()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

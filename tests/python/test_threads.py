"""The engine releases the GIL: two Python threads run two series at once."""

import os
import threading
import time

import pytest

import descheck


def run_series(rules, panel):
    return descheck.series(rules, panel, "2020-04-01", "2024-03-31", every="month", threads=1)


def sequential(rules, panel):
    start = time.perf_counter()
    run_series(rules, panel)
    run_series(rules, panel)
    return time.perf_counter() - start


def parallel(rules, panel):
    results, errors = [], []

    def work():
        try:
            results.append(len(run_series(rules, panel)))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1] > 0
    return elapsed


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_two_python_threads_run_series_concurrently(rules, national):
    run_series(rules, national)  # warm up
    # Best of three of each, so that a busy machine does not decide the outcome.
    seq = min(sequential(rules, national) for _ in range(3))
    par = min(parallel(rules, national) for _ in range(3))
    assert par < 0.8 * seq, f"two threads took {par:.3f}s, one after the other {seq:.3f}s"


def test_results_from_threads_are_identical(rules, national):
    tables = [None, None]

    def work(i):
        tables[i] = descheck.series(
            rules, national, "2021-01-01", "2021-12-31", every="quarter", summary=True, threads=1
        )

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a, b = tables
    for name in a.order:
        assert (a.columns[name] == b.columns[name]).all()

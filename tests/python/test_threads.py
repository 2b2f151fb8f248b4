"""The engine releases the GIL: two Python threads run two series at once."""

import sys
import threading

import descheck


def run_series(rules, panel):
    return descheck.series(rules, panel, "2020-04-01", "2024-03-31", every="month", threads=1)


def test_the_gil_is_released_while_the_engine_runs(rules, national):
    # Counts what the main thread does while another thread is inside descheck.series. With a long
    # switch interval, a call that kept the GIL would leave the main thread no turn at all until it
    # returned; a call that releases it lets the main thread run throughout. No clock is involved.
    run_series(rules, national)  # warm up
    state = {"inside": False, "done": False, "error": None}

    def work():
        try:
            state["inside"] = True
            run_series(rules, national)
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
    assert turns > 1000, f"the main thread ran {turns} loop turns while the engine ran"


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

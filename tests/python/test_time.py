"""series and timeline, threads, and progress callbacks (callables and tqdm-like bars)."""

import numpy as np
import pandas as pd
import pytest

import descheck


def test_series_samples_the_first_of_each_month(rules, examples):
    table = descheck.series(rules, examples, "2020-04-01", "2024-03-31")
    dates = np.unique(table.columns["date"])
    assert len(dates) == 48
    assert dates[0] == np.datetime64("2020-04-01") and dates[-1] == np.datetime64("2024-03-01")
    assert table.order[:3] == ["scenario", "network_id", "date"] and table.order[-1] == "status"


def test_series_summary_quarterly_matches_the_docs(rules, examples):
    table = descheck.series(rules, examples, "2021-04-01", "2021-12-31", every="quarter", summary=True)
    frame = table.to_pandas()
    ex001 = frame[frame.network_id == "EX001"]
    assert ex001.date.dt.strftime("%Y-%m-%d").tolist() == ["2021-04-01", "2021-07-01", "2021-10-01"]
    assert ex001.state.astype(str).tolist() == ["non_compliant", "compliant", "compliant"]
    assert ex001.active.tolist() == [11, 11, 14]


def test_series_every_is_checked(rules, examples):
    with pytest.raises(ValueError, match="month"):
        descheck.series(rules, examples, "2020-04-01", "2021-03-31", every="weekly")
    with pytest.raises(ValueError):
        descheck.series(rules, examples, "2020-04-01", "2021-03-31", threads=-1)


def test_results_do_not_depend_on_threads(rules, national):
    one = descheck.series(rules, national, "2021-01-01", "2022-12-31", every="quarter", threads=1)
    many = descheck.series(rules, national, "2021-01-01", "2022-12-31", every="quarter", threads=0)
    assert one.categories == many.categories
    for name in one.order:
        np.testing.assert_array_equal(one.columns[name], many.columns[name])


def test_timeline_network_intervals(rules, examples):
    frame = descheck.timeline(rules, examples, "2020-04-01", "2024-03-31").to_pandas()
    assert list(frame.columns[:4]) == ["scenario", "network_id", "from", "to"]
    ex003 = frame[frame.network_id == "EX003"].set_index("from")
    gap = ex003.loc[pd.Timestamp("2021-09-01")]
    assert gap["to"] == pd.Timestamp("2021-09-30")
    assert gap["state"] == "non_compliant"
    assert round(gap["shortfall_hours"], 2) == 26.94
    # Intervals of one network tile the range.
    starts, ends = frame[frame.network_id == "EX003"]["from"], frame[frame.network_id == "EX003"]["to"]
    assert (starts.iloc[1:].to_numpy() == (ends.iloc[:-1] + pd.Timedelta(days=1)).to_numpy()).all()


def test_timeline_requirement_intervals(rules, examples):
    frame = descheck.timeline(rules, examples, "2021-08-01", "2021-12-31", requirements=True).to_pandas()
    reviews = frame[(frame.network_id == "EX003") & (frame.service == "smr") & (frame.requirement == "reviews")]
    assert reviews["from"].dt.strftime("%Y-%m-%d").tolist() == ["2021-08-01", "2021-09-01", "2021-11-01"]
    assert reviews.status.astype(str).tolist() == ["met", "partial", "met"]
    assert reviews.coverage.round(4).tolist() == [1.0, 0.2, 1.0]


def test_timeline_earliest(rules, examples):
    table = descheck.timeline(rules, examples, "2020-04-01", "2022-03-31", earliest=True)
    assert table.order == ["scenario", "network_id", "service", "status", "in_force_from", "earliest"]
    frame = table.to_pandas().set_index(["network_id", "service"])
    smr = frame.loc[("EX003", "smr")]
    assert smr.status == "compliant_from"
    assert smr.in_force_from == pd.Timestamp("2020-10-01") and smr.earliest == pd.Timestamp("2021-11-01")
    later = frame.loc[("EX003", "anticipatory_care")]
    assert later.status == "not_in_force" and pd.isna(later.in_force_from) and pd.isna(later.earliest)
    assert np.isnat(table.columns["earliest"]).any()


def test_timeline_options_are_exclusive(rules, examples):
    with pytest.raises(ValueError):
        descheck.timeline(rules, examples, "2020-04-01", "2022-03-31", requirements=True, earliest=True)


@pytest.mark.parametrize("run", ["series", "timeline", "report", "diff"])
def test_progress_callback(rules, national, run):
    calls = []

    def progress(done, total):
        calls.append((done, total))

    if run == "series":
        descheck.series(rules, national, "2021-01-01", "2021-12-31", summary=True, threads=2, progress=progress)
    elif run == "timeline":
        descheck.timeline(rules, national, "2021-01-01", "2021-12-31", progress=progress)
    elif run == "report":
        descheck.report(rules, national, "2021-01-01", "2021-12-31", progress=progress)
    else:
        from conftest import DRAFT

        descheck.diff(rules, national, DRAFT, "2020-04-01", "2021-03-31", progress=progress)
    assert calls, "progress was never called"
    dones = [d for d, _ in calls]
    assert all(b >= a for a, b in zip(dones, dones[1:]))
    assert calls[-1][0] == calls[-1][1]
    assert all(t == calls[-1][1] for _, t in calls)


class Bar:
    """The part of tqdm's interface descheck uses: total, n and update()."""

    def __init__(self, total=None):
        self.total, self.n, self.updates, self.refreshed = total, 0, [], 0

    def update(self, n=1):
        self.n += n
        self.updates.append(n)

    def refresh(self):
        self.refreshed += 1


def test_progress_accepts_a_tqdm_like_bar(rules, national):
    bar = Bar()
    descheck.series(rules, national, "2021-01-01", "2021-12-31", summary=True, progress=bar)
    assert bar.total == national.size
    assert bar.n == bar.total
    assert all(u >= 0 for u in bar.updates)
    assert bar.refreshed == 1


def test_progress_with_the_documented_lambda(rules, national):
    bar = Bar(total=national.size)
    descheck.series(
        rules, national, "2021-01-01", "2021-12-31", summary=True, progress=lambda done, total: bar.update(done - bar.n)
    )
    assert bar.n == national.size


def test_an_exception_in_progress_propagates(rules, national):
    class Stop(Exception):
        pass

    def progress(done, total):
        raise Stop

    with pytest.raises(Stop):
        descheck.series(rules, national, "2021-01-01", "2021-12-31", threads=2, progress=progress)
    # The engine is still usable afterwards.
    assert len(descheck.check(rules, national, "2021-06-01", summary=True)) == national.size


def test_progress_must_be_callable(rules, examples):
    with pytest.raises(TypeError):
        descheck.series(rules, examples, "2021-01-01", "2021-12-31", progress=42)


def test_a_bar_counts_on_over_compared_scenarios(rules, national):
    from conftest import DRAFT

    bar = Bar()
    calls = []
    descheck.report(rules, national, "2021-01-01", "2021-06-30", compare=[DRAFT], progress=bar)
    descheck.report(rules, national, "2021-01-01", "2021-06-30", compare=[DRAFT], progress=lambda d, t: calls.append(d))
    assert bar.total == bar.n == 2 * national.size
    assert all(u >= 0 for u in bar.updates)
    assert calls.count(national.size) == 2  # a callable sees each run from 0 to total

"""plan, funding, claim, pools and pool_gain, and the importers, in process."""

import numpy as np
import pandas as pd
import pytest
from conftest import DRAFT, EXAMPLES_DIR, NETWORKS_CSV, SHARED_DATA, SOURCE_DIR, STAFF_CSV

import descheck

POOLS_DIR = EXAMPLES_DIR / "pools"
ENGLAND = SOURCE_DIR / "data" / "england"


def test_plan_hires_what_the_check_lacks(rules, examples):
    plans = descheck.plan(rules, examples, "2021-06-01")
    assert isinstance(plans, descheck.Table) and len(plans) == examples.size
    frame = plans.to_pandas().set_index("network_id")
    summary = descheck.check(rules, examples, "2021-06-01", summary=True).to_pandas().set_index("network_id")
    for network, state in summary.state.items():
        expected = "compliant_already" if state == "compliant" else "planned"
        assert frame.loc[network, "status"] == expected
    hires = plans.hires.to_pandas()
    assert set(hires.network_id) == set(summary.index[summary.state == "non_compliant"])
    assert plans.totals["needing_hires"] == 2
    assert plans.totals["cost"] == pytest.approx(frame.cost.sum())
    assert sum(plans.totals["wte"].values()) == pytest.approx(hires.wte.sum())
    assert "TOTAL" not in set(frame.index) and "total" not in set(plans.labels("status"))


def test_plan_options(rules, examples):
    only = descheck.plan(rules, examples, "2021-06-01", roles=["advanced_practitioner"])
    assert set(only.hires.labels("role")) <= {"advanced_practitioner"}
    cheap = descheck.plan(rules, examples, "2021-06-01", cost={"clinical_pharmacist": 1.0})
    assert cheap.totals["cost"] < descheck.plan(rules, examples, "2021-06-01").totals["cost"]
    small = descheck.plan(rules, examples, "2021-06-01", budget=100.0)
    assert "over_budget" in set(small.labels("status"))
    fundable = descheck.plan(rules, examples, "2022-06-01", budget="entitlement")
    assert set(fundable.labels("status")) <= {"compliant_already", "fundable", "not_fundable", "infeasible"}
    assert not np.isnan(fundable["entitlement_headroom"]).any()
    with pytest.raises(descheck.InputError, match="unknown role 'clinical_pharmacst'.*clinical_pharmacist") as e:
        descheck.plan(rules, examples, "2021-06-01", roles=["clinical_pharmacst"])
    assert e.value.code == "DC100"
    with pytest.raises(descheck.InputError, match="DC100"):
        descheck.plan(rules, examples, "2021-06-01", budget=-1.0)
    with pytest.raises(ValueError):
        descheck.plan(rules, examples, "2021-06-01", budget="lots")
    with pytest.raises(descheck.InputError, match="assume_arrs"):
        descheck.plan(rules, examples, "2021-06-01", assume_arrs=True)


@pytest.mark.parametrize("kind", ["dict", "frame", "path"])
def test_plan_under_a_national_supply(rules, examples, kind, tmp_path):
    limits = {"clinical_pharmacist": 1.0, "paramedic": 0.5}
    if kind == "dict":
        supply = limits
    elif kind == "frame":
        supply = pd.DataFrame({"role": list(limits), "wte": list(limits.values())})
    else:
        supply = tmp_path / "supply.csv"
        supply.write_text("role,wte\n" + "".join(f"{k},{v}\n" for k, v in limits.items()))
    national = descheck.plan(rules, examples, "2022-06-01", budget="entitlement", supply=supply)
    assert national.totals["status"] == "optimal"
    assert national.totals["compliant_after"] >= national.totals["compliant_before"]
    roles = national.roles.to_pandas().set_index("role")
    assert roles.loc["clinical_pharmacist", "limit"] == 1.0
    assert (roles.wte <= roles["limit"] + 1e-9).all()
    assert national.hires.to_pandas().wte.sum() == pytest.approx(roles.wte.sum())


def test_a_bad_supply_names_its_row(rules, examples):
    with pytest.raises(descheck.InputError) as e:
        descheck.plan(rules, examples, "2022-06-01", supply={"gp": 1.0})
    assert e.value.code == "DC121" and e.value.file == "supply (dict)"


def test_funding_rows_and_totals(rules, examples):
    money = descheck.funding(rules, examples, 2022)
    frame = money.to_pandas()
    assert list(frame.network_id) == examples.network_ids
    assert set(frame.year) == {"2022/23"}
    assert frame.headroom.to_numpy() == pytest.approx((frame.entitlement - frame.claims).to_numpy())
    assert money.totals["entitlement"] == pytest.approx(frame.entitlement.sum())
    assert money.totals["claims"] == pytest.approx(frame.claims.sum())
    assert money.totals["year"] == "2022/23" and money.totals["national_pot"] > 0
    assert money.roles.to_pandas().claim.sum() == pytest.approx(money.totals["claims"])
    assert "TOTAL" not in set(frame.network_id)
    assert descheck.funding(rules, examples, "2022/23").totals == money.totals
    assert descheck.funding(rules, examples, 2022, assume_arrs=True).totals["claims"] >= money.totals["claims"]
    assert "2022/23" in money.markdown
    with pytest.raises(TypeError):
        descheck.funding(rules, examples, 2022.5)


def test_the_december_2019_claim(rules, examples):
    tested = descheck.claim(rules, examples, DRAFT)
    frame = tested.to_pandas()
    assert len(frame) == 8 and set(frame.year) == {"2020/21", "2021/22", "2022/23", "2023/24"}
    assert (frame.compliant <= frame.fundable).all()
    assert "December 2019 claim" in tested.markdown
    report = descheck.report(rules, examples, "2020-04-01", "2021-03-31", claim=DRAFT)
    assert "December 2019 claim" in report.markdown and len(report.claim) == 8


def test_pools_in_the_panel_and_in_check(rules):
    pooled = descheck.load_panel(rules, NETWORKS_CSV, POOLS_DIR / "staff.csv", pools=POOLS_DIR / "pools.csv")
    assert pooled.pools == {"NORTH-PHARM": ["EX003", "EX004"], "SOUTH-ROTA": ["EX004", "EX005"]}
    assert pooled.pools_csv.startswith("pool_id,network_id")
    rows = descheck.check(rules, pooled, "2022-06-01")
    assert list(rows.pool_use.order) == ["network_id", "pool_id", "role", "hours"]
    # Without the pools, the pool rows of the staff file name unknown networks.
    with pytest.raises(descheck.InputError, match="NORTH-PHARM"):
        descheck.load_panel(rules, NETWORKS_CSV, POOLS_DIR / "staff.csv")
    # Pools given to check() for a panel loaded without them.
    plain = descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV)
    alone = descheck.check(rules, plain, "2022-06-01", summary=True).to_pandas()
    members = pd.read_csv(POOLS_DIR / "pools.csv")
    joint = descheck.check(rules, plain, "2022-06-01", summary=True, pools=members).to_pandas()
    assert list(joint.columns) == list(alone.columns)
    outside = ~joint.network_id.isin(members.network_id)
    assert (joint[outside].state.astype(str).values == alone[outside].state.astype(str).values).all()
    # An unknown member is reported with its row.
    with pytest.raises(descheck.InputError) as e:
        descheck.load_panel(rules, NETWORKS_CSV, STAFF_CSV, pools=[{"pool_id": "P", "network_id": "EX999"}])
    assert e.value.code == "DC110" and e.value.row == 0 and e.value.column_name == "network_id"


def test_pool_gain(rules, examples):
    gain = descheck.pool_gain(rules, examples, ["EX004", "EX005"], "2021-06-01", assume_arrs=True)
    frame = gain.to_pandas()
    assert len(frame) >= 2 and "+" in frame.roles.iloc[-1]
    assert (frame.networks == 2).all()
    assert (frame.met_after >= 0).all() and (frame.active > 0).all()
    one = descheck.pool_gain(rules, examples, ["EX004", "EX005"], "2021-06-01", roles="clinical_pharmacist",
                             assume_arrs=True).to_pandas()
    assert list(one.roles) == ["clinical_pharmacist"]
    with pytest.raises(descheck.InputError, match="DC047|unknown network"):
        descheck.pool_gain(rules, examples, ["EX004", "NOPE"], "2021-06-01")




@pytest.fixture(scope="module")
def census_files():
    files = sorted((SHARED_DATA / "workforce").glob("pcn-workforce-*.csv"))
    assert files, f"the census files are missing from {SHARED_DATA / 'workforce'} (DESCHECK_SHARED_DATA)"
    return files


@pytest.mark.realdata
def test_importers_match_the_committed_england_data(rules, census_files):
    pcns = SHARED_DATA / "pcns"
    networks = descheck.import_networks(pcns / "epcn-2019-12-pcns.csv", pcns / "epcn-2019-12-core-partners.csv",
                                        SHARED_DATA / "practices" / "gp-reg-pat-prac-all-2021-01.csv",
                                        censuses=census_files)
    assert networks.networks_csv == (ENGLAND / "networks.csv").read_text()
    assert len(networks.networks) == 1250 and networks.at == "2021-01-01"
    work = descheck.import_workforce(rules, census_files, networks=networks)
    assert work.staff_csv == (ENGLAND / "staff.csv").read_text()
    assert work.coverage_csv == (ENGLAND / "coverage.csv").read_text()
    assert len(work.censuses) == len(census_files) and work.censuses[0]["month"] == "2020-03-01"
    assert work.unmapped and work.unknown_networks  # what was left out is reported
    same = descheck.import_workforce(rules, census_files, networks=ENGLAND / "networks.csv")
    assert same.staff_csv == work.staff_csv
    panel = descheck.load_panel(rules, networks, work, coverage=work)
    states = descheck.check(rules, panel, "2022-03-01", summary=True).to_pandas().state
    assert (states == "no_data").sum() > 0 and (states == "compliant").sum() > 0


def test_importer_errors(rules, tmp_path):
    bad = tmp_path / "census.csv"
    bad.write_text("nothing,useful\n1,2\n")
    with pytest.raises(descheck.InputError) as e:
        descheck.import_workforce(rules, [bad])
    assert e.value.file == str(bad)
    with pytest.raises(descheck.InputError):
        descheck.import_networks(bad, bad, bad)

// Shared workforce pools (pools.hpp): golden joint checks computed by hand in the comment above
// each, pool components, the pools loader's errors, pool-gain, and the command line.
#include "descheck/pools/pools.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "fixtures.hpp"

namespace {

using namespace fixtures;
namespace fs = std::filesystem;
constexpr double eps = 1e-6;

const requirement_result& row(const check_result& r, const rule_set& rules, const std::string& id) {
  for (const auto& x : r.requirements)
    if (rules.at(rules.flat[x.requirement]).id == id) return x;
  throw std::runtime_error("no active requirement " + id);
}

pool make_pool(const std::string& id, std::vector<std::uint32_t> members) {
  pool p;
  p.id = id;
  p.members = std::move(members);
  return p;
}

void pool_post(pool& p, role_index role, double wte, std::uint32_t employer = no_index) {
  post row;
  row.network = employer;
  row.role = role;
  row.wte = wte;
  p.posts.push_back(row);
}

double pool_hours(const std::vector<pool_use>& uses, std::uint32_t pool_index, role_index role) {
  double h = 0;
  for (const pool_use& u : uses)
    if (u.pool == pool_index && u.role == role) h += u.hours;
  return h;
}

TEST(Pools, PooledPharmacistRescuesOneNetworkAtNoCostToTheOther) {
  // Pharmacist: 37.5 h x 0.8 = 30 h per WTE. Each network needs 10 h of reviews. N1 has 1/3 WTE of
  // its own (10 h), N2 none: alone, N1 is met and N2 unmet. A pool {N1, N2} with 1/3 WTE more
  // (10 h): N1 keeps its 10 h, N2 gets the pool's 10 h, both met. Total capacity equals total demand,
  // so the split is unique: all of the pool goes to N2.
  builder b;
  const auto pharm = b.role("pharmacist", 0.8);
  b.workload("smr", "reviews", 10, {by(pharm)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n1 = pb.network("N1", 0);
  pb.network("N2", 0);
  pb.post(n1, pharm, 1.0 / 3.0);
  const panel& p = pb.finish();

  checker alone(rules, p);
  EXPECT_EQ(alone.run(0, day("2021-01-01")).state, network_state::compliant);
  EXPECT_EQ(alone.run(1, day("2021-01-01")).state, network_state::non_compliant);
  EXPECT_NEAR(alone.run(1, day("2021-01-01")).delivered_hours, 0.0, eps);

  pool_set pools;
  pools.pools.push_back(make_pool("P1", {0, 1}));
  pool_post(pools.pools[0], pharm, 1.0 / 3.0);
  pooled_checker check(rules, p, pools);
  const auto& results = check.run(day("2021-01-01"));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NEAR(row(results[0], rules, "reviews").delivered, 10.0, eps);
  EXPECT_NEAR(row(results[1], rules, "reviews").delivered, 10.0, eps);
  EXPECT_EQ(results[0].state, network_state::compliant);
  EXPECT_EQ(results[1].state, network_state::compliant);
  EXPECT_EQ(results[1].network, 1u);
  EXPECT_NEAR(pool_hours(check.pool_uses(1), 0, pharm), 10.0, 1e-3);
  EXPECT_NEAR(pool_hours(check.pool_uses(0), 0, pharm), 0.0, 1e-3);
  // N1's own pharmacist is fully used by N1; N2 has no capacity row of its own.
  ASSERT_EQ(results[0].capacities.size(), 1u);
  EXPECT_NEAR(results[0].capacities[0].used, 10.0, 1e-3);
  EXPECT_TRUE(results[1].capacities.empty());
  ASSERT_EQ(results[1].flows.size(), 1u);
  EXPECT_NEAR(results[1].flows[0].hours, 10.0, 1e-3);
}

TEST(Pools, MaxMinFairOverTheUnionOfTheComponentsRequirements) {
  // Nurse 37.5 h per WTE. Every network needs a = 40 h and b = 20 h (60 h). N1 has 1.2 WTE (45 h)
  // of its own; N2 none; the pool {N1, N2} has 0.4 WTE (15 h). N2 can only use the pool, so the
  // smallest coverage is at most 15/60 = 0.25: N2 gets the whole pool (a 10 h, b 5 h). Then N1 rises
  // on its own 45 h to 0.75 (a 30 h, b 15 h). A first-come split, or the pool shared evenly, would
  // leave N2 below 0.25.
  builder b;
  const auto nurse = b.role("nurse");
  b.workload("s", "a", 40, {by(nurse)});
  b.workload("s", "b", 20, {by(nurse)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n1 = pb.network("N1", 0);
  pb.network("N2", 0);
  pb.post(n1, nurse, 1.2);
  const panel& p = pb.finish();
  pool_set pools;
  pools.pools.push_back(make_pool("P1", {0, 1}));
  pool_post(pools.pools[0], nurse, 0.4);
  pooled_checker check(rules, p, pools);
  const auto& r = check.run(day("2021-01-01"));
  EXPECT_NEAR(row(r[0], rules, "a").delivered, 30.0, 1e-3);
  EXPECT_NEAR(row(r[0], rules, "b").delivered, 15.0, 1e-3);
  EXPECT_NEAR(row(r[1], rules, "a").delivered, 10.0, 1e-3);
  EXPECT_NEAR(row(r[1], rules, "b").delivered, 5.0, 1e-3);
  EXPECT_EQ(row(r[1], rules, "a").status, requirement_status::partial);
  EXPECT_NEAR(r[0].delivered_hours, 45.0, 1e-3);
  EXPECT_NEAR(r[1].delivered_hours, 15.0, 1e-3);
  EXPECT_NEAR(pool_hours(check.pool_uses(1), 0, nurse), 15.0, 1e-3);
  EXPECT_EQ(r[0].unmet, 2u);
  EXPECT_EQ(r[1].state, network_state::non_compliant);
}

TEST(Pools, MaxShareCapsTheRoleAcrossOwnAndPooledStaff) {
  // R needs 20 h; a GP may give at most 25% (5 h) whatever slot the GP hours come from. N1 has
  // 1 WTE GP of its own and the pool 1 WTE more: still 5 h, partial. (Capping each slot on its own
  // would wrongly give 10 h.)
  builder b;
  const auto gp = b.role("gp");
  const auto pharm = b.role("pharmacist");
  b.workload("s", "r", 20, {by(gp, 0.25), by(pharm)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.post(pb.network("N1", 0), gp, 1.0);
  const panel& p = pb.finish();
  pool_set pools;
  pools.pools.push_back(make_pool("P1", {0}));
  pool_post(pools.pools[0], gp, 1.0);
  pooled_checker check(rules, p, pools);
  const auto& r = check.run(day("2021-01-01"), {true});
  EXPECT_NEAR(r[0].requirements[0].delivered, 5.0, eps);
  EXPECT_EQ(r[0].requirements[0].status, requirement_status::partial);
  double gp_hours = 0;
  for (const auto& f : r[0].flows)
    if (f.role == gp) gp_hours += f.hours;
  EXPECT_NEAR(gp_hours, 5.0, eps);
  // One bottleneck group: r with the pharmacist, who has no hours (the GP is held by its cap).
  ASSERT_EQ(r[0].bottlenecks.size(), 1u);
  EXPECT_EQ(r[0].requirements[0].bottleneck, 0);
}

TEST(Pools, PoolsSharingANetworkAreOneComponent) {
  // Pharmacist 30 h per WTE; N1, N2, N3 each need 10 h. P1 {N1, N2} and P2 {N2, N3} each hold 1/3
  // WTE (10 h) and join through N2 into one component: 20 h for 30 h of demand. Max-min fair: all
  // three at 2/3 (6.667 h), N2 taking 3.333 h from each pool. N4 is in no pool and is checked as
  // before (its own 0.5 WTE, 15 h, meets its 10 h); P3 {N5} is a second component.
  builder b;
  const auto pharm = b.role("pharmacist", 0.8);
  b.workload("smr", "reviews", 10, {by(pharm)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  for (const char* id : {"N1", "N2", "N3", "N4", "N5"}) pb.network(id, 0);
  pb.post(3, pharm, 0.5);
  const panel& p = pb.finish();
  pool_set pools;
  pools.pools.push_back(make_pool("P1", {0, 1}));
  pools.pools.push_back(make_pool("P2", {1, 2}));
  pools.pools.push_back(make_pool("P3", {4}));
  pool_post(pools.pools[0], pharm, 1.0 / 3.0);
  pool_post(pools.pools[1], pharm, 1.0 / 3.0);
  pool_post(pools.pools[2], pharm, 0.1);  // 3 h
  pooled_checker check(rules, p, pools);
  EXPECT_EQ(check.component_count(), 2u);
  EXPECT_EQ(check.component(0), check.component(2));
  EXPECT_NE(check.component(0), check.component(4));
  EXPECT_EQ(check.component(3), no_index);
  const auto& r = check.run(day("2021-01-01"));
  for (std::uint32_t n : {0u, 1u, 2u}) EXPECT_NEAR(r[n].delivered_hours, 20.0 / 3.0, 1e-3) << n;
  EXPECT_NEAR(pool_hours(check.pool_uses(1), 0, pharm), 10.0 / 3.0, 1e-3);
  EXPECT_NEAR(pool_hours(check.pool_uses(1), 1, pharm), 10.0 / 3.0, 1e-3);
  EXPECT_NEAR(r[4].delivered_hours, 3.0, 1e-3);

  checker alone(rules, p);
  const check_result& own = alone.run(3, day("2021-01-01"));
  EXPECT_EQ(r[3].state, own.state);
  ASSERT_EQ(r[3].requirements.size(), own.requirements.size());
  EXPECT_EQ(r[3].requirements[0].delivered, own.requirements[0].delivered);
  EXPECT_EQ(r[3].requirements[0].status, own.requirements[0].status);
  EXPECT_NEAR(r[3].delivered_hours, 10.0, eps);
  EXPECT_TRUE(check.pool_uses(3).empty());

  // A warm second run gives the same answer.
  const auto& again = check.run(day("2021-01-01"));
  EXPECT_NEAR(again[1].delivered_hours, 20.0 / 3.0, 1e-3);
}

TEST(Pools, APoolWithNoStaffInForceChangesNothing) {
  // The pool's only post ended on 2020-12-31. On 2021-01-01 both members get exactly checker's
  // numbers (N1: 15 h for a 20 h and b 10 h, coverage 0.5 each: 10 h and 5 h); on 2020-12-01 the
  // pool's 0.4 WTE (15 h) goes to N2, which has nothing of its own: a 10 h, b 5 h.
  builder b;
  const auto nurse = b.role("nurse");
  b.workload("s", "a", 20, {by(nurse)});
  b.workload("s", "b", 10, {by(nurse)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.post(pb.network("N1", 0), nurse, 0.4);
  pb.network("N2", 0);
  const panel& p = pb.finish();
  pool_set pools;
  pools.pools.push_back(make_pool("P1", {0, 1}));
  pool_post(pools.pools[0], nurse, 0.4);
  pools.pools[0].posts[0].end = day("2020-12-31");
  pooled_checker check(rules, p, pools);
  checker alone(rules, p);
  const auto& r = check.run(day("2021-01-01"));
  for (std::uint32_t n : {0u, 1u}) {
    const check_result& own = alone.run(n, day("2021-01-01"));
    ASSERT_EQ(r[n].requirements.size(), own.requirements.size());
    for (std::size_t i = 0; i < own.requirements.size(); ++i)
      EXPECT_EQ(r[n].requirements[i].delivered, own.requirements[i].delivered);
    EXPECT_TRUE(check.pool_uses(n).empty());
  }
  EXPECT_NEAR(row(r[0], rules, "a").delivered, 10.0, eps);
  EXPECT_NEAR(row(r[0], rules, "b").delivered, 5.0, eps);
  const auto& before = check.run(day("2020-12-01"));
  EXPECT_NEAR(row(before[1], rules, "a").delivered, 10.0, 1e-3);
  EXPECT_NEAR(row(before[1], rules, "b").delivered, 5.0, 1e-3);
  EXPECT_NEAR(row(before[0], rules, "a").delivered, 10.0, 1e-3);
  EXPECT_NEAR(pool_hours(check.pool_uses(1), 0, nurse), 15.0, 1e-3);
}

TEST(Pools, StaffingMinimaCountOwnStaffNotSharedRows) {
  // "lead" needs 1 WTE pharmacist in post. N1 has none of its own; its pool has 2 WTE: unmet (a
  // shared post would otherwise count in full for every member). A pooled post employed by N1
  // (post::network = N1, as pool_gain makes) counts.
  builder b;
  const auto pharm = b.role("pharmacist");
  b.staffing("s", "lead", 1.0, {by(pharm)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.network("N1", 0);
  pb.network("N2", 0);
  const panel& p = pb.finish();
  pool_set pools;
  pools.pools.push_back(make_pool("P1", {0, 1}));
  pool_post(pools.pools[0], pharm, 2.0);
  pool_post(pools.pools[0], pharm, 1.0, 1);
  pooled_checker check(rules, p, pools);
  const auto& r = check.run(day("2021-01-01"));
  EXPECT_EQ(r[0].requirements[0].status, requirement_status::unmet);
  EXPECT_NEAR(r[0].requirements[0].delivered, 0.0, eps);
  EXPECT_EQ(r[1].requirements[0].status, requirement_status::met);
  EXPECT_NEAR(r[1].requirements[0].delivered, 1.0, eps);
}

TEST(Pools, DefaultWteStillAppliesBesidePooledRows) {
  // GP default_wte: 1 WTE per 1000 patients where a network has no GP rows. N1 (2000 patients) has
  // none of its own; pooled GP rows do not count as its rows, so it keeps its 2 WTE default (75 h)
  // and the pool adds 37.5 h: R (100 h) gets 100 h. N2 has a GP row of 0 WTE: no default.
  builder b;
  const auto patients = b.driver("patients");
  const auto gp = b.role("gp");
  b.rules.roles[gp].default_wte = derived_default{patients, schedule::constant(0.001)};
  b.workload("s", "r", 100, {by(gp)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n1 = pb.network("N1", 1);
  const auto n2 = pb.network("N2", 1);
  pb.p.networks[n1].drivers[patients] = schedule::constant(2000);
  pb.p.networks[n2].drivers[patients] = schedule::constant(2000);
  pb.post(n2, gp, 0.0);
  const panel& p = pb.finish();
  pool_set pools;
  pools.pools.push_back(make_pool("P1", {0}));
  pool_post(pools.pools[0], gp, 1.0);
  pooled_checker check(rules, p, pools);
  const auto& r = check.run(day("2021-01-01"));
  EXPECT_NEAR(r[0].delivered_hours, 100.0, eps);
  ASSERT_EQ(r[0].capacities.size(), 1u);
  EXPECT_TRUE(r[0].capacities[0].defaulted);
  EXPECT_NEAR(r[0].capacities[0].wte, 2.0, eps);
  EXPECT_NEAR(r[1].delivered_hours, 0.0, eps);
}

TEST(Pools, PoolGainCountsRequirementsAndNetworksBeforeAndAfter) {
  // The group is N1 and N2 (N3 outside). Pharmacist 30 h per WTE; each network needs 10 h reviews
  // (pharmacist) and has a staffing minimum of 0.5 WTE pharmacist. N1 has 1 WTE ARRS pharmacist,
  // N2 a 0.2 WTE core one (6 h, kept). Before: N1 met 2/2; N2 reviews partial, lead unmet: 2 met,
  // 1 compliant. Pooling N1's ARRS pharmacist: 36 h for 20 h, both reviews met; N1's lead still
  // counts its employee: 3 met, N2 still non-compliant (lead). Pooled WTE 1.
  builder b;
  const auto pharm = b.role("pharmacist", 0.8);
  const auto nurse = b.role("nurse");
  b.workload("smr", "reviews", 10, {by(pharm)});
  b.staffing("smr", "lead", 0.5, {by(pharm)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n1 = pb.network("N1", 0);
  const auto n2 = pb.network("N2", 0);
  const auto n3 = pb.network("N3", 0);
  pb.post(n1, pharm, 1.0);
  pb.p.posts.back().funding = funding_kind::arrs;
  pb.post(n2, pharm, 0.2);
  pb.post(n3, pharm, 1.0);
  pb.p.posts.back().funding = funding_kind::arrs;
  const panel& p = pb.finish();
  const auto rows = pool_gain(rules, p, {n1, n2}, {pharm, nurse}, day("2021-01-01"));
  ASSERT_EQ(rows.size(), 3u);  // pharmacist, nurse, both
  EXPECT_EQ(rows[0].roles, std::vector<role_index>{pharm});
  EXPECT_NEAR(rows[0].pooled_wte, 1.0, eps);
  EXPECT_EQ(rows[0].active, 4u);
  EXPECT_EQ(rows[0].met_before, 2u);
  EXPECT_EQ(rows[0].met_after, 3u);
  EXPECT_EQ(rows[0].compliant_before, 1u);
  EXPECT_EQ(rows[0].compliant_after, 1u);
  EXPECT_NEAR(rows[0].delivered_hours_before, 16.0, 1e-3);
  EXPECT_NEAR(rows[0].delivered_hours_after, 20.0, 1e-3);
  EXPECT_NEAR(rows[1].pooled_wte, 0.0, eps);  // no nurse posts: nothing changes
  EXPECT_EQ(rows[1].met_after, 2u);
  EXPECT_EQ(rows[2].met_after, 3u);
  // Pooling every post (a staff file without funding): N2's 0.2 WTE is pooled too, still employed by N2.
  const auto all = pool_gain(rules, p, {n1, n2}, {pharm}, day("2021-01-01"), true);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_NEAR(all[0].pooled_wte, 1.2, eps);
  EXPECT_EQ(all[0].met_after, 3u);
}

// --- Loading -------------------------------------------------------------------------------

const rule_set& loader_rules() {
  static const rule_set rules = [] {
    builder b;
    b.role("pharmacist");
    b.workload("smr", "reviews", 10, {by(0)});
    return b.finish();
  }();
  return rules;
}

TEST(PoolsLoad, StaffOnAPoolIdBecomesThePoolsPosts) {
  const auto pp = parse_pooled_panel(loader_rules(), "network_id\nN1\nN2\nN3\n",
                                     "network_id,role,wte,funding\nN1,pharmacist,1,arrs\nP1,pharmacist,0.5,arrs\n",
                                     "pool_id,network_id\nP1,N1\nP1,N3\nP2,N2\n");
  ASSERT_EQ(pp.pools.pools.size(), 2u);
  EXPECT_EQ(pp.pools.pools[0].id, "P1");
  EXPECT_EQ(pp.pools.pools[0].members, (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(pp.pools.pools[0].line, 2);
  ASSERT_EQ(pp.pools.pools[0].posts.size(), 1u);
  EXPECT_NEAR(pp.pools.pools[0].posts[0].wte, 0.5, eps);
  EXPECT_EQ(pp.pools.pools[0].posts[0].network, no_index);
  EXPECT_EQ(pp.pools.pools[0].posts[0].line, 3);
  EXPECT_EQ(pp.pools.pools[0].posts[0].funding, funding_kind::arrs);
  EXPECT_TRUE(pp.pools.pools[1].posts.empty());
  EXPECT_EQ(pp.networks.posts.size(), 1u);
  EXPECT_EQ(pp.pools.find_pool("P2"), 1u);
  EXPECT_EQ(pp.pools.file.string(), "pools");
}

TEST(PoolsLoad, MembersAndIdsAreCheckedWithPositions) {
  try {
    (void)parse_pooled_panel(loader_rules(), "network_id\nN1\nN2\n", "network_id,role,wte\nN1,pharmacist,1\n",
                             "pool_id,network_id\nP1,N11\nN1,N2\nP1,N1\nP1,N1\nP2,\n");
    FAIL() << "expected an input_error";
  } catch (const input_error& e) {
    const auto& d = e.diagnostics();
    ASSERT_EQ(d.size(), 4u);
    EXPECT_EQ(d[0].code, codes::unknown_pool_member);
    EXPECT_EQ(d[0].file, "pools");
    EXPECT_EQ(d[0].line, 2);
    EXPECT_EQ(d[0].column, 2);
    EXPECT_NE(d[0].message.find("did you mean 'N1'"), std::string::npos) << d[0].message;
    EXPECT_EQ(d[1].code, codes::pool_id_clash);
    EXPECT_EQ(d[1].line, 3);
    EXPECT_EQ(d[1].column, 1);
    EXPECT_EQ(d[2].code, codes::duplicate_pool_member);
    EXPECT_EQ(d[2].line, 5);
    EXPECT_EQ(d[3].code, codes::csv_empty_value);
    EXPECT_EQ(d[3].line, 6);
  }
}

TEST(PoolsLoad, StaffOnAnUnknownIdIsStillAnErrorAndPoolsProblemsJoinThePanels) {
  try {
    (void)parse_pooled_panel(loader_rules(), "network_id\nN1\n", "network_id,role,wte\nP9,pharmacist,1\n",
                             "pool_id\nP1\n");
    FAIL() << "expected an input_error";
  } catch (const input_error& e) {
    const auto& d = e.diagnostics();
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].code, codes::unknown_network);
    EXPECT_EQ(d[0].file, "staff");
    EXPECT_EQ(d[1].code, codes::csv_missing_column);
    EXPECT_EQ(d[1].file, "pools");
  }
}

// --- Command line ---------------------------------------------------------------------------

const fs::path source = DESCHECK_SOURCE_DIR;
const std::string minimal = (source / "tests" / "data" / "rules" / "minimal").string();

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// Minimal rule set on 2021-06-01: pharmacist 30 h/WTE; smr.reviews 0.01 h a year per patient
// (pharmacist or GP); ehch.home_round priority 2, 2 h a month with no beds (GP, pharmacist <= 50%);
// clinical_lead 0.1 WTE GP. A (10000 patients) has 1 WTE ARRS pharmacist and 0.1 GP; B (100000)
// only 0.1 GP (3.75 h for 19.17 h of reviews): non-compliant. C, in no pool, as A. The pool P1
// {A, B} has 1 WTE pharmacist (30 h): B is met.
struct cli_files {
  fs::path dir = cli_runner::scratch("descheck-pools");
  cli_files() {
    write(dir / "networks.csv",
          "network_id,region,registered_patients,care_home_beds\nA,North,10000,0\nB,North,100000,0\n"
          "C,South,10000,0\n");
    write(dir / "group.csv", "network_id\n# the northern networks\nA\n\nB\n");
    const std::string staff =
        "network_id,role,wte,start,end,funding\nA,pharmacist,1,,,arrs\nA,gp,0.1,,,core\nB,gp,0.1,,,core\n"
        "C,pharmacist,1,,,arrs\nC,gp,0.1,,,core\n";
    write(dir / "staff.csv", staff);
    write(dir / "staff_pooled.csv", staff + "P1,pharmacist,1,,,arrs\n");
    write(dir / "pools.csv", "pool_id,network_id\nP1,A\nP1,B\n");
    write(dir / "nofunding.csv", "network_id,role,wte\nA,pharmacist,1\nA,gp,0.1\nB,gp,0.1\n");
  }
  [[nodiscard]] std::string base(const std::string& staff) const {
    return "--rules " + minimal + " --networks " + (dir / "networks.csv").string() + " --staff " +
           (dir / staff).string() + " --at 2021-06-01";
  }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::string line;
  for (const char c : text) {
    if (c == '\n') {
      out.push_back(line);
      line.clear();
    } else {
      line.push_back(c);
    }
  }
  return out;
}

TEST(PoolsCli, CheckWithPoolsKeepsTheRowFormatAndRescuesTheMember) {
  const cli_files f;
  const auto plain = cli_runner::run("check " + f.base("staff.csv") + " --summary --format csv", f.dir);
  ASSERT_EQ(plain.status, 0) << plain.err;
  const auto pooled = cli_runner::run(
      "check " + f.base("staff_pooled.csv") + " --pools " + (f.dir / "pools.csv").string() + " --summary --format csv",
      f.dir);
  ASSERT_EQ(pooled.status, 0) << pooled.err;
  const auto a = lines_of(plain.out), b = lines_of(pooled.out);
  ASSERT_EQ(a.size(), 4u) << plain.out;
  ASSERT_EQ(b.size(), 4u) << pooled.out;
  EXPECT_EQ(a[0], b[0]);  // same header
  EXPECT_EQ(a[0], "scenario,network_id,date,state,active,unmet,demand_hours,delivered_hours,shortfall_hours");
  EXPECT_EQ(a[1], b[1]);  // A: compliant either way
  EXPECT_EQ(a[3], b[3]);  // C: in no pool
  EXPECT_NE(a[2].find(",B,2021-06-01,non_compliant,3,2,"), std::string::npos) << a[2];
  EXPECT_NE(b[2].find(",B,2021-06-01,compliant,3,0,"), std::string::npos) << b[2];

  // Without --pools the pool's staff row names no network.
  const auto refused = cli_runner::run("check " + f.base("staff_pooled.csv"), f.dir);
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("staff_pooled.csv:7:1: error[DC047]"), std::string::npos) << refused.err;

  // A bad pools file: positioned error, no output.
  write(f.dir / "bad_pools.csv", "pool_id,network_id\nP1,A\nP1,Bee\n");
  const auto bad =
      cli_runner::run("check " + f.base("staff_pooled.csv") + " --pools " + (f.dir / "bad_pools.csv").string(), f.dir);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("bad_pools.csv:3:2: error[DC110]"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty());
}

TEST(PoolsCli, PoolGainReportsPerRoleAndTogether) {
  const cli_files f;
  const auto r = cli_runner::run("pool-gain " + f.base("staff.csv") + " --networks-in A,B", f.dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = lines_of(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;  // only the pharmacist has ARRS posts: one row
  EXPECT_EQ(rows[0],
            "scenario,date,roles,networks,pooled_wte,active,met_before,met_after,compliant_before,compliant_after,"
            "delivered_hours_before,delivered_hours_after");
  // Before: A 3 met; B reviews partial and home round unmet (the GP's 3.75 h go to priority 1).
  // After: all 6 met, both compliant.
  EXPECT_EQ(rows[1].rfind("baseline,2021-06-01,pharmacist,2,1.0000,6,4,6,1,2,", 0), 0u) << rows[1];

  const auto both =
      cli_runner::run("pool-gain " + f.base("staff.csv") + " --networks-in A,B --roles pharmacist,gp", f.dir);
  ASSERT_EQ(both.status, 0) << both.err;
  const auto lines = lines_of(both.out);
  ASSERT_EQ(lines.size(), 4u) << both.out;
  EXPECT_EQ(lines[2].rfind("baseline,2021-06-01,gp,2,0.0000,6,4,4,1,1,", 0), 0u) << lines[2];  // GPs are core
  EXPECT_EQ(lines[3].rfind("baseline,2021-06-01,pharmacist+gp,2,1.0000,6,4,6,1,2,", 0), 0u) << lines[3];

  // No funding column: nothing is ARRS unless --assume-arrs.
  const auto none = cli_runner::run("pool-gain " + f.base("nofunding.csv") + " --networks-in A,B", f.dir);
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("--assume-arrs"), std::string::npos) << none.err;
  const auto assumed = cli_runner::run(
      "pool-gain " + f.base("nofunding.csv") + " --networks-in A,B --roles pharmacist --assume-arrs", f.dir);
  ASSERT_EQ(assumed.status, 0) << assumed.err;
  EXPECT_NE(assumed.out.find("baseline,2021-06-01,pharmacist,2,1.0000,6,4,6,1,2,"), std::string::npos) << assumed.out;

  // The same group from a file of ids, and by region.
  for (const std::string& group : {(f.dir / "group.csv").string(), std::string("region=North")}) {
    const auto same = cli_runner::run("pool-gain " + f.base("staff.csv") + " --networks-in " + group, f.dir);
    ASSERT_EQ(same.status, 0) << same.err;
    EXPECT_EQ(same.out, r.out) << group;
  }
  const auto south = cli_runner::run("pool-gain " + f.base("staff.csv") + " --networks-in region=South", f.dir);
  ASSERT_EQ(south.status, 0) << south.err;
  EXPECT_NE(south.out.find("baseline,2021-06-01,pharmacist,1,1.0000,3,3,3,1,1,"), std::string::npos) << south.out;

  const auto unknown = cli_runner::run("pool-gain " + f.base("staff.csv") + " --networks-in A,Bx", f.dir);
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("DC047"), std::string::npos) << unknown.err;
}

TEST(PoolsCli, TheWorkedExampleOfDocsPoolsHolds) {
  // docs/pools.md: with the two pools, EX004 (short 12.7036 h of pharmacist time alone) is compliant
  // on 2022-06-01 and the networks in no pool keep their rows.
  const fs::path dir = cli_runner::scratch("descheck-pools-doc");
  const std::string common = "--rules " + (source / "specs" / "des-england").string() + " --networks " +
                             (source / "examples" / "networks.csv").string() +
                             " --at 2022-06-01 --summary --format csv";
  const auto alone =
      cli_runner::run("check " + common + " --staff " + (source / "examples" / "staff.csv").string(), dir);
  const auto pooled =
      cli_runner::run("check " + common + " --staff " + (source / "examples" / "pools" / "staff.csv").string() +
                          " --pools " + (source / "examples" / "pools" / "pools.csv").string(),
                      dir);
  ASSERT_EQ(alone.status, 0) << alone.err;
  ASSERT_EQ(pooled.status, 0) << pooled.err;
  EXPECT_NE(alone.out.find("baseline,EX004,2022-06-01,non_compliant,14,2,139.1882,126.4846,12.7036"), std::string::npos)
      << alone.out;
  EXPECT_NE(pooled.out.find("baseline,EX004,2022-06-01,compliant,14,0,139.1882,139.1882,0.0000"), std::string::npos)
      << pooled.out;
  const auto a = lines_of(alone.out), b = lines_of(pooled.out);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].find(",EX004,") == std::string::npos) {
      EXPECT_EQ(a[i], b[i]);
    }
  }
}

}  // namespace

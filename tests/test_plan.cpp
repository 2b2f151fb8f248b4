// Minimum-cost recruitment (plan.hpp): golden cases computed by hand in the comment above each,
// and a property test against an exact reference (vertex enumeration over the cut constraints).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>

#include "cli_runner.hpp"
#include "descheck/core/limits.hpp"
#include "descheck/plan/plan.hpp"
#include "fixtures.hpp"

namespace {

using namespace fixtures;
constexpr double eps = 1e-4;

void set_cost(rule_set& rules, role_index k, double gbp) {
  rules.roles[k].arrs = arrs_terms{schedule::constant(gbp), schedule::constant(1.0), schedule()};
}

double wte_of(const plan_result& p, role_index k) {
  for (const hire& h : p.hires)
    if (h.role == k) return h.wte;
  return 0.0;
}

// The panel with the plan's hires added as posts of the network (a role whose staff were assumed
// from its default_wte gets that default written out, as a post replaces the default).
panel with_hires(const rule_set& rules, const panel& base, const plan_result& plan) {
  panel_fixture pb;
  pb.p.networks = base.networks;
  pb.p.posts = base.posts;
  checker check(rules, base);
  const check_result& before = check.run(plan.network, plan.at);
  for (const hire& h : plan.hires) {
    double defaulted = 0.0;
    for (const role_capacity& c : before.capacities)
      if (c.role == h.role && c.defaulted) defaulted = c.wte;
    pb.post(plan.network, h.role, h.wte + defaulted);
  }
  return pb.finish();
}

network_state recheck(const rule_set& rules, const panel& base, const plan_result& plan) {
  const panel added = with_hires(rules, base, plan);
  checker check(rules, added);
  return check.run(plan.network, plan.at).state;
}

// A (share 1, 37.5 h, £75,000: £2,000 per weekly hour) has 10 h in post in network N1; B (£37,500:
// £1,000 per hour) none. r1 (10 h) by A or B, r2 (10 h) by A only.
struct reroute_case {
  builder b;
  role_index a = b.role("a");
  role_index bb = b.role("b");
  panel_fixture pb;
  reroute_case() {
    b.workload("s", "r1", 10, {by(a), by(bb)});
    b.workload("s", "r2", 10, {by(a)});
    b.finish();
    set_cost(b.rules, a, 75000);
    set_cost(b.rules, bb, 37500);
    pb.post(pb.network("N1", 0), a, 10.0 / 37.5);
  }
};

TEST(Plan, MinCostReroutesExistingStaff) {
  // A (share 1, 37.5 h, £75,000: £2,000 per weekly hour) has 10 h in post; B (£37,500: £1,000 per
  // hour) none. r1 (10 h) by A or B, r2 (10 h) by A only. The check splits A's 10 h 5/5; hiring for
  // each shortfall would cost 5 h of A + 5 h of B = £15,000. The optimum gives A's 10 h to r2 and
  // hires 10 h of B for r1: 10/37.5 = 0.266667 WTE, £10,000.
  reroute_case c;
  auto& [b, a, bb, pb] = c;
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  const plan_result& r = plan.run(0, day("2021-01-01"));
  EXPECT_EQ(r.status, plan_status::planned);
  EXPECT_NEAR(r.cost, 10000.0, 0.01);
  ASSERT_EQ(r.hires.size(), 1u);
  EXPECT_EQ(r.hires[0].role, bb);
  EXPECT_NEAR(r.hires[0].wte, 10.0 / 37.5, 1e-6);
  EXPECT_NEAR(r.hires[0].hours, 10.0, 1e-4);
  EXPECT_TRUE(r.hires[0].arrs);
  EXPECT_NEAR(r.arrs_cost, 10000.0, 0.01);
  EXPECT_NEAR(r.covered_hours, 20.0, eps);
  EXPECT_NEAR(r.shortfall_hours, 0.0, eps);
  EXPECT_FALSE(r.staffing_heuristic);
  EXPECT_EQ(recheck(b.rules, p, r), network_state::compliant);
}

TEST(Plan, TieGoesToTheRoleListedFirst) {
  // C (share 1, £37,500) and D (share 0.5, £18,750) both cost £1,000 per weekly hour. 15 h needs
  // £15,000 either way: 0.4 WTE of C, or 0.8 WTE of D when D is listed first.
  for (const bool c_first : {true, false}) {
    builder b;
    const auto first = b.role(c_first ? "c" : "d", c_first ? 1.0 : 0.5);
    const auto second = b.role(c_first ? "d" : "c", c_first ? 0.5 : 1.0);
    b.workload("s", "r", 15, {by(second), by(first)});
    b.finish();
    set_cost(b.rules, first, c_first ? 37500 : 18750);
    set_cost(b.rules, second, c_first ? 18750 : 37500);
    panel_fixture pb;
    pb.network("N1", 0);
    const panel& p = pb.finish();
    planner plan(b.rules, p);
    const plan_result& r = plan.run(0, day("2021-01-01"));
    EXPECT_NEAR(r.cost, 15000.0, 0.01);
    ASSERT_EQ(r.hires.size(), 1u);
    EXPECT_EQ(r.hires[0].role, first);
    EXPECT_NEAR(r.hires[0].wte, c_first ? 0.4 : 0.8, 1e-6);
  }
}

TEST(Plan, NetworkOutsideItsCoverageIsNoDataAndGetsNoHires) {
  reroute_case c;  // N1 is short of staff: with data it needs hires
  panel p = c.pb.finish();
  p.coverage = {{{day("2021-01-01"), day("2021-06-30")}}};
  planner plan(c.b.rules, p);
  const plan_result& covered = plan.run(0, day("2021-03-01"));
  EXPECT_EQ(covered.status, plan_status::planned);
  EXPECT_FALSE(covered.hires.empty());
  const plan_result& r = plan.run(0, day("2021-07-01"), 5000.0);
  EXPECT_EQ(r.status, plan_status::no_data);
  EXPECT_STREQ(to_string(r.status), "no_data");
  EXPECT_TRUE(r.hires.empty());
  EXPECT_EQ(r.cost, 0.0);
  EXPECT_EQ(r.demand_hours, 0.0);
  plan_totals totals;
  totals.add(r, c.b.rules.roles.size());
  EXPECT_EQ(totals.networks, 1u);
  EXPECT_EQ(totals.no_data, 1u);
  EXPECT_EQ(totals.needing_hires, 0u);

  // Over a horizon the dates without data are skipped; with none at all the plan is no_data.
  const horizon_plan some = plan_horizon(plan, c.b.rules, p, 0, day("2020-06-01"), day("2021-12-31"));
  EXPECT_EQ(some.status, plan_status::planned);
  ASSERT_FALSE(some.posts.empty());
  EXPECT_EQ(to_string(some.posts.front().start), "2021-01-01");
  const horizon_plan none = plan_horizon(plan, c.b.rules, p, 0, day("2022-01-01"), day("2022-12-31"));
  EXPECT_EQ(none.status, plan_status::no_data);
  EXPECT_TRUE(none.posts.empty());
}

TEST(Plan, CompliantNetworkNeedsNothing) {
  builder b;
  const auto a = b.role("a");
  b.workload("s", "r", 10, {by(a)});
  b.finish();
  set_cost(b.rules, a, 37500);
  panel_fixture pb;
  pb.post(pb.network("N1", 0), a, 1.0);
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  const plan_result& r = plan.run(0, day("2021-01-01"), 5000.0);
  EXPECT_EQ(r.status, plan_status::compliant_already);
  EXPECT_TRUE(r.hires.empty());
  EXPECT_EQ(r.cost, 0.0);
  EXPECT_NEAR(r.covered_hours, 10.0, eps);
  ASSERT_TRUE(r.fits_entitlement);
  EXPECT_TRUE(*r.fits_entitlement);
  // Before the requirement is in force there is nothing to plan either.
  EXPECT_EQ(plan.run(0, day("2020-01-01")).status, plan_status::compliant_already);
}

TEST(Plan, BudgetBuysTheMostHours) {
  // The first case (optimum £10,000 for 10 h of B at £1,000 an hour) with £4,000 a year: 4 h of B
  // (0.106667 WTE) on top of A's 10 h: 14 of 20 h covered, 6 h short.
  reroute_case c;
  auto& [b, a, bb, pb] = c;
  const panel& p = pb.finish();
  plan_options o;
  o.budget = 4000.0;
  planner plan(b.rules, p, o);
  const plan_result& r = plan.run(0, day("2021-01-01"), 3000.0);
  EXPECT_EQ(r.status, plan_status::over_budget);
  EXPECT_NEAR(r.full_cost, 10000.0, 0.01);
  EXPECT_LE(r.cost, 4000.0);
  EXPECT_NEAR(r.cost, 4000.0, 0.5);  // bisection to 0.0001 h/week: £0.10
  EXPECT_NEAR(wte_of(r, bb), 4.0 / 37.5, 1e-4);
  EXPECT_NEAR(r.covered_hours, 14.0, 1e-3);
  EXPECT_NEAR(r.shortfall_hours, 6.0, 1e-3);
  ASSERT_TRUE(r.fits_entitlement);
  EXPECT_FALSE(*r.fits_entitlement);  // £4,000 of ARRS hires against £3,000 of headroom
  // A budget that covers the optimum plans it in full.
  o.budget = 10000.5;
  planner enough(b.rules, p, o);
  EXPECT_EQ(enough.run(0, day("2021-01-01")).status, plan_status::planned);
  EXPECT_NEAR(enough.run(0, day("2021-01-01")).cost, 10000.0, 0.01);
}

TEST(Plan, ArrsCapLimitsHiresAndLargerNetworksGetMore) {
  // r (80 h) by an advanced practitioner (£37,500, 37.5 h) or a pharmacist (£75,000). Networks have
  // 1.5 WTE of ARRS-funded practitioners (56.25 h). Cap 2 WTE, 3 over 100,000 patients, lifted
  // from 2022-04-01. Small network: 0.5 WTE more practitioner (18.75 h, £18,750) and 5 h of
  // pharmacist (0.133333 WTE, £10,000). Large network: 23.75 h of practitioner, 0.633333 WTE,
  // £23,750. A core-funded practitioner does not count: 1.5 core + 0.633333 hired.
  builder b;
  const auto patients = b.driver("registered_patients");
  const auto ap = b.role("advanced_practitioner");
  const auto ph = b.role("pharmacist");
  b.workload("s", "r", 80, {by(ap), by(ph)});
  b.finish();
  set_cost(b.rules, ap, 37500);
  set_cost(b.rules, ph, 75000);
  wte_cap cap;
  cap.wte =
      schedule(std::vector<step>{{day("2021-04-01"), 2.0, no_origin}, {day("2022-04-01"), std::nullopt, no_origin}});
  cap.driver = patients;
  cap.threshold = 100000;
  cap.above_wte = schedule(std::vector<step>{{day("2021-04-01"), 3.0, no_origin}});
  b.rules.roles[ap].arrs_cap = cap;
  panel_fixture pb;
  const auto small = pb.network("SMALL", 1);
  const auto large = pb.network("LARGE", 1);
  const auto core = pb.network("CORE", 1);
  pb.p.networks[small].drivers[patients] = schedule::constant(50000);
  pb.p.networks[large].drivers[patients] = schedule::constant(150000);
  pb.p.networks[core].drivers[patients] = schedule::constant(50000);
  pb.post(small, ap, 1.5);
  pb.post(large, ap, 1.5);
  pb.post(core, ap, 1.5);
  for (auto& row : pb.p.posts) row.funding = row.network == core ? funding_kind::core : funding_kind::arrs;
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  const date at = day("2021-06-01");
  EXPECT_NEAR(plan.cap_headroom(small, ap, at), 0.5, 1e-9);
  EXPECT_NEAR(plan.cap_headroom(large, ap, at), 1.5, 1e-9);
  EXPECT_NEAR(plan.cap_headroom(core, ap, at), 2.0, 1e-9);
  EXPECT_TRUE(std::isinf(plan.cap_headroom(small, ap, day("2022-06-01"))));

  const plan_result s = plan.run(small, at);
  EXPECT_EQ(s.status, plan_status::planned);
  EXPECT_NEAR(wte_of(s, ap), 0.5, 1e-6);
  EXPECT_NEAR(wte_of(s, ph), 5.0 / 37.5, 1e-6);
  EXPECT_NEAR(s.cost, 28750.0, 0.01);
  EXPECT_EQ(recheck(b.rules, p, s), network_state::compliant);

  const plan_result l = plan.run(large, at);
  EXPECT_NEAR(wte_of(l, ap), 23.75 / 37.5, 1e-6);
  EXPECT_NEAR(wte_of(l, ph), 0.0, 1e-9);
  EXPECT_NEAR(l.cost, 23750.0, 0.01);

  EXPECT_NEAR(wte_of(plan.run(core, at), ap), 23.75 / 37.5, 1e-6);
  // Cap lifted: the small network hires practitioners only.
  EXPECT_NEAR(wte_of(plan.run(small, day("2022-06-01")), ph), 0.0, 1e-9);

  // Only practitioners allowed: the small network cannot reach 80 h under the cap.
  plan_options only_ap;
  only_ap.roles = {ap};
  planner capped(b.rules, p, only_ap);
  const plan_result& none = capped.run(small, at);
  EXPECT_EQ(none.status, plan_status::infeasible);
  EXPECT_EQ(none.blocked_requirement, 0u);
  EXPECT_NE(none.reason.find("s.r cannot be met"), std::string::npos) << none.reason;
  EXPECT_NE(none.reason.find("advanced_practitioner"), std::string::npos) << none.reason;
}

TEST(Plan, RoleWithoutCostCannotBeHiredUnlessGivenOne) {
  // r (5 h) by GP only; GPs have no ARRS reimbursement: infeasible. With a cost of £90,000 per WTE
  // and 5% of a GP's 37.5 h for network work (1.875 h per WTE): 5/1.875 = 2.666667 WTE, £240,000.
  builder b;
  const auto gp = b.role("gp", 0.05);
  b.workload("s", "r", 5, {by(gp)});
  b.finish();
  panel_fixture pb;
  pb.network("N1", 0);
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  const plan_result& r = plan.run(0, day("2021-01-01"));
  EXPECT_EQ(r.status, plan_status::infeasible);
  EXPECT_TRUE(r.hires.empty());
  EXPECT_NE(r.reason.find("gp"), std::string::npos);
  plan_options o;
  o.cost_per_wte = {{gp, 90000.0}};
  planner costed(b.rules, p, o);
  const plan_result& c = costed.run(0, day("2021-01-01"));
  EXPECT_EQ(c.status, plan_status::planned);
  EXPECT_NEAR(wte_of(c, gp), 5.0 / 1.875, 1e-6);
  EXPECT_NEAR(c.cost, 240000.0, 0.01);
  EXPECT_FALSE(c.hires[0].arrs);
  EXPECT_EQ(c.arrs_cost, 0.0);
  // Bad options are positioned errors with a stable code.
  o.cost_per_wte = {{gp, -1.0}};
  try {
    planner bad(b.rules, p, o);
    FAIL() << "a negative cost was accepted";
  } catch (const input_error& e) {
    EXPECT_STREQ(e.diagnostics().at(0).code.c_str(), codes::plan_option);
  }
}

TEST(Plan, StaffingHiresAlsoCount) {
  // Lead: 0.5 WTE of A or B. Work: 10 h by A only. A £75,000 (37.5 h), B £30,000. The hires of A the
  // work needs count towards the lead: 0.266667 WTE of A (£20,000), then 0.233333 WTE of B (£7,000):
  // £27,000, the optimum of min 75000a + 30000b, a >= 0.266667, a + b >= 0.5. (Hiring the lead first,
  // 0.5 B for £15,000, and then A would cost £35,000.)
  builder b;
  const auto a = b.role("a");
  const auto bb = b.role("b");
  b.staffing("lead", "lead", 0.5, {by(a), by(bb)});
  b.workload("work", "r", 10, {by(a)});
  b.finish();
  set_cost(b.rules, a, 75000);
  set_cost(b.rules, bb, 30000);
  panel_fixture pb;
  pb.network("N1", 0);
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  const plan_result& r = plan.run(0, day("2021-01-01"));
  EXPECT_EQ(r.status, plan_status::planned);
  EXPECT_FALSE(r.staffing_heuristic);
  EXPECT_NEAR(r.cost, 27000.0, 0.01);
  EXPECT_NEAR(wte_of(r, a), 10.0 / 37.5, 1e-6);
  EXPECT_NEAR(wte_of(r, bb), 0.5 - 10.0 / 37.5, 1e-6);
  EXPECT_EQ(recheck(b.rules, p, r), network_state::compliant);
}

TEST(Plan, StaffingAndWorkloadTogetherAreALinearProgram) {
  // Lead: 1 WTE of A or B. Work: 30 h by A or B. A: 37.5 h a WTE, £60,000 (£1,600 an hour); B: 15 h
  // a WTE (share 0.4), £30,000 (£2,000 an hour). Work first: 0.8 A (£48,000) + 0.2 B for the lead
  // (£6,000) = £54,000. Lead first: 1 B (£30,000, 15 h) + 0.4 A (£24,000) = £54,000. The optimum of
  // min 60000a + 30000b, 37.5a + 15b >= 30, a + b >= 1 is the vertex a = 2/3, b = 1/3: £50,000.
  builder b;
  const auto a = b.role("a");
  const auto bb = b.role("b", 0.4);
  b.staffing("lead", "lead", 1.0, {by(a), by(bb)});
  b.workload("work", "r", 30, {by(a), by(bb)});
  b.finish();
  set_cost(b.rules, a, 60000);
  set_cost(b.rules, bb, 30000);
  panel_fixture pb;
  pb.network("N1", 0);
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  const plan_result& r = plan.run(0, day("2021-01-01"));
  EXPECT_EQ(r.status, plan_status::planned);
  EXPECT_FALSE(r.staffing_heuristic);
  EXPECT_NEAR(r.cost, 50000.0, 0.01);
  EXPECT_NEAR(wte_of(r, a), 2.0 / 3.0, 1e-6);
  EXPECT_NEAR(wte_of(r, bb), 1.0 / 3.0, 1e-6);
  EXPECT_EQ(recheck(b.rules, p, r), network_state::compliant);
}

TEST(Plan, HorizonHiresWhenDemandGrowsAndStaffLeave) {
  // r: 20 h a week by A (37.5 h, £37,500: £1,000 an hour), phase 0.5 from 2021-01-01 and 1 from
  // 2022-01-01. A has 0.2 WTE (7.5 h) in post until 2021-06-30. Over 2020-06-01..2022-06-30:
  // nothing in force at first; 2021-01-01: 10 h needed, 7.5 h in post, hire 2.5 h = 0.066667 WTE
  // (£2,500); 2021-07-01: the post ends, 7.5 h more = 0.2 WTE (£7,500); 2022-01-01: 20 h needed,
  // 10 h planned, 0.266667 WTE more (£10,000). Total £20,000 a year by 2022.
  builder b;
  const auto a = b.role("a");
  const auto gp = b.role("gp");
  requirement& r = b.workload("s", "r", 20, {by(a)});
  r.phase = schedule(std::vector<step>{{day("2021-01-01"), 0.5, no_origin}, {day("2022-01-01"), 1.0, no_origin}});
  b.workload("t", "gp_only", 1, {by(gp)}, 1, "2023-01-01");
  b.finish();
  set_cost(b.rules, a, 37500);
  panel_fixture pb;
  pb.post(pb.network("N1", 0), a, 0.2, nullptr, "2021-06-30");
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  const horizon_plan h = plan_horizon(plan, b.rules, p, 0, day("2020-06-01"), day("2022-06-30"));
  EXPECT_EQ(h.status, plan_status::planned);
  ASSERT_EQ(h.posts.size(), 3u);
  EXPECT_EQ(h.posts[0].start, day("2021-01-01"));
  EXPECT_NEAR(h.posts[0].wte, 2.5 / 37.5, 1e-6);
  EXPECT_EQ(h.posts[1].start, day("2021-07-01"));
  EXPECT_NEAR(h.posts[1].wte, 0.2, 1e-6);
  EXPECT_EQ(h.posts[2].start, day("2022-01-01"));
  EXPECT_NEAR(h.posts[2].wte, 10.0 / 37.5, 1e-6);
  EXPECT_NEAR(h.cost, 20000.0, 0.01);
  // Every interval of the range is compliant with the posts added from their start dates.
  panel_fixture with;
  with.p.networks = p.networks;
  with.p.posts = p.posts;
  for (const planned_post& post : h.posts) with.post(0, post.role, post.wte, to_string(post.start).c_str());
  const panel& added = with.finish();
  checker check(b.rules, added);
  for (const char* d :
       {"2020-06-01", "2021-01-01", "2021-06-30", "2021-07-01", "2021-12-31", "2022-01-01", "2022-06-30"})
    EXPECT_NE(check.run(0, day(d)).state, network_state::non_compliant) << d;
  // From 2023 a GP-only requirement comes into force and GPs have no cost: blocked then.
  const horizon_plan blocked = plan_horizon(plan, b.rules, p, 0, day("2020-06-01"), day("2023-06-30"));
  EXPECT_EQ(blocked.status, plan_status::infeasible);
  EXPECT_EQ(blocked.blocked_at, day("2023-01-01"));
  EXPECT_NE(blocked.reason.find("t.gp_only"), std::string::npos) << blocked.reason;
  EXPECT_EQ(blocked.posts.size(), 3u);  // the posts planned before the block are kept
}

// ---------------------------------------------------------------------------------------------
// Exact reference for small instances. With hires h, the network is compliant iff (max-flow
// min-cut) for every set T of workload requirements and Q of roles
//   Σ_{k∈Q} a_k h_k >= Σ_{r∈T} D_r − Σ_{k∈Q} C_k − Σ_{r∈T, k∉Q} cap_kr
// and every staffing requirement s has Σ_{k∈S_s} h_k >= M_s − Σ_{k∈S_s} w_k. The cheapest h is a
// vertex of that polyhedron (with 0 <= h_k <= u_k): enumerate every choice of K tight constraints.

struct linear {
  std::vector<double> coef;
  double rhs;  // coef · h >= rhs
};

bool solve_square(std::vector<std::vector<double>> m, std::vector<double> v, std::vector<double>& x) {
  const std::size_t n = v.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::fabs(m[r][c]) > std::fabs(m[piv][c])) piv = r;
    if (std::fabs(m[piv][c]) < 1e-12) return false;
    std::swap(m[piv], m[c]);
    std::swap(v[piv], v[c]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = m[r][c] / m[c][c];
      for (std::size_t k = c; k < n; ++k) m[r][k] -= f * m[c][k];
      v[r] -= f * v[c];
    }
  }
  x.resize(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = v[i] / m[i][i];
  return true;
}

// Cheapest cost, or infinity when no h within the bounds is feasible.
double exact_min_cost(const std::vector<linear>& cons, const std::vector<double>& cost) {
  const std::size_t n = cost.size();
  double best = std::numeric_limits<double>::infinity();
  std::vector<std::size_t> pick(n);
  std::vector<double> x;
  const std::size_t m = cons.size();
  // Iterate over all n-subsets of the constraints.
  std::function<void(std::size_t, std::size_t)> rec = [&](std::size_t from, std::size_t depth) {
    if (depth == n) {
      std::vector<std::vector<double>> a(n);
      std::vector<double> v(n);
      for (std::size_t i = 0; i < n; ++i) {
        a[i] = cons[pick[i]].coef;
        v[i] = cons[pick[i]].rhs;
      }
      if (!solve_square(a, v, x)) return;
      for (const linear& c : cons) {
        double lhs = 0.0;
        for (std::size_t k = 0; k < n; ++k) lhs += c.coef[k] * x[k];
        if (lhs < c.rhs - 1e-7 * (1.0 + std::fabs(c.rhs))) return;
      }
      double total = 0.0;
      for (std::size_t k = 0; k < n; ++k) total += cost[k] * x[k];
      best = std::min(best, total);
      return;
    }
    for (std::size_t i = from; i < m; ++i) {
      pick[depth] = i;
      rec(i + 1, depth + 1);
    }
  };
  rec(0, 0);
  return best;
}

// Kept whole: a property test reads best as one piece, the random case, the plan and the
// brute-force comparison side by side.
TEST(Plan, PropertyCompliantAndNoCheaperPlanExists) {
  std::mt19937 rng(20241127);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int workload_only = 0, with_staffing = 0, infeasible = 0;
  for (int trial = 0; trial < 300; ++trial) {
    builder b;
    const std::size_t role_count = 2 + trial % 2;  // 2 or 3 roles
    std::vector<role_index> roles;
    for (std::size_t k = 0; k < role_count; ++k)
      roles.push_back(b.role("k" + std::to_string(k), 0.2 + 0.8 * unit(rng), unit(rng) < 0.5 ? 37.5 : 30.0));
    const std::size_t req_count = 1 + static_cast<std::size_t>(unit(rng) * 3.0);  // 1 to 3
    for (std::size_t r = 0; r < req_count; ++r) {
      std::vector<delivery> who;
      for (const role_index k : roles)
        if (unit(rng) < 0.6) who.push_back(unit(rng) < 0.3 ? by(k, 0.3 + 0.7 * unit(rng)) : by(k));
      if (who.empty()) who.push_back(by(roles[r % role_count]));
      b.workload("s", "r" + std::to_string(r), 1.0 + 40.0 * unit(rng), who, 1 + static_cast<int>(unit(rng) * 2));
    }
    const bool staffing = trial % 3 == 0;
    if (staffing) {
      std::vector<delivery> who{by(roles[0]), by(roles[role_count - 1])};
      b.staffing("t", "lead", 0.2 + unit(rng), who);
    }
    b.finish();
    std::vector<double> cost(role_count);
    for (std::size_t k = 0; k < role_count; ++k) {
      cost[k] = std::round(20000.0 + 60000.0 * unit(rng));
      set_cost(b.rules, roles[k], cost[k]);
    }
    // Sometimes a cap on the first role (all its posts are ARRS-funded).
    const bool capped = unit(rng) < 0.3;
    if (capped) {
      wte_cap cap;
      cap.wte = schedule::constant(0.5 + unit(rng));
      b.rules.roles[roles[0]].arrs_cap = cap;
    }
    panel_fixture pb;
    const auto net = pb.network("N", 0);
    for (const role_index k : roles)
      if (unit(rng) < 0.6) pb.post(net, k, 0.6 * unit(rng));
    for (auto& row : pb.p.posts) row.funding = funding_kind::arrs;
    const panel& p = pb.finish();
    const rule_set& rules = b.rules;
    const date at = day("2021-01-01");

    planner plan(rules, p);
    const plan_result r = plan.run(net, at);

    // The reference's constraints.
    checker check(rules, p);
    const check_result& base = check.run(net, at);
    std::vector<double> wte(role_count, 0.0), cap_hours(role_count, 0.0), a(role_count);
    for (const role_capacity& c : base.capacities) {
      wte[c.role] = c.wte;
      cap_hours[c.role] = c.hours;
    }
    for (std::size_t k = 0; k < role_count; ++k)
      a[k] = rules.roles[k].hours_per_wte.at(at).value_or(0) * rules.roles[k].available_share.at(at).value_or(0);
    std::vector<linear> cons;
    std::vector<std::uint32_t> work;
    for (std::uint32_t i = 0; i < base.requirements.size(); ++i)
      if (rules.at(rules.flat[base.requirements[i].requirement]).kind == requirement_kind::workload) work.push_back(i);
    for (std::uint32_t t = 1; t < (1u << work.size()); ++t)
      for (std::uint32_t q = 0; q < (1u << role_count); ++q) {
        linear c{std::vector<double>(role_count, 0.0), 0.0};
        for (std::size_t j = 0; j < work.size(); ++j) {
          if (!(t >> j & 1u)) continue;
          const requirement_result& rr = base.requirements[work[j]];
          c.rhs += rr.demand;
          for (const delivery& d : rules.at(rules.flat[rr.requirement]).delivered_by)
            if (!(q >> d.role & 1u)) c.rhs -= d.max_share ? *d.max_share->at(at) * rr.demand : 1e9;
        }
        for (std::size_t k = 0; k < role_count; ++k)
          if (q >> k & 1u) {
            c.coef[k] = a[k];
            c.rhs -= cap_hours[k];
          }
        if (c.rhs > 0) cons.push_back(c);
      }
    for (const requirement_result& rr : base.requirements) {
      const requirement& req = rules.at(rules.flat[rr.requirement]);
      if (req.kind != requirement_kind::staffing) continue;
      linear c{std::vector<double>(role_count, 0.0), rr.demand};
      for (const delivery& d : req.delivered_by) {
        c.coef[d.role] = 1.0;
        c.rhs -= wte[d.role];
      }
      if (c.rhs > 0) cons.push_back(c);
    }
    for (std::size_t k = 0; k < role_count; ++k) {
      linear lo{std::vector<double>(role_count, 0.0), 0.0};
      lo.coef[k] = 1.0;
      cons.push_back(lo);
      linear hi{std::vector<double>(role_count, 0.0), -1000.0};
      hi.coef[k] = -1.0;
      if (k == 0 && capped) hi.rhs = -plan.cap_headroom(net, roles[0], at);
      cons.push_back(hi);
    }
    const double exact = exact_min_cost(cons, cost);

    SCOPED_TRACE("trial " + std::to_string(trial));
    if (base.state != network_state::non_compliant) {
      EXPECT_EQ(r.status, plan_status::compliant_already);
      continue;
    }
    if (!std::isfinite(exact)) {
      EXPECT_EQ(r.status, plan_status::infeasible);
      ++infeasible;
      continue;
    }
    ASSERT_EQ(r.status, plan_status::planned);
    EXPECT_EQ(recheck(rules, p, r), network_state::compliant);
    for (const hire& h : r.hires)
      EXPECT_LE(h.wte, (h.role == roles[0] && capped) ? plan.cap_headroom(net, h.role, at) + 1e-6 : 1e9);
    // No cheaper plan exists: the plan costs the exact optimum, up to the tick rounding (pennies),
    // with or without a short staffing requirement (the latter solved as a linear program).
    EXPECT_FALSE(r.staffing_heuristic);
    EXPECT_NEAR(r.cost, exact, 1.0 + 1e-6 * exact);
    bool staffing_short = false;
    for (const requirement_result& rr : base.requirements)
      staffing_short = staffing_short || (rules.at(rules.flat[rr.requirement]).kind == requirement_kind::staffing &&
                                          rr.status != requirement_status::met);
    ++(staffing_short ? with_staffing : workload_only);
  }
  EXPECT_GT(workload_only, 100);
  EXPECT_GT(with_staffing, 30);
  std::cout << "plan property: " << workload_only << " workload-only and " << with_staffing
            << " with a short staffing requirement, all at the exact optimum; " << infeasible << " infeasible\n";
}

// The edges of the planner's integer arithmetic (ticks of a millisecond of work a week).
std::string plan_error(const rule_set& rules, const panel& p, const plan_options& o = {}) {
  try {
    planner plan(rules, p, o);
    (void)plan.run(0, day("2021-01-01"));
  } catch (const input_error& e) {
    return std::string(e.diagnostics().at(0).code) + " " + e.diagnostics().at(0).message;
  }
  return {};
}

TEST(PlanBounds, LargestWteAndCostsPlanExactly) {
  // 10,000 WTE (the bound of one staff row) of A in post give 375,000 h; 1,000,000 h are needed:
  // 625,000 h to hire, 16,666.67 WTE at the largest rule-set cost (GBP 10^10) or the largest --cost.
  builder b;
  const role_index a = b.role("a");
  b.workload("s", "r", 1'000'000, {by(a)});
  b.finish();
  set_cost(b.rules, a, limits::max_rule_value);
  panel_fixture pb;
  pb.post(pb.network("N1", 0), a, limits::max_wte);
  const panel& p = pb.finish();
  for (const double cost : {limits::max_rule_value, limits::max_cost_per_wte}) {
    plan_options o;
    if (cost == limits::max_cost_per_wte) o.cost_per_wte.push_back({a, cost});
    planner plan(b.rules, p, o);
    const plan_result& r = plan.run(0, day("2021-01-01"));
    ASSERT_EQ(r.status, plan_status::planned);
    EXPECT_NEAR(wte_of(r, a), 625'000 / 37.5, 1e-6);
    EXPECT_NEAR(r.cost / (625'000 / 37.5 * cost), 1.0, 1e-9);
  }
}

TEST(PlanBounds, WorkloadPastTheTicksIsDC160) {
  // The planner counts at most detail::unlimited ticks (2^63 / 8) of workload, 320,255,973,502 h a
  // week. One requirement asks at most limits::max_requirement_hours (10^9) of a network, so it takes
  // 321 of them to pass it: 317 plan, 321 stop.
  for (const int count : {317, 321}) {
    builder b;
    const role_index a = b.role("a");
    for (int i = 0; i < count; ++i) b.workload("s", "r" + std::to_string(i), limits::max_requirement_hours, {by(a)});
    b.finish();
    set_cost(b.rules, a, 75000);
    panel_fixture pb;
    pb.network("N1", 0);
    const panel& p = pb.finish();
    const std::string error = plan_error(b.rules, p);
    if (count == 317) {
      EXPECT_EQ(error, "") << count;
    } else {
      EXPECT_EQ(error.substr(0, 6), "DC160 ") << error;
      EXPECT_NE(error.find("network 'N1' on 2021-01-01: workload of 320255973502 hours a week or more"),
                std::string::npos)
          << error;
    }
  }
}

TEST(PlanBounds, CostPerHourPastTheTicksIsDC160) {
  // A hire's weight is its pence per weekly hour times (roles + 1); the bypass weight is that times
  // 2 × roles + 4, and path lengths up to 8 × vertices times more (5 vertices here) must fit.
  struct expect {
    double share;
    bool plans;
  };
  // GBP 10^10 a year over 37.5 h × share: 2.7e10 pence per hour at share 1 (plans); 2.7e16 at
  // 10^-6 (its bound, 2.7e16 × 2 × 6 × 40 = 1.3e19, passes 2^63); 2.7e22 at 10^-12 (past 10^18).
  for (const expect e : {expect{1.0, true}, expect{1e-6, false}, expect{1e-12, false}}) {
    builder b;
    const role_index a = b.role("a", e.share);
    b.workload("s", "r", 10, {by(a)});
    b.finish();
    set_cost(b.rules, a, limits::max_rule_value);
    panel_fixture pb;
    pb.network("N1", 0);
    const panel& p = pb.finish();
    const std::string error = plan_error(b.rules, p);
    if (e.plans) {
      EXPECT_EQ(error, "");
    } else {
      EXPECT_EQ(error.substr(0, 6), "DC160 ") << error;
      EXPECT_NE(error.find("beyond the planner's integer arithmetic"), std::string::npos) << error;
    }
  }
}

TEST(PlanBounds, TotalsOfManyNetworksStayFinite) {
  // Totals across networks are doubles: 100,000 plans of the largest cost each sum to a finite number.
  builder b;
  const role_index a = b.role("a");
  b.workload("s", "r", 1'000'000, {by(a)});
  b.finish();
  set_cost(b.rules, a, limits::max_rule_value);
  panel_fixture pb;
  pb.network("N1", 0);
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  const plan_result& r = plan.run(0, day("2021-01-01"));
  ASSERT_EQ(r.status, plan_status::planned);
  plan_totals totals;
  for (int i = 0; i < 100'000; ++i) totals.add(r, b.rules.roles.size());
  EXPECT_TRUE(std::isfinite(totals.cost));
  EXPECT_NEAR(totals.cost / (r.cost * 100'000), 1.0, 1e-9);
  EXPECT_NEAR(totals.wte[a] / (wte_of(r, a) * 100'000), 1.0, 1e-9);
}

TEST(Plan, WritesLongRows) {
  reroute_case c;
  auto& [b, a, bb, pb] = c;
  pb.network("N2", 0);
  const panel& p = pb.finish();
  planner plan(b.rules, p);
  std::vector<plan_result> plans{plan.run(0, day("2021-01-01")), plan.run(1, day("2021-01-01"))};
  std::ostringstream out;
  write_plans(out, b.rules, p, plans, table_format::csv);
  // N2 has nothing in post: 10 h of A for r2 (0.266667 WTE, £20,000) and 10 h of B (£10,000).
  EXPECT_EQ(out.str(),
            "scenario,network_id,date,row,role,status,wte,cost,hours,demand_hours,covered_hours,shortfall_hours,"
            "arrs_cost,fits_entitlement,networks,reason\n"
            "baseline,N1,2021-01-01,network,,planned,0.2667,10000.0000,10.0000,20.0000,20.0000,0.0000,10000.0000,,1,\n"
            "baseline,N1,2021-01-01,hire,b,,0.2667,10000.0000,10.0000,,,,10000.0000,,,\n"
            "baseline,N2,2021-01-01,network,,planned,0.5333,30000.0000,20.0000,20.0000,20.0000,0.0000,30000.0000,,1,\n"
            "baseline,N2,2021-01-01,hire,a,,0.2667,20000.0000,10.0000,,,,20000.0000,,,\n"
            "baseline,N2,2021-01-01,hire,b,,0.2667,10000.0000,10.0000,,,,10000.0000,,,\n");
  std::ostringstream totals;
  write_table(totals, plan_totals_table(b.rules, plans), table_format::csv);
  EXPECT_EQ(totals.str(),
            "scenario,network_id,date,row,role,status,wte,cost,hours,demand_hours,covered_hours,shortfall_hours,"
            "arrs_cost,fits_entitlement,networks,reason\n"
            "baseline,,2021-01-01,total,,,0.8000,40000.0000,30.0000,40.0000,40.0000,0.0000,40000.0000,,2,\n"
            "baseline,,2021-01-01,total,a,,0.2667,20000.0000,10.0000,,,,,,1,\n"
            "baseline,,2021-01-01,total,b,,0.5333,20000.0000,20.0000,,,,,,2,\n");
}

// A copy of the minimal test rule set whose pharmacist entry ends with `extra` (YAML at the
// indentation of the role's keys).
std::filesystem::path minimal_with(const std::string& name, const std::string& arrs, const std::string& extra) {
  namespace fs = std::filesystem;
  const fs::path from = fs::path(DESCHECK_SOURCE_DIR) / "tests" / "data" / "rules" / "minimal";
  fs::path to = fs::temp_directory_path() / ("descheck-plan-" + name);
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
  std::ofstream roles(to / "roles.yaml", std::ios::trunc);
  roles << "schema: descheck/roles/v1\n"
           "roles:\n"
           "  gp:\n"
           "    label: General practitioner\n"
           "    default_wte: {driver: registered_patients, ratio: 0.0005}\n"
           "  pharmacist:\n"
           "    label: Clinical pharmacist\n"
           "    arrs:\n"
           "      max_reimbursement: {2020-04-01: 55670}\n"
        << arrs << extra;
  return to;
}

TEST(Plan, CapAndCostKeysAreValidatedLikeTheRest) {
  const rule_set ok = load_rule_set(
      minimal_with("ok",
                   "      cap:\n"
                   "        wte: {2020-04-01: 2, 2023-04-01: {value: 3, status: draft}}\n"
                   "        above: {driver: registered_patients, threshold: 100000, wte: {2020-04-01: 3}}\n",
                   "    cost_per_wte: {2020-04-01: 60000}\n"));
  const role& ph = ok.roles.at(ok.find_role("pharmacist"));
  ASSERT_TRUE(ph.arrs_cap);
  EXPECT_EQ(ph.arrs_cap->wte.at(day("2023-06-01")), 3.0);
  EXPECT_EQ(ph.arrs_cap->driver, ok.find_driver("registered_patients"));
  EXPECT_EQ(ph.arrs_cap->threshold, 100000.0);
  EXPECT_EQ(ph.arrs_cap->above_wte.at(day("2023-06-01")), 3.0);
  EXPECT_EQ(ph.cost_per_wte.at(day("2021-01-01")), 60000.0);

  const auto problems = [](const std::filesystem::path& dir) {
    std::string all;
    for (const diagnostic& d : validate_rule_set(dir)) all += format(d) + "\n";
    return all;
  };
  // A misspelt key, a quoted number, an unknown driver, a missing key, a negative cost.
  const std::string bad = problems(minimal_with("bad",
                                                "      cap:\n"
                                                "        wtee: 2\n"
                                                "        above: {driver: patients, threshold: \"100000\"}\n",
                                                "    cost_per_wte: -5\n"));
  EXPECT_NE(
      bad.find(
          "roles.yaml:11:9: error[DC015]: unknown key 'wtee' in 'roles.pharmacist.arrs.cap' (did you mean 'wte'?)"),
      std::string::npos)
      << bad;
  EXPECT_NE(bad.find("missing required key 'wte' in 'roles.pharmacist.arrs.cap'"), std::string::npos) << bad;
  EXPECT_NE(bad.find("missing required key 'wte' in 'roles.pharmacist.arrs.cap.above'"), std::string::npos) << bad;
  EXPECT_NE(bad.find("error[DC031]: unknown driver 'patients'"), std::string::npos) << bad;
  EXPECT_NE(bad.find("remove the quotes"), std::string::npos) << bad;
  EXPECT_NE(bad.find("roles.yaml:13:19: error[DC022]: 'roles.pharmacist.cost_per_wte' is -5"), std::string::npos)
      << bad;
  for (const char* name : {"descheck-plan-ok", "descheck-plan-bad"})
    std::filesystem::remove_all(std::filesystem::temp_directory_path() / name);
}

TEST(Plan, ShippedRuleSetCapsLoad) {
  const rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  const role& tech = rules.roles.at(rules.find_role("pharmacy_technician"));
  ASSERT_TRUE(tech.arrs && tech.arrs_cap);
  EXPECT_EQ(tech.arrs_cap->wte.at(day("2020-06-01")), 1.0);
  EXPECT_FALSE(tech.arrs_cap->wte.at(day("2021-06-01")).has_value());
  EXPECT_EQ(tech.arrs_cap->above_wte.at(day("2020-06-01")), 2.0);
  EXPECT_EQ(tech.arrs_cap->threshold, 100000.0);
  const role& ap = rules.roles.at(rules.find_role("advanced_practitioner"));
  ASSERT_TRUE(ap.arrs && ap.arrs_cap);
  EXPECT_EQ(ap.arrs_cap->wte.at(day("2022-06-01")), 2.0);
  EXPECT_EQ(ap.arrs_cap->wte.at(day("2023-06-01")), 3.0);
  EXPECT_EQ(ap.arrs_cap->above_wte.at(day("2023-06-01")), 6.0);
  const role& dtl = rules.roles.at(rules.find_role("digital_transformation_lead"));
  ASSERT_TRUE(dtl.arrs && dtl.arrs_cap);
  EXPECT_EQ(dtl.arrs_cap->wte.at(day("2023-06-01")), 1.0);
  EXPECT_EQ(dtl.arrs_cap->driver, no_index);
}

TEST(Plan, CommandLineOnTheExamples) {
  // EX004 on 2021-06-01 is 12.7036 h/week short on SMR and care-home medication reviews (see
  // docs/plan.md): the cheapest cover is clinical pharmacist time at £55,670 / 37.5 h = £1,484.53
  // per weekly hour, 12.7036 h = 0.3388 WTE, £18,858.93 a year.
  const std::string src = DESCHECK_SOURCE_DIR;
  const std::string inputs = " --rules " + src + "/specs/des-england --networks " + src +
                             "/examples/networks.csv --staff " + src + "/examples/staff.csv --at 2021-06-01";
  const auto dir = cli_runner::scratch("descheck-plan-cli");
  const auto ok = cli_runner::run("plan" + inputs + " --network EX004 --format csv", dir);
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(ok.out,
            "scenario,network_id,date,row,role,status,wte,cost,hours,demand_hours,covered_hours,shortfall_hours,"
            "arrs_cost,fits_entitlement,networks,reason\n"
            "baseline,EX004,2021-06-01,network,,planned,0.3388,18858.9304,12.7036,126.6245,126.6245,0.0000,"
            "18858.9304,yes,1,\n"
            "baseline,EX004,2021-06-01,hire,clinical_pharmacist,,0.3388,18858.9304,12.7036,,,,18858.9304,,,\n");
  EXPECT_NE(ok.err.find("plan: 1 networks, 1 needing hires: 0.3388 WTE, cost GBP 18858.93"), std::string::npos)
      << ok.err;
  const auto bad = cli_runner::run("plan" + inputs + " --cost clinical_pharmacst=50000", dir);
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err,
            "descheck: error[DC100]: --cost: unknown role 'clinical_pharmacst' (did you mean "
            "'clinical_pharmacist'?)\n");
  const auto money = cli_runner::run("plan" + inputs + " --budget lots", dir);
  EXPECT_EQ(money.status, 2);
  EXPECT_NE(money.err.find("error[DC100]: --budget: 'lots' is not an amount in GBP"), std::string::npos) << money.err;
  // A horizon: EX004's first post is the 0.3388 WTE of pharmacist from 2020-10-01 (SMR in force).
  const std::string files = " --rules " + src + "/specs/des-england --networks " + src +
                            "/examples/networks.csv --staff " + src + "/examples/staff.csv";
  const auto horizon =
      cli_runner::run("plan" + files + " --network EX004 --horizon 2020-04-01..2021-06-01 --format csv", dir);
  ASSERT_EQ(horizon.status, 0) << horizon.err;
  EXPECT_NE(horizon.out.find("baseline,EX004,2020-04-01,2021-06-01,post,clinical_pharmacist,,0.3388,2020-10-01,"
                             "18858.9304,\n"),
            std::string::npos)
      << horizon.out;
  const auto both = cli_runner::run("plan" + inputs + " --horizon 2020-04-01..2021-06-01", dir);
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("error[DC060]: 'plan' takes --at DATE or --horizon FROM..TO, not both"), std::string::npos)
      << both.err;
  std::filesystem::remove_all(dir);
}

}  // namespace

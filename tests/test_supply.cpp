// Funded and supply-limited planning (SPEC 10): the entitlement budget's statuses and the national
// supply program (supply.hpp), on small cases computed by hand in the comment above each.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_runner.hpp"
#include "descheck/core/limits.hpp"
#include "descheck/plan/plan.hpp"
#include "descheck/plan/supply.hpp"
#include "fixtures.hpp"

namespace {

using namespace fixtures;

// An ARRS role reimbursed up to `gbp` per WTE a year, from the beginning of time.
void set_arrs(rule_set& rules, role_index k, double gbp) {
  rules.roles[k].arrs = arrs_terms{schedule::constant(gbp), schedule::constant(1.0), schedule()};
}

double wte_of(const std::vector<hire>& hires, role_index k) {
  for (const hire& h : hires)
    if (h.role == k) return h.wte;
  return 0.0;
}

// A (£75,000: £2,000 per weekly hour) has 10 h in post in N1; B (£37,500: £1,000 an hour) none.
// r1 (10 h) by A or B, r2 (10 h) by A only. The cheapest compliant plan: A's 10 h to r2 and 10 h
// of B for r1, £10,000. N2 is compliant (1 WTE of A and of B); N3 needs r3 (5 h), GP time only.
struct entitlement_case {
  builder b;
  role_index a = b.role("a");
  role_index bb = b.role("b");
  role_index gp = b.role("gp", 0.05);
  panel_fixture pb;
  const panel* p = nullptr;
  entitlement_case() {
    b.workload("s", "r1", 10, {by(a), by(bb)});
    b.workload("s", "r2", 10, {by(a)});
    b.workload("t", "r3", 5, {by(gp), by(a, 0.0)});
    b.finish();
    set_arrs(b.rules, a, 75000);
    set_arrs(b.rules, bb, 37500);
    b.rules.roles[gp].cost_per_wte = schedule::constant(90000);  // a cost, but not ARRS
    const auto n1 = pb.network("N1", 0);
    pb.post(n1, a, 10.0 / 37.5);
    pb.post(n1, gp, 5.0 / 1.875);
    const auto n2 = pb.network("N2", 0);
    pb.post(n2, a, 1.0);
    pb.post(n2, bb, 1.0);
    pb.post(n2, gp, 5.0 / 1.875);
    pb.network("N3", 0);
    p = &pb.finish();
  }
};

TEST(Entitlement, StatusesFollowTheHeadroom) {
  entitlement_case c;
  plan_options o;
  o.entitlement_budget = true;
  planner plan(c.b.rules, *c.p, o);
  const date at = day("2021-01-01");
  // £12,000 of headroom covers the £10,000 plan.
  const plan_result& fundable = plan.run(0, at, 12000.0);
  EXPECT_EQ(fundable.status, plan_status::fundable);
  EXPECT_NEAR(fundable.cost, 10000.0, 0.01);
  EXPECT_NEAR(wte_of(fundable.hires, c.bb), 10.0 / 37.5, 1e-6);
  EXPECT_TRUE(*fundable.fits_entitlement);
  // £4,000 buys 4 h of B: 14 of 20 h of r1 and r2 (and r3's 5 h) covered.
  const plan_result& short_of = plan.run(0, at, 4000.0);
  EXPECT_EQ(short_of.status, plan_status::not_fundable);
  EXPECT_LE(short_of.cost, 4000.0);
  EXPECT_NEAR(short_of.cost, 4000.0, 0.5);
  EXPECT_NEAR(short_of.covered_hours, 19.0, 1e-3);
  EXPECT_NEAR(short_of.shortfall_hours, 6.0, 1e-3);
  EXPECT_NEAR(short_of.full_cost, 10000.0, 0.01);
  // Over the entitlement already: nothing to spend, nothing hired.
  const plan_result& over = plan.run(0, at, -500.0);
  EXPECT_EQ(over.status, plan_status::not_fundable);
  EXPECT_TRUE(over.hires.empty());
  EXPECT_NEAR(over.covered_hours, 15.0, 1e-3);
  EXPECT_EQ(plan.run(1, at, 0.0).status, plan_status::compliant_already);
  // N3 needs GP time: GPs have a cost in the rule set, but ARRS does not reimburse them.
  const plan_result& gp_short = plan.run(2, at, 1e9);
  EXPECT_EQ(gp_short.status, plan_status::infeasible);
  EXPECT_NE(gp_short.reason.find("t.r3"), std::string::npos) << gp_short.reason;
  // Without the entitlement budget the GP can be hired at the rule set's cost.
  planner plain(c.b.rules, *c.p);
  EXPECT_EQ(plain.run(2, at).status, plan_status::planned);
  // A cost on the command line replaces the maximum reimbursement: B at £18,750 a WTE (£500 an
  // hour) makes the plan £5,000, within £6,000.
  o.cost_per_wte = {{c.bb, 18750.0}};
  planner cheaper(c.b.rules, *c.p, o);
  const plan_result& r = cheaper.run(0, at, 6000.0);
  EXPECT_EQ(r.status, plan_status::fundable);
  EXPECT_NEAR(r.cost, 5000.0, 0.01);
  EXPECT_STREQ(to_string(plan_status::fundable), "fundable");
  EXPECT_STREQ(to_string(plan_status::not_fundable), "not_fundable");
}

TEST(Entitlement, BudgetAndEntitlementTogetherAreRefused) {
  entitlement_case c;
  plan_options o;
  o.entitlement_budget = true;
  o.budget = 1000.0;
  try {
    planner bad(c.b.rules, *c.p, o);
    FAIL() << "both budgets were accepted";
  } catch (const input_error& e) {
    EXPECT_EQ(e.diagnostics().at(0).code, codes::plan_option);
  }
}

// A (£37,500: £1,000 per weekly hour) and B (£75,000: £2,000 an hour), both ARRS; r (10 h) by A or
// B. N1, N2 and N3 have nobody; N4 has 1 WTE of A and is compliant. National supply of A: 0.4 WTE,
// 15 h; B is unlimited.
struct supply_case {
  builder b;
  role_index a = b.role("a");
  role_index bb = b.role("b");
  panel_fixture pb;
  const panel* p = nullptr;
  supply_case() {
    b.workload("s", "r", 10, {by(a), by(bb)});
    b.finish();
    set_arrs(b.rules, a, 37500);
    set_arrs(b.rules, bb, 75000);
    for (const char* id : {"N1", "N2", "N3"}) pb.network(id, 0);
    pb.post(pb.network("N4", 0), a, 1.0);
    p = &pb.finish();
  }
};

TEST(Supply, SharedLimitBindsAndTheOptimumIsTheHandOne) {
  supply_case c;
  const recruitment_supply supply = parse_supply(c.b.rules, "role,wte\na,0.4\n");
  ASSERT_EQ(supply.limits.size(), 1u);
  EXPECT_EQ(supply.limit(c.a), 0.4);
  EXPECT_FALSE(supply.limit(c.bb));
  // £20,000 a network: B alone covers a network's 10 h, so all 30 h are covered. The cheapest
  // way uses all 15 h of A (£15,000) and 15 h of B (£30,000): £45,000, against £30,000 were A
  // unlimited.
  plan_options o;
  o.budget = 20000.0;
  const supply_plan all = plan_nationally(c.b.rules, *c.p, day("2021-01-01"), o, supply);
  ASSERT_EQ(all.status, supply_status::optimal);
  EXPECT_NEAR(all.covered_hours - all.covered_before, 30.0, 1e-4);
  EXPECT_NEAR(all.cost, 45000.0, 0.05);
  EXPECT_EQ(all.compliant_before, 1u);
  EXPECT_EQ(all.compliant_after, 4u);
  ASSERT_EQ(all.roles.size(), 2u);
  EXPECT_EQ(all.roles[0].role, c.a);
  EXPECT_NEAR(all.roles[0].wte, 0.4, 1e-6);
  EXPECT_EQ(all.roles[0].limit, 0.4);
  EXPECT_NEAR(all.roles[1].wte, 15.0 / 37.5, 1e-6);
  EXPECT_FALSE(all.roles[1].limit);

  // £12,000 a network: with x h of A a network covers min(10, x + (12,000 − 1,000 x) / 2,000) =
  // min(10, 6 + x / 2) h, so each hour of A is worth half an hour more until x = 8. The 15 h of A
  // are all used and add 7.5 h to the 18 h the budgets buy in B alone: 25.5 h at most. Its
  // cheapest cost: 15 h of A and 10.5 h of B, £15,000 + £21,000 = £36,000.
  o.budget = 12000.0;
  const supply_plan tight = plan_nationally(c.b.rules, *c.p, day("2021-01-01"), o, supply);
  ASSERT_EQ(tight.status, supply_status::optimal);
  EXPECT_NEAR(tight.covered_hours - tight.covered_before, 25.5, 1e-4);
  EXPECT_NEAR(tight.cost, 36000.0, 0.05);
  EXPECT_NEAR(tight.roles[0].wte, 0.4, 1e-6);
  EXPECT_NEAR(tight.roles[1].wte, 10.5 / 37.5, 1e-6);
  for (const supply_network_plan& n : tight.networks) {
    ASSERT_TRUE(n.budget);
    EXPECT_LE(n.cost, 12000.0 + 0.01);
  }
}

TEST(Supply, WithoutLimitsItMatchesThePlanner) {
  // No supply, no budget: every short network is made compliant at the planner's cost.
  entitlement_case c;
  const recruitment_supply none;
  planner plan(c.b.rules, *c.p);
  const supply_plan national = plan_nationally(c.b.rules, *c.p, day("2021-01-01"), {}, none);
  ASSERT_EQ(national.status, supply_status::optimal);
  for (const supply_network_plan& n : national.networks) {
    const plan_result& r = plan.run(n.network, day("2021-01-01"));
    EXPECT_NEAR(n.cost, r.cost, 0.01) << n.network;
    EXPECT_EQ(n.compliant_after, r.status != plan_status::infeasible) << n.network;
  }
  EXPECT_EQ(national.compliant_after, 3u);
}

// Problems of a supply file, each with its position and code.
std::vector<diagnostic> problems(const rule_set& rules, const std::string& text) {
  try {
    (void)parse_supply(rules, text, "supply.csv");
  } catch (const input_error& e) {
    return e.diagnostics();
  }
  return {};
}

TEST(Supply, BadFilesArePositionedErrors) {
  entitlement_case c;
  const auto bad = problems(c.b.rules, "role,wte\nbb,1\ngp,2\na,x\nb,-1\nb,1\nb,2\n");
  ASSERT_EQ(bad.size(), 5u);
  EXPECT_EQ(bad[0].code, codes::unknown_supply_role);
  EXPECT_EQ(bad[0].line, 2);
  EXPECT_EQ(bad[0].column, 1);
  EXPECT_NE(bad[0].message.find("did you mean 'b'"), std::string::npos) << bad[0].message;
  EXPECT_EQ(bad[1].code, codes::supply_not_arrs);
  EXPECT_EQ(bad[1].line, 3);
  EXPECT_EQ(bad[2].code, codes::csv_bad_number);
  EXPECT_EQ(bad[2].column, 2);
  EXPECT_EQ(bad[3].code, codes::csv_negative);
  EXPECT_EQ(bad[4].code, codes::duplicate_supply_role);
  EXPECT_EQ(bad[4].line, 7);
  EXPECT_EQ(problems(c.b.rules, "role\na\n").at(0).code, codes::csv_missing_column);
  // A role ARRS reimburses only from 2022 has no supply to share out in 2021.
  c.b.rules.roles[c.bb].arrs->max_reimbursement = schedule(std::vector<step>{{day("2022-04-01"), 37500.0}});
  const recruitment_supply later = parse_supply(c.b.rules, "role,wte\na,1\nb,1\n", "supply.csv");
  try {
    (void)plan_nationally(c.b.rules, *c.p, day("2021-01-01"), {}, later);
    FAIL() << "a role not reimbursable on the date was accepted";
  } catch (const input_error& e) {
    const diagnostic& d = e.diagnostics().at(0);
    EXPECT_EQ(d.code, codes::supply_not_arrs);
    EXPECT_EQ(d.file, "supply.csv");
    EXPECT_EQ(d.line, 3);
  }
}

TEST(Supply, WteOverTheBoundIsAPositionedError) {
  entitlement_case c;
  const auto bad = problems(c.b.rules, "role,wte\na,1000001\nb,inf\n");
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].code, codes::out_of_range);
  EXPECT_EQ(bad[0].file, "supply.csv");
  EXPECT_EQ(bad[0].line, 2);
  EXPECT_EQ(bad[0].column, 2);  // the field: column 'wte'
  EXPECT_EQ(format(bad[0]),
            "supply.csv:2:2: error[DC022]: column 'wte': WTE 1000001 is over the limit of 1000000 (docs/errors.md, "
            "Bounds)");
  EXPECT_NE(bad[0].message.find("over the limit of 1000000"), std::string::npos) << bad[0].message;
  EXPECT_EQ(bad[1].code, codes::csv_bad_number);
  EXPECT_EQ(bad[1].line, 3);
  // The bound itself is accepted.
  const recruitment_supply at_bound = parse_supply(c.b.rules, "role,wte\na,1000000\n", "supply.csv");
  ASSERT_EQ(at_bound.limits.size(), 1u);
  EXPECT_EQ(at_bound.limits[0].wte, limits::max_supply_wte);
}

TEST(Supply, WritesLongRows) {
  supply_case c;
  plan_options o;
  o.budget = 5000.0;
  const supply_plan plan =
      plan_nationally(c.b.rules, *c.p, day("2021-01-01"), o, parse_supply(c.b.rules, "role,wte\na,0.4\n"), {0, 3});
  std::ostringstream out;
  write_supply_plan(out, c.b.rules, *c.p, plan, table_format::csv);
  EXPECT_EQ(
      out.str(),
      "scenario,network_id,date,row,role,status,wte,limit,cost,hours,budget,demand_hours,covered_before,"
      "covered_hours,compliant_before,compliant_after,networks\n"
      "baseline,N1,2021-01-01,network,,short,0.1333,,5000.0000,5.0000,5000.0000,10.0000,0.0000,5.0000,no,no,1\n"
      "baseline,N1,2021-01-01,hire,a,,0.1333,,5000.0000,5.0000,,,,,,,\n"
      "baseline,N4,2021-01-01,network,,compliant_already,0.0000,,0.0000,0.0000,5000.0000,10.0000,10.0000,10.0000,yes,"
      "yes,1\n");
  std::ostringstream totals;
  write_table(totals, supply_totals_table(c.b.rules, plan), table_format::csv);
  EXPECT_EQ(totals.str(),
            "scenario,network_id,date,row,role,status,wte,limit,cost,hours,budget,demand_hours,covered_before,"
            "covered_hours,compliant_before,compliant_after,networks\n"
            "baseline,,2021-01-01,supply,a,,0.1333,0.4000,5000.0000,,,,,,,,1\n"
            "baseline,,2021-01-01,total,,optimal,0.1333,,5000.0000,5.0000,10000.0000,20.0000,10.0000,15.0000,1,1,2\n");
}

TEST(Supply, CommandLine) {
  // Figures of the shipped rule set change; the test checks shapes and errors, not amounts.
  const std::string src = DESCHECK_SOURCE_DIR;
  const std::string inputs = " --rules " + src + "/specs/des-england --networks " + src +
                             "/examples/networks.csv --staff " + src + "/examples/staff.csv --at 2021-06-01";
  const auto dir = cli_runner::scratch("descheck-supply-cli");
  const auto funded = cli_runner::run("plan" + inputs + " --budget entitlement --network EX004 --format csv", dir);
  ASSERT_EQ(funded.status, 0) << funded.err;
  EXPECT_TRUE(funded.out.find("baseline,EX004,2021-06-01,network,,fundable,") != std::string::npos ||
              funded.out.find("baseline,EX004,2021-06-01,network,,not_fundable,") != std::string::npos)
      << funded.out;
  const auto assumed =
      cli_runner::run("plan" + inputs + " --budget entitlement --assume-arrs --network EX004 --format csv", dir);
  EXPECT_EQ(assumed.status, 0) << assumed.err;
  const auto alone = cli_runner::run("plan" + inputs + " --assume-arrs", dir);
  EXPECT_EQ(alone.status, 2);
  EXPECT_NE(alone.err.find("--assume-arrs"), std::string::npos) << alone.err;

  const auto file = dir / "supply.csv";
  std::ofstream(file) << "role,wte\nclinical_pharmacst,1\n";
  const auto typo = cli_runner::run("plan" + inputs + " --supply " + file.string(), dir);
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(typo.err.find(file.string() + ":2:1: error[DC120]"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("did you mean 'clinical_pharmacist'"), std::string::npos) << typo.err;
  std::ofstream(file) << "role,wte\ngp,1\n";
  const auto gp = cli_runner::run("plan" + inputs + " --supply " + file.string(), dir);
  EXPECT_EQ(gp.status, 2);
  EXPECT_NE(gp.err.find(file.string() + ":2:1: error[DC121]"), std::string::npos) << gp.err;
  std::ofstream(file) << "role,wte\nclinical_pharmacist,0.2\n";
  const auto totals = dir / "totals.csv";
  const auto ok = cli_runner::run(
      "plan" + inputs + " --budget entitlement --supply " + file.string() + " --format csv --totals " + totals.string(),
      dir);
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(ok.out.find(",total,"), std::string::npos) << ok.out;
  const std::string national = cli_runner::slurp(totals);
  EXPECT_NE(national.find(",supply,clinical_pharmacist,,"), std::string::npos) << national;
  EXPECT_NE(national.find(",total,,optimal,"), std::string::npos) << national;
  const auto horizon = cli_runner::run(
      "plan --rules " + src + "/specs/des-england --networks " + src + "/examples/networks.csv --staff " + src +
          "/examples/staff.csv --horizon 2020-04-01..2021-06-01 --supply " + file.string(),
      dir);
  EXPECT_EQ(horizon.status, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace

// Golden cases for SPEC 4, each computed by hand in the comment above it.
#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace {

using namespace fixtures;
constexpr double eps = 1e-6;

const requirement_result& row(const check_result& r, const rule_set& rules, const std::string& id) {
  for (const auto& x : r.requirements) {
    const auto ref = rules.flat[x.requirement];
    if (rules.services[ref.service].requirements[ref.requirement].id == id) return x;
  }
  throw std::runtime_error("no active requirement " + id);
}

TEST(Check, MaxMinFairnessDiffersFromFirstCome) {
  // Pharmacist: 1 WTE x 37.5 h x 0.8 = 30 h. A needs 40 h, B 20 h. First-come would give A 30, B 0;
  // max-min fair gives both coverage 0.5: A 20 h, B 10 h.
  builder b;
  const auto pharm = b.role("pharmacist", 0.8);
  b.workload("s", "a", 40, {by(pharm)});
  b.workload("s", "b", 20, {by(pharm)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.post(pb.network("N1", 0), pharm, 1.0);
  const panel& p = pb.finish();
  checker check(rules, p);
  const auto& r = check.run(0, day("2021-01-01"));
  EXPECT_NEAR(row(r, rules, "a").delivered, 20.0, eps);
  EXPECT_NEAR(row(r, rules, "b").delivered, 10.0, eps);
  EXPECT_EQ(row(r, rules, "a").status, requirement_status::partial);
  EXPECT_EQ(r.state, network_state::non_compliant);
  EXPECT_EQ(r.active, 2u);
  EXPECT_EQ(r.unmet, 2u);
  EXPECT_NEAR(r.demand_hours, 60.0, eps);
  EXPECT_NEAR(r.delivered_hours, 30.0, eps);
  EXPECT_NEAR(r.shortfall_hours(), 30.0, eps);
}

TEST(Check, MaxShareCapsOneRolesPart) {
  // R needs 20 h. GP (1 WTE, 37.5 h) may give at most 25% = 5 h; pharmacist 0.2 share = 7.5 h.
  // Delivered 12.5 h, partial, although the GP has 32.5 h spare.
  builder b;
  const auto gp = b.role("gp");
  const auto pharm = b.role("pharmacist", 0.2);
  b.workload("s", "r", 20, {by(gp, 0.25), by(pharm)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n = pb.network("N1", 0);
  pb.post(n, gp, 1.0);
  pb.post(n, pharm, 1.0);
  checker check(rules, pb.finish());
  const auto& r = check.run(0, day("2021-01-01"));
  EXPECT_NEAR(r.requirements[0].delivered, 12.5, eps);
  EXPECT_EQ(r.requirements[0].status, requirement_status::partial);
  double gp_hours = 0;
  for (const auto& f : r.flows)
    if (f.role == gp) gp_hours += f.hours;
  EXPECT_NEAR(gp_hours, 5.0, eps);
}

TEST(Check, EarlierPriorityIsServedFirst) {
  // One role with 30 h. A (priority 1) needs 25 h, B (priority 2) 20 h: A met in full, B gets 5 h.
  // With equal priority max-min fairness would give A 16.67 h and B 13.33 h.
  builder b;
  const auto k = b.role("nurse", 0.8);
  b.workload("s", "a", 25, {by(k)}, 1);
  b.workload("s", "b", 20, {by(k)}, 2);
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.post(pb.network("N1", 0), k, 1.0);
  checker check(rules, pb.finish());
  const auto& r = check.run(0, day("2021-01-01"));
  EXPECT_NEAR(row(r, rules, "a").delivered, 25.0, eps);
  EXPECT_EQ(row(r, rules, "a").status, requirement_status::met);
  EXPECT_NEAR(row(r, rules, "b").delivered, 5.0, eps);
  EXPECT_EQ(row(r, rules, "b").status, requirement_status::partial);
}

TEST(Check, StaffingCountsRawWte) {
  // Lead needs 0.1 WTE of gp or ap. 0.05 GP alone: unmet (available share does not matter).
  // Adding 0.05 AP: 0.1 >= 0.1, met.
  builder b;
  const auto gp = b.role("gp", 0.05);
  const auto ap = b.role("ap");
  b.staffing("s", "lead", 0.1, {by(gp), by(ap)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n1 = pb.network("N1", 0);
  const auto n2 = pb.network("N2", 0);
  pb.post(n1, gp, 0.05);
  pb.post(n2, gp, 0.05);
  pb.post(n2, ap, 0.05);
  checker check(rules, pb.finish());
  const auto& r1 = check.run(n1, day("2021-01-01"));
  EXPECT_EQ(r1.requirements[0].status, requirement_status::unmet);
  EXPECT_NEAR(r1.requirements[0].delivered, 0.05, eps);
  EXPECT_EQ(r1.state, network_state::non_compliant);
  EXPECT_NEAR(r1.demand_hours, 0.0, eps);  // staffing is not counted in hours
  const auto& r2 = check.run(n2, day("2021-01-01"));
  EXPECT_EQ(r2.requirements[0].status, requirement_status::met);
  EXPECT_EQ(r2.state, network_state::compliant);
}

TEST(Check, RoleNobodyMayUseAndRequirementNobodyCanDeliver) {
  // Coach has 37.5 h but no requirement lists coaches; R may only be done by paramedics (none).
  builder b;
  const auto coach = b.role("coach");
  const auto paramedic = b.role("paramedic");
  b.workload("s", "r", 10, {by(paramedic)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.post(pb.network("N1", 0), coach, 1.0);
  checker check(rules, pb.finish());
  const auto& r = check.run(0, day("2021-01-01"), {.bottlenecks = true});
  EXPECT_EQ(r.requirements[0].status, requirement_status::unmet);
  EXPECT_NEAR(r.requirements[0].delivered, 0.0, eps);
  ASSERT_EQ(r.capacities.size(), 1u);
  EXPECT_EQ(r.capacities[0].role, coach);
  EXPECT_NEAR(r.capacities[0].used, 0.0, eps);
  ASSERT_EQ(r.bottlenecks.size(), 1u);
  EXPECT_EQ(r.bottlenecks[0].roles, std::vector<role_index>{paramedic});
  EXPECT_NEAR(r.bottlenecks[0].capacity_hours, 0.0, eps);
  EXPECT_NEAR(r.bottlenecks[0].demand_hours, 10.0, eps);
  (void)coach;
}

TEST(Check, ZeroDemandIsMet) {
  // A driver of 0 care-home beds makes the demand 0: met, coverage 1.
  builder b;
  const auto gp = b.role("gp");
  const auto beds = b.driver("beds");
  requirement& r = b.workload("s", "round", 0.1, {by(gp)});
  r.terms[0].driver = beds;
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n = pb.network("N1", 1);
  pb.p.networks[n].drivers[beds] = schedule::constant(0);
  checker check(rules, pb.finish());
  const auto& out = check.run(0, day("2021-01-01"));
  ASSERT_EQ(out.requirements.size(), 1u);
  EXPECT_EQ(out.requirements[0].status, requirement_status::met);
  EXPECT_DOUBLE_EQ(out.requirements[0].coverage(), 1.0);
  EXPECT_EQ(out.state, network_state::compliant);
}

TEST(Check, NothingInForce) {
  builder b;
  const auto gp = b.role("gp");
  b.workload("s", "r", 5, {by(gp)}, 1, "2020-10-01");
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.network("N1", 0);
  checker check(rules, pb.finish());
  const auto& out = check.run(0, day("2020-09-30"));
  EXPECT_EQ(out.state, network_state::not_in_force);
  EXPECT_EQ(out.active, 0u);
  EXPECT_TRUE(out.requirements.empty());
  EXPECT_EQ(check.run(0, day("2020-10-01")).state, network_state::non_compliant);
}

TEST(Check, DemandFromDriverRatePerYearAndPhase) {
  // 10,000 patients x 0.03 cohort x 1 h per year = 300 h a year = 300 / (365.25/7) h a week,
  // at phase 0.5: 2.874743 h/week.
  builder b;
  const auto pharm = b.role("pharmacist");
  const auto patients = b.driver("patients");
  requirement& r = b.workload("smr", "reviews", 0.03, {by(pharm)}, 1, "2020-10-01", 0.5);
  r.terms[0].driver = patients;
  r.terms[0].per = "year";
  r.terms[0].weeks_per_period = 365.25 / 7.0;
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n = pb.network("N1", 1);
  pb.p.networks[n].drivers[patients] = schedule::constant(10'000);
  checker check(rules, pb.finish());
  const auto& out = check.run(0, day("2021-01-01"));
  EXPECT_NEAR(out.requirements[0].demand, 300.0 * 0.5 * 7.0 / 365.25, 1e-9);
  EXPECT_EQ(out.requirements[0].status, requirement_status::unmet);
}

TEST(Check, DefaultWteWhereTheNetworkHasNoPostInForceOnTheDate) {
  // GP default 0.45 WTE per 1,000 patients x 37.5 h x 0.05 available: 20,000 patients -> 9 WTE,
  // 16.875 h. SPEC v2 4.3: the default is judged per date. A network with a GP row (0.5 WTE from
  // 2022) gets the default before the row starts and 0.5 WTE, no default, once it is in force.
  builder b;
  const auto patients = b.driver("patients");
  const auto gp = b.role("gp", 0.05);
  b.rules.roles[gp].default_wte = derived_default{patients, schedule::constant(0.00045)};
  b.workload("s", "r", 16.875, {by(gp)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n1 = pb.network("N1", 1);
  const auto n2 = pb.network("N2", 1);
  pb.p.networks[n1].drivers[patients] = schedule::constant(20'000);
  pb.p.networks[n2].drivers[patients] = schedule::constant(20'000);
  pb.post(n2, gp, 0.5, "2022-01-01");
  checker check(rules, pb.finish());
  const auto& r1 = check.run(n1, day("2021-01-01"));
  ASSERT_EQ(r1.capacities.size(), 1u);
  EXPECT_TRUE(r1.capacities[0].defaulted);
  EXPECT_NEAR(r1.capacities[0].wte, 9.0, eps);
  EXPECT_EQ(r1.state, network_state::compliant);
  const auto& before = check.run(n2, day("2021-12-31"));
  ASSERT_EQ(before.capacities.size(), 1u);
  EXPECT_TRUE(before.capacities[0].defaulted);
  EXPECT_NEAR(before.capacities[0].wte, 9.0, eps);
  EXPECT_EQ(before.state, network_state::compliant);
  const auto& after = check.run(n2, day("2022-01-01"));
  ASSERT_EQ(after.capacities.size(), 1u);
  EXPECT_FALSE(after.capacities[0].defaulted);
  EXPECT_NEAR(after.capacities[0].wte, 0.5, eps);
  EXPECT_EQ(after.state, network_state::non_compliant);
}

TEST(Check, PostsCountFromStartToEndInclusive) {
  builder b;
  const auto k = b.role("pharmacist");
  b.workload("s", "r", 37.5, {by(k)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.post(pb.network("N1", 0), k, 1.0, "2021-01-01", "2021-06-30");
  checker check(rules, pb.finish());
  EXPECT_EQ(check.run(0, day("2020-12-31")).state, network_state::non_compliant);
  EXPECT_EQ(check.run(0, day("2021-01-01")).state, network_state::compliant);
  EXPECT_EQ(check.run(0, day("2021-06-30")).state, network_state::compliant);
  EXPECT_EQ(check.run(0, day("2021-07-01")).state, network_state::non_compliant);
}

TEST(Check, BottleneckGroupNamesTheSharedRolesAndTheirCapacity) {
  // Reviews (30 h) and care-home medication reviews (20 h) share pharmacists (20 h) and technicians
  // (10 h, only for the care-home reviews). Coaching (5 h) by coaches is met and stays out of the group.
  builder b;
  const auto pharm = b.role("pharmacist");
  const auto tech = b.role("technician");
  const auto coach = b.role("coach");
  b.workload("smr", "reviews", 30, {by(pharm)});
  b.workload("ehch", "medication", 20, {by(pharm), by(tech)});
  b.workload("pc", "coaching", 5, {by(coach)});
  const rule_set& rules = b.finish();
  panel_fixture pb;
  const auto n = pb.network("N1", 0);
  pb.post(n, pharm, 20.0 / 37.5);
  pb.post(n, tech, 10.0 / 37.5);
  pb.post(n, coach, 1.0);
  checker check(rules, pb.finish());
  const auto& r = check.run(0, day("2021-01-01"), {.bottlenecks = true});
  // 30 h for 50 h: equal coverage 0.6 -> reviews 18 h, medication 12 h.
  EXPECT_NEAR(row(r, rules, "reviews").delivered, 18.0, eps);
  EXPECT_NEAR(row(r, rules, "medication").delivered, 12.0, eps);
  EXPECT_EQ(row(r, rules, "coaching").status, requirement_status::met);
  ASSERT_EQ(r.bottlenecks.size(), 1u);
  const auto& g = r.bottlenecks[0];
  EXPECT_EQ(g.requirements.size(), 2u);
  EXPECT_EQ(g.roles, (std::vector<role_index>{pharm, tech}));
  EXPECT_NEAR(g.demand_hours, 50.0, eps);
  EXPECT_NEAR(g.capacity_hours, 30.0, eps);
  EXPECT_EQ(row(r, rules, "reviews").bottleneck, 0);
  EXPECT_EQ(row(r, rules, "medication").bottleneck, 0);
  EXPECT_EQ(row(r, rules, "coaching").bottleneck, -1);
}

TEST(Check, MissingDriverIsAnInputError) {
  builder b;
  const auto gp = b.role("gp");
  const auto beds = b.driver("beds");
  b.workload("s", "round", 0.1, {by(gp)}).terms[0].driver = beds;
  const rule_set& rules = b.finish();
  panel_fixture pb;
  pb.network("N1", 1);
  checker check(rules, pb.finish());
  try {
    (void)check.run(0, day("2021-01-01"));
    FAIL() << "expected an input_error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, "DC050");
    EXPECT_NE(e.first().message.find("'beds'"), std::string::npos);
  }
}

TEST(Check, MissingDriverPointsAtTheRowAndColumnOfTheNetworksFile) {
  builder b;
  const auto gp = b.role("gp");
  const auto beds = b.driver("beds");
  b.driver("patients");
  b.workload("s", "round", 0.1, {by(gp)}).terms[0].driver = beds;
  const rule_set& rules = b.finish();
  const auto first_error = [&](std::string_view networks_csv, std::uint32_t index) {
    const panel p = parse_panel(rules, networks_csv, "network_id,role,wte\n", "networks.csv", "staff.csv");
    checker check(rules, p);
    try {
      (void)check.run(index, day("2021-01-01"));
    } catch (const input_error& e) {
      return format(e.first());
    }
    return std::string("no error");
  };
  EXPECT_EQ(first_error("network_id,patients,beds\nN1,100,5\nN2,100,\n", 1),
            "networks.csv:3:3: error[DC050]: column 'beds': network 'N2' has no value for driver 'beds' on "
            "2021-01-01 (needed by s.round) and the driver has no default estimate");
  EXPECT_EQ(first_error("network_id,patients\nN1,100\n", 0).substr(0, 53),
            "networks.csv:1:1: error[DC050]: no column 'beds': net");
}

}  // namespace

// A panel filled by hand that does not fit its rule set is refused with a coded input_error where a
// checker, pooled checker, series or planner is made, never read out of bounds while checking.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "fixtures.hpp"

namespace {

using namespace fixtures;

// A rule set with two roles and two drivers, and a consistent two-network panel for it.
struct consistent {
  builder b;
  role_index pharm = 0, nurse = 0;
  driver_index patients = 0, beds = 0;
  panel_fixture pb;
  consistent() {
    pharm = b.role("pharmacist", 0.8);
    nurse = b.role("nurse");
    patients = b.driver("patients");
    beds = b.driver("beds");
    b.workload("s", "reviews", 10, {by(pharm), by(nurse)});
    b.finish();
    const auto n1 = pb.network("N1", 2);
    const auto n2 = pb.network("N2", 2);
    pb.p.networks[n1].drivers[patients] = schedule::constant(10'000);
    pb.post(n1, pharm, 1.0);
    pb.post(n2, nurse, 0.5);
    pb.post(n2, pharm, 0.5);
    pb.finish();
  }
  const rule_set& rules() const { return b.rules; }
};

// The code of the input_error making a checker throws, or "none".
std::string checker_code(const rule_set& rules, const panel& p) {
  try {
    checker check(rules, p);
    (void)check.run(0, day("2021-01-01"));
  } catch (const input_error& e) {
    return e.first().code;
  }
  return "none";
}

TEST(PanelConsistency, AConsistentPanelChecks) {
  consistent c;
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), "none");
  // A network without driver values (an empty vector) is consistent: every driver is undefined.
  c.pb.p.networks[1].drivers.clear();
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), "none");
  EXPECT_NO_THROW(validate_panel(c.rules(), c.pb.p));
}

TEST(PanelConsistency, DriversVectorOfTheWrongSize) {
  consistent c;
  c.pb.p.networks[0].drivers.resize(1);
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::inconsistent_panel);
  c.pb.p.networks[0].drivers.resize(3);
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::inconsistent_panel);
}

TEST(PanelConsistency, FirstPostOfTheWrongShape) {
  consistent c;
  panel p = c.pb.p;
  p.first_post = {0};  // two networks need three entries
  EXPECT_EQ(checker_code(c.rules(), p), codes::inconsistent_panel);
  p.first_post = {0, 2, 1};  // decreasing
  EXPECT_EQ(checker_code(c.rules(), p), codes::inconsistent_panel);
  p.first_post = {0, 1, 9};  // past the posts
  EXPECT_EQ(checker_code(c.rules(), p), codes::inconsistent_panel);
  p.first_post = {1, 1, 3};  // the first post belongs to no network
  EXPECT_EQ(checker_code(c.rules(), p), codes::inconsistent_panel);
  p.first_post.clear();  // posts that no network would ever see
  EXPECT_EQ(checker_code(c.rules(), p), codes::inconsistent_panel);
}

TEST(PanelConsistency, PostInTheRangeOfAnotherNetwork) {
  consistent c;
  c.pb.p.posts[0].network = 1;  // within network 0's range
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::inconsistent_panel);
  c.pb.p.posts[0].network = 7;  // no network at all
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::inconsistent_panel);
}

TEST(PanelConsistency, RoleIndexOutOfRange) {
  consistent c;
  c.pb.p.posts[1].role = 2;
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::unknown_role);
  c.pb.p.posts[1].role = no_index;
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::unknown_role);
}

TEST(PanelConsistency, WteNotFiniteNegativeOrOverTheBound) {
  consistent c;
  const auto code_with = [&](double wte) {
    panel p = c.pb.p;
    p.posts[0].wte = wte;
    return checker_code(c.rules(), p);
  };
  EXPECT_EQ(code_with(std::nan("")), codes::csv_bad_number);
  EXPECT_EQ(code_with(std::numeric_limits<double>::infinity()), codes::csv_bad_number);
  EXPECT_EQ(code_with(-0.5), codes::csv_negative);
  EXPECT_EQ(code_with(limits::max_wte * 2), codes::out_of_range);
  EXPECT_EQ(code_with(limits::max_wte), "none");
}

TEST(PanelConsistency, PostEndingBeforeItStarts) {
  consistent c;
  c.pb.p.posts[0].start = day("2021-06-01");
  c.pb.p.posts[0].end = day("2021-05-31");
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::out_of_range);
}

TEST(PanelConsistency, DriverValueNotFiniteNegativeOrOverTheBound) {
  consistent c;
  const auto code_with = [&](double value) {
    panel p = c.pb.p;
    p.networks[1].drivers[c.beds] = schedule::constant(value);
    return checker_code(c.rules(), p);
  };
  EXPECT_EQ(code_with(std::nan("")), codes::csv_bad_number);
  EXPECT_EQ(code_with(-std::numeric_limits<double>::infinity()), codes::csv_bad_number);
  EXPECT_EQ(code_with(-1), codes::csv_negative);
  EXPECT_EQ(code_with(limits::max_driver + 1), codes::out_of_range);
  EXPECT_EQ(code_with(limits::max_driver), "none");
}

TEST(PanelConsistency, DriverStepsOutOfOrder) {
  consistent c;
  c.pb.p.networks[0].drivers[c.patients] =
      schedule({{day("2022-01-01"), 5.0, no_origin}, {day("2021-01-01"), 6.0, no_origin}});
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::date_order);
}

TEST(PanelConsistency, DuplicateNetworkId) {
  consistent c;
  c.pb.p.networks[1].id = "N1";
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::duplicate_network);
}

TEST(PanelConsistency, CoverageOfTheWrongSizeOrOrder) {
  consistent c;
  panel p = c.pb.p;
  p.coverage.resize(1);  // two networks
  EXPECT_EQ(checker_code(c.rules(), p), codes::inconsistent_panel);
  p.coverage = {{{day("2021-01-01"), day("2020-01-01")}}, {}};
  EXPECT_EQ(checker_code(c.rules(), p), codes::coverage_order);
  p.coverage = {{{day("2020-01-01"), day("2021-06-01")}, {day("2021-01-01"), date::max()}}, {}};
  EXPECT_EQ(checker_code(c.rules(), p), codes::coverage_overlap);
}

TEST(PanelConsistency, DriverColumnsOfTheWrongSize) {
  consistent c;
  c.pb.p.driver_columns = {3};
  EXPECT_EQ(checker_code(c.rules(), c.pb.p), codes::inconsistent_panel);
}

TEST(PanelConsistency, EveryProblemIsReportedWithItsNetwork) {
  consistent c;
  c.pb.p.posts[0].wte = -1;
  c.pb.p.posts[2].role = 5;
  try {
    validate_panel(c.rules(), c.pb.p);
    FAIL() << "no error";
  } catch (const input_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_NE(e.diagnostics()[0].message.find("'N1'"), std::string::npos) << e.what();
    EXPECT_NE(e.diagnostics()[1].message.find("'N2'"), std::string::npos) << e.what();
  }
}

TEST(PanelConsistency, SeriesAndPlannerRefuseToo) {
  consistent c;
  c.pb.p.posts[0].role = 9;
  EXPECT_THROW(series_engine(c.rules(), c.pb.p), input_error);
  EXPECT_THROW(planner(c.rules(), c.pb.p), input_error);
}

// The code of the input_error making a pooled checker throws, or "none".
std::string pooled_code(const rule_set& rules, const panel& p, const pool_set& pools) {
  try {
    pooled_checker check(rules, p, pools);
    (void)check.run(day("2021-01-01"));
  } catch (const input_error& e) {
    return e.first().code;
  }
  return "none";
}

TEST(PanelConsistency, PoolsThatDoNotFitThePanel) {
  consistent c;
  const auto with = [&](auto edit) {
    pool_set pools;
    pools.pools.push_back(pool{"P1", {0, 1}, {}, 0});
    post shared;
    shared.network = no_index;
    shared.role = c.pharm;
    shared.wte = 1.0;
    pools.pools[0].posts.push_back(shared);
    edit(pools.pools[0]);
    return pooled_code(c.rules(), c.pb.p, pools);
  };
  EXPECT_EQ(with([](pool&) {}), "none");
  EXPECT_EQ(with([](pool& p) { p.members.push_back(5); }), codes::unknown_pool_member);
  EXPECT_EQ(with([](pool& p) { p.members.push_back(0); }), codes::duplicate_pool_member);
  EXPECT_EQ(with([](pool& p) { p.id = "N2"; }), codes::pool_id_clash);
  EXPECT_EQ(with([](pool& p) { p.posts[0].role = 4; }), codes::unknown_role);
  EXPECT_EQ(with([](pool& p) { p.posts[0].wte = std::nan(""); }), codes::csv_bad_number);
  EXPECT_EQ(with([](pool& p) { p.posts[0].network = 2; }), codes::inconsistent_panel);
  // The panel itself is checked too.
  c.pb.p.posts[0].role = 9;
  EXPECT_EQ(with([](pool&) {}), codes::unknown_role);
}

TEST(PanelConsistency, FundingRefusesAShortDriversVector) {
  // The funding report read the `london` driver (index 1) of a network given only
  // registered_patients (index 0): past the end of its vector.
  const rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  ASSERT_EQ(rules.find_driver("registered_patients"), 0u);
  ASSERT_EQ(rules.find_driver("london"), 1u);
  panel p;
  p.networks.push_back(network{"N1", "", "", {schedule::constant(40'000)}, 0});
  post row;
  row.role = rules.find_role("clinical_pharmacist");
  row.wte = 1.0;
  row.funding = funding_kind::arrs;
  p.posts.push_back(row);
  p.first_post = {0, 1};
  try {
    (void)summarise_funding(rules, p, 2022);
    FAIL() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().code, codes::inconsistent_panel) << e.what();
  }
  // With one schedule per driver it is read as it should be.
  p.networks[0].drivers.resize(rules.drivers.size());
  EXPECT_EQ(summarise_funding(rules, p, 2022).networks.size(), 1u);
}

}  // namespace

// Golden results of the shipped rule set on the sample networks, as documented in examples/README.md.
#include <gtest/gtest.h>

#include <filesystem>

#include "descheck/descheck.hpp"

namespace {

using namespace descheck;
namespace fs = std::filesystem;
const fs::path source = DESCHECK_SOURCE_DIR;

struct expected {
  const char* network;
  network_state state;
  double shortfall;
};

class Examples : public ::testing::Test {
 protected:
  rule_set rules = load_rule_set(source / "specs" / "des-england");
  panel networks = load_panel(rules, source / "examples" / "networks.csv", source / "examples" / "staff.csv");

  void expect(const char* iso, std::initializer_list<expected> rows) {
    checker check(rules, networks);
    for (const expected& e : rows) {
      const auto& r = check.run(networks.require_network(e.network), *parse_date(iso));
      EXPECT_EQ(r.state, e.state) << e.network << " on " << iso;
      EXPECT_NEAR(r.shortfall_hours(), e.shortfall, 0.005) << e.network << " on " << iso;
      EXPECT_EQ(r.active, 7u);
    }
  }
};

TEST_F(Examples, June2021) {
  expect("2021-06-01", {{"EX001", network_state::compliant, 0.0},
                        {"EX002", network_state::compliant, 0.0},
                        {"EX003", network_state::compliant, 0.0},
                        {"EX004", network_state::non_compliant, 12.70},
                        {"EX005", network_state::non_compliant, 9.54},
                        {"EX006", network_state::compliant, 0.0}});
}

TEST_F(Examples, StaffChangesLaterIn2021) {
  expect("2021-10-01", {{"EX003", network_state::non_compliant, 26.94}, {"EX005", network_state::compliant, 0.0}});
  expect("2021-11-01", {{"EX003", network_state::compliant, 0.0}});
}

TEST_F(Examples, NothingInForceBeforeTheEhchLead) {
  checker check(rules, networks);
  EXPECT_EQ(check.run(0, *parse_date("2020-07-30")).state, network_state::not_in_force);
  // From 31 July 2020 only the EHCH clinical lead is in force; from 1 October all seven.
  EXPECT_EQ(check.run(0, *parse_date("2020-07-31")).active, 1u);
  EXPECT_EQ(check.run(0, *parse_date("2020-10-01")).active, 7u);
}

TEST_F(Examples, Ex004BottleneckIsPharmacistTime) {
  checker check(rules, networks);
  const auto& r = check.run(networks.require_network("EX004"), *parse_date("2021-06-01"), {.bottlenecks = true});
  ASSERT_EQ(r.bottlenecks.size(), 1u);
  const auto& g = r.bottlenecks[0];
  EXPECT_NEAR(g.demand_hours, 35.2, 0.05);
  EXPECT_NEAR(g.capacity_hours, 22.5, 1e-9);
  std::vector<std::string> roles;
  for (auto k : g.roles) roles.push_back(rules.roles[k].id);
  EXPECT_EQ(roles, (std::vector<std::string>{"clinical_pharmacist", "advanced_practitioner"}));
}

}  // namespace

// Tests of include/descheck/panel/builder.hpp: a panel built by name is the panel the CSV loader
// makes of the same data, and every mistake is refused where it is made, with the loader's code.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "descheck/descheck.hpp"

namespace {

using namespace descheck;

const std::filesystem::path source = DESCHECK_SOURCE_DIR;

const rule_set& shipped() {
  static const rule_set rules = load_rule_set(source / "specs" / "des-england");
  return rules;
}

date day(const char* iso) { return *parse_date(iso); }

// Feeds a loaded panel to a builder by name, the way an integrator's own data would arrive.
void feed(const rule_set& rules, const panel& loaded, panel_builder& b) {
  for (const network& n : loaded.networks) {
    b.add_network(n.id, n.name, n.region);
    for (std::size_t d = 0; d < n.drivers.size(); ++d)
      for (const step& s : n.drivers[d].steps())
        if (s.value) b.set_driver(n.id, rules.drivers[d].id, *s.value, s.from);
  }
  for (const post& p : loaded.posts)
    b.add_post(loaded.networks[p.network].id, rules.roles[p.role].id, p.wte, p.start, p.end, p.funding);
}

// `loaded` without what only a file has (lines, paths, columns).
panel without_file_details(panel p) {
  for (network& n : p.networks) n.line = 0;
  for (post& row : p.posts) row.line = 0;
  p.networks_file.clear();
  p.staff_file.clear();
  p.driver_columns.clear();
  return p;
}

// Every field of two panels (panel itself has no operator==).
void expect_same(const panel& got, const panel& expected) {
  EXPECT_EQ(got.networks, expected.networks);
  EXPECT_EQ(got.posts, expected.posts);
  EXPECT_EQ(got.first_post, expected.first_post);
  EXPECT_EQ(got.coverage, expected.coverage);
  EXPECT_EQ(got.driver_columns, expected.driver_columns);
  EXPECT_EQ(got.networks_file, expected.networks_file);
  EXPECT_EQ(got.staff_file, expected.staff_file);
}

// The input_error's first diagnostic, or an empty one.
template <class Call>
diagnostic error_of(Call call) {
  try {
    call();
  } catch (const input_error& e) {
    return e.first();
  }
  return {};
}

TEST(PanelBuilder, BuildsWhatTheLoaderMakesOfTheSameData) {
  const rule_set& rules = shipped();
  const panel loaded = load_panel(rules, source / "examples" / "networks.csv", source / "examples" / "staff.csv");
  panel_builder b(rules);
  feed(rules, loaded, b);
  const panel built = b.build();
  expect_same(built, without_file_details(loaded));

  checker from_files(rules, loaded), from_code(rules, built);
  for (const char* at : {"2020-10-01", "2022-04-01", "2024-04-01"}) {
    for (std::uint32_t n = 0; n < loaded.networks.size(); ++n) {
      const check_result expected = from_files.run(n, day(at));
      const check_result& got = from_code.run(n, day(at));
      EXPECT_EQ(got.state, expected.state) << loaded.networks[n].id << " " << at;
      EXPECT_EQ(got.unmet, expected.unmet);
      EXPECT_DOUBLE_EQ(got.delivered_hours, expected.delivered_hours);
    }
  }
}

TEST(PanelBuilder, BuildLeavesTheBuilderEmpty) {
  panel_builder b(shipped());
  b.add_network("N1").add_post("N1", "clinical_pharmacist", 1.0);
  EXPECT_EQ(b.build().posts.size(), 1u);
  const panel again = b.build();
  EXPECT_TRUE(again.networks.empty());
  EXPECT_TRUE(again.posts.empty());
  b.add_network("N1");  // the id is free again
}

TEST(PanelBuilder, PostsAreGroupedByNetworkInTheOrderAdded) {
  panel_builder b(shipped());
  b.add_network("A").add_network("B");
  b.add_post("B", "paramedic", 1.0).add_post("A", "gp", 2.0).add_post("B", "dietitian", 0.5);
  const panel p = b.build();
  ASSERT_EQ(p.first_post, (std::vector<std::uint32_t>{0, 1, 3}));
  EXPECT_EQ(p.posts[0].role, shipped().find_role("gp"));
  EXPECT_EQ(p.posts[1].role, shipped().find_role("paramedic"));
  EXPECT_EQ(p.posts[2].role, shipped().find_role("dietitian"));
  EXPECT_EQ(p.posts[2].network, 1u);
}

TEST(PanelBuilder, DriverValuesAreStepsInDateOrder) {
  const rule_set& rules = shipped();
  panel_builder b(rules);
  b.add_network("N1")
      .set_driver("N1", "registered_patients", 30'000, day("2022-04-01"))
      .set_driver("N1", "registered_patients", 20'000, day("2021-04-01"))
      .set_driver("N1", "registered_patients", 25'000, day("2022-04-01"));  // replaces the value
  const panel p = b.build();
  const schedule& s = p.networks[0].drivers[rules.find_driver("registered_patients")];
  ASSERT_EQ(s.steps().size(), 2u);
  EXPECT_FALSE(s.at(day("2021-03-31")));
  EXPECT_EQ(s.at(day("2021-04-01")), 20'000);
  EXPECT_EQ(s.at(day("2023-01-01")), 25'000);
}

TEST(PanelBuilder, CoverageMakesUnnamedNetworksUncovered) {
  panel_builder b(shipped());
  b.add_network("N1").add_network("N2");
  b.add_coverage("N1", day("2022-01-01"), day("2022-12-31")).add_coverage("N1", day("2021-01-01"), day("2021-06-30"));
  const panel p = b.build();
  ASSERT_EQ(p.coverage.size(), 2u);
  EXPECT_EQ(p.coverage[0].front().from, day("2021-01-01"));  // kept ascending
  EXPECT_TRUE(p.covered(0, day("2022-06-01")));
  EXPECT_FALSE(p.covered(0, day("2021-09-01")));
  EXPECT_FALSE(p.covered(1, day("2022-06-01")));
  panel_builder none(shipped());
  none.add_network("N1");
  EXPECT_TRUE(none.build().coverage.empty());  // no coverage at all: covered on every date
}

TEST(PanelBuilder, MisspeltNamesGetTheLoadersCodesAndHints) {
  panel_builder b(shipped());
  b.add_network("U00001");
  const diagnostic role = error_of([&] { b.add_post("U00001", "clinical_pharmacst", 1.0); });
  EXPECT_EQ(role.code, codes::unknown_role);
  EXPECT_NE(role.message.find("did you mean 'clinical_pharmacist'"), std::string::npos) << role.message;
  const diagnostic driver = error_of([&] { b.set_driver("U00001", "registred_patients", 1.0); });
  EXPECT_EQ(driver.code, codes::unknown_driver);
  EXPECT_NE(driver.message.find("did you mean 'registered_patients'"), std::string::npos) << driver.message;
  const diagnostic network = error_of([&] { b.add_post("U00010", "gp", 1.0); });
  EXPECT_EQ(network.code, codes::unknown_network);
  EXPECT_NE(network.message.find("did you mean 'U00001'"), std::string::npos) << network.message;
  EXPECT_EQ(error_of([&] { b.add_network("U00001"); }).code, codes::duplicate_network);
  EXPECT_EQ(error_of([&] { b.add_network(""); }).code, codes::csv_empty_value);
  EXPECT_EQ(error_of([&] { b.add_coverage("U0001", day("2021-01-01")); }).code, codes::unknown_network);
}

TEST(PanelBuilder, ValuesOutsideTheBoundsAreRefused) {
  panel_builder b(shipped());
  b.add_network("N1");
  const auto wte = [&](double v) { return error_of([&] { b.add_post("N1", "gp", v); }).code; };
  EXPECT_EQ(wte(std::nan("")), codes::csv_bad_number);
  EXPECT_EQ(wte(std::numeric_limits<double>::infinity()), codes::csv_bad_number);
  EXPECT_EQ(wte(-0.1), codes::csv_negative);
  EXPECT_EQ(wte(limits::max_wte + 1), codes::out_of_range);
  EXPECT_EQ(wte(limits::max_wte), "");
  const auto value = [&](double v) { return error_of([&] { b.set_driver("N1", "care_home_beds", v); }).code; };
  EXPECT_EQ(value(std::nan("")), codes::csv_bad_number);
  EXPECT_EQ(value(-1), codes::csv_negative);
  EXPECT_EQ(value(limits::max_driver * 2), codes::out_of_range);
  EXPECT_EQ(value(limits::max_driver), "");
  EXPECT_EQ(error_of([&] { b.add_post("N1", "gp", 1, day("2022-01-01"), day("2021-12-31")); }).code,
            codes::out_of_range);
  EXPECT_EQ(error_of([&] { b.add_coverage("N1", day("2022-01-01"), day("2021-12-31")); }).code, codes::coverage_order);
  b.add_coverage("N1", day("2021-01-01"), day("2021-12-31"));
  EXPECT_EQ(error_of([&] { b.add_coverage("N1", day("2021-12-31")); }).code, codes::coverage_overlap);
}

TEST(PanelBuilder, AFailedCallChangesNothing) {
  panel_builder b(shipped());
  b.add_network("N1").add_post("N1", "gp", 1.0);
  EXPECT_THROW(b.add_post("N1", "gp", -1.0), input_error);
  EXPECT_THROW(b.add_post("N1", "nope", 1.0), input_error);
  EXPECT_THROW(b.add_pool("P", {"N1", "N9"}), input_error);
  const panel p = b.build();
  EXPECT_EQ(p.posts.size(), 1u);
  EXPECT_EQ(p.networks.size(), 1u);
}

TEST(PanelBuilder, PoolsAndTheirStaff) {
  const rule_set& rules = shipped();
  panel_builder b(rules);
  for (const char* id : {"EX003", "EX004", "EX005"}) b.add_network(id).set_driver(id, "registered_patients", 30'000);
  b.add_pool("NORTH-PHARM", {"EX003", "EX004"}).add_pool("NORTH-PHARM", {"EX005"});
  b.add_post("NORTH-PHARM", "clinical_pharmacist", 2.0);
  EXPECT_EQ(error_of([&] { b.add_pool("P2", {"EX003", "EX003"}); }).code, codes::duplicate_pool_member);
  EXPECT_EQ(error_of([&] { b.add_pool("P2", {"EX03"}); }).code, codes::unknown_pool_member);
  EXPECT_EQ(error_of([&] { b.add_pool("EX003", {}); }).code, codes::pool_id_clash);
  EXPECT_EQ(error_of([&] { b.add_network("NORTH-PHARM"); }).code, codes::pool_id_clash);
  EXPECT_EQ(error_of([&] { (void)b.build(); }).code, codes::inconsistent_panel);  // pools need build_pooled
  const pooled_panel p = b.build_pooled();
  ASSERT_EQ(p.pools.pools.size(), 1u);
  EXPECT_EQ(p.pools.pools[0].members, (std::vector<std::uint32_t>{0, 1, 2}));
  ASSERT_EQ(p.pools.pools[0].posts.size(), 1u);
  EXPECT_EQ(p.pools.pools[0].posts[0].network, no_index);
  EXPECT_TRUE(p.networks.posts.empty());
  pooled_checker check(rules, p.networks, p.pools);
  EXPECT_EQ(check.run(day("2022-04-01")).size(), 3u);
}

TEST(PanelBuilder, TheExamplesPooledPanelMatchesTheLoader) {
  const rule_set& rules = shipped();
  const pooled_panel loaded =
      load_pooled_panel(rules, source / "examples" / "networks.csv", source / "examples" / "pools" / "staff.csv",
                        source / "examples" / "pools" / "pools.csv");
  panel_builder b(rules);
  feed(rules, loaded.networks, b);
  for (const pool& pl : loaded.pools.pools) {
    std::vector<std::string> members;
    for (const std::uint32_t m : pl.members) members.push_back(loaded.networks.networks[m].id);
    b.add_pool(pl.id, members);
    for (const post& row : pl.posts)
      b.add_post(pl.id, rules.roles[row.role].id, row.wte, row.start, row.end, row.funding);
  }
  const pooled_panel built = b.build_pooled();
  expect_same(built.networks, without_file_details(loaded.networks));
  ASSERT_EQ(built.pools.pools.size(), loaded.pools.pools.size());
  for (std::size_t q = 0; q < built.pools.pools.size(); ++q) {
    EXPECT_EQ(built.pools.pools[q].members, loaded.pools.pools[q].members);
    EXPECT_EQ(built.pools.pools[q].posts.size(), loaded.pools.pools[q].posts.size());
  }
}

}  // namespace

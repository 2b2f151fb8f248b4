// Tests of include/descheck/rules/ranges.hpp and of `range`/`distribution` in the loader: the syntax, every
// diagnostic with its code and position, the enumeration by id, setting one value, scenarios, and
// the shipped rule set's ranges.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "descheck/rules/ranges.hpp"
#include "descheck/rules/rules.hpp"
#include "descheck/scenario/scenario.hpp"

namespace {

namespace fs = std::filesystem;
using descheck::diagnostic;
using strings = std::vector<std::string>;

const fs::path source = DESCHECK_SOURCE_DIR;

// A private copy of tests/data/rules/minimal whose funding.yaml a test rewrites.
class Ranges : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() / ("descheck_ranges_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(root_);
    fs::copy(source / "tests" / "data" / "rules" / "minimal", root_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(root_); }

  // funding.yaml with `national_pot` written as `pot`.
  void pot(const std::string& pot) const {
    std::ofstream(root_ / "funding.yaml", std::ios::trunc)
        << "schema: descheck/funding/v1\narrs:\n  per_weighted_patient: {2020-04-01: 7.131}\n  national_pot: " << pot
        << "\n";
  }
  // "line:col CODE" of each problem.
  [[nodiscard]] strings problems() const {
    strings out;
    for (const diagnostic& d : descheck::validate_rule_set(root_))
      out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.code);
    return out;
  }
  [[nodiscard]] std::string first_message() const {
    const auto all = descheck::validate_rule_set(root_);
    return all.empty() ? std::string() : all.front().message;
  }

  fs::path root_;
};

TEST_F(Ranges, range_and_distribution_are_kept_on_the_origin) {
  pot("{2020-04-01: {value: 430, range: [400, 450.5], distribution: uniform, status: draft}, 2021-04-01: "
      "{value: 746, range: [746, 800]}}");
  const descheck::rule_set rules = descheck::load_rule_set(root_);
  const auto& steps = rules.funding->national_pot.steps();
  ASSERT_EQ(steps.size(), 2u);
  const descheck::origin* first = rules.origin_of(steps[0].source);
  ASSERT_TRUE(first && first->range);
  EXPECT_EQ(*first->range, (descheck::plausible_range{400, 450.5, descheck::value_distribution::uniform}));
  const descheck::origin* second = rules.origin_of(steps[1].source);
  ASSERT_TRUE(second && second->range);
  EXPECT_EQ(second->range->distribution, descheck::value_distribution::triangular);  // the default
  EXPECT_EQ(descheck::to_string(*first->range), "400–450.5, uniform");
  EXPECT_EQ(descheck::to_string(*second->range), "746–800");

  const std::vector<descheck::ranged_value> ranged = descheck::ranged_values(rules);
  ASSERT_EQ(ranged.size(), 2u);
  EXPECT_EQ(ranged[0].id, "funding.arrs.national_pot@2020-04-01");
  EXPECT_EQ(ranged[0].line, 4);
  EXPECT_EQ(ranged[0].value, 430.0);
  EXPECT_EQ(ranged[0].range.high, 450.5);
  EXPECT_EQ(ranged[0].status, descheck::value_status::draft);
  EXPECT_EQ(ranged[1].id, "funding.arrs.national_pot@2021-04-01");
  EXPECT_TRUE(ranged[0].file.ends_with("funding.yaml")) << ranged[0].file;
}

TEST_F(Ranges, a_range_must_be_two_finite_plain_numbers) {
  pot("{value: 5, range: [4]}");
  EXPECT_EQ(problems(), strings{"4:35 DC140"});
  pot("{value: 5, range: 4}");
  EXPECT_EQ(problems(), strings{"4:35 DC140"});
  pot("{value: 5, range: [\"4\", 6]}");
  EXPECT_EQ(problems(), strings{"4:36 DC140"});
  EXPECT_NE(first_message().find("remove the quotes"), std::string::npos) << first_message();
  pot("{value: 5, range: [4, .inf]}");
  EXPECT_EQ(problems(), strings{"4:39 DC140"});
  pot("{value: 5, range: [4, {a: 1}]}");
  EXPECT_EQ(problems(), strings{"4:39 DC140"});
}

TEST_F(Ranges, a_range_holds_its_value_low_to_high) {
  pot("{value: 5, range: [6, 4]}");
  EXPECT_EQ(problems(), strings{"4:35 DC141"});
  EXPECT_NE(first_message().find("low bound above its high bound"), std::string::npos) << first_message();
  pot("{value: 5, range: [5.5, 6]}");
  EXPECT_EQ(problems(), strings{"4:35 DC141"});
  EXPECT_NE(first_message().find("does not hold its value 5"), std::string::npos) << first_message();
  pot("{value: 5, range: [5, 5]}");  // a degenerate range is a range
  EXPECT_EQ(problems(), strings{});
}

TEST_F(Ranges, bounds_stay_in_the_values_allowed_interval) {
  pot("{value: 5, range: [-1, 6]}");  // money is >= 0
  EXPECT_EQ(problems(), strings{"4:36 DC022"});
  std::ofstream(root_ / "roles.yaml", std::ios::trunc)
      << "schema: descheck/roles/v1\nroles:\n  gp: {label: GP, available_share: {value: 0.5, range: [0.2, 1.2]}}\n"
         "  pharmacist: {label: P}\n";
  pot("1");
  EXPECT_EQ(problems(), strings{"3:62 DC022"});
}

TEST_F(Ranges, no_range_where_nothing_can_vary) {
  pot("{2020-04-01: 1, 2021-04-01: {value: null, range: [0, 1]}}");
  EXPECT_EQ(problems(), strings{"4:59 DC142"});
  pot("{2020-04-01: 1, range: [0, 2]}");
  EXPECT_EQ(problems(), strings{"4:33 DC142"});
  EXPECT_NE(first_message().find("inside one dated value"), std::string::npos) << first_message();
  pot("{value: x, range: [0, 2]}");  // the value is the problem; the range is not judged against it
  EXPECT_EQ(problems(), strings{"4:25 DC016"});
}

TEST_F(Ranges, distribution_is_known_and_needs_a_range) {
  pot("{value: 5, range: [4, 6], distribution: normal}");
  EXPECT_EQ(problems(), strings{"4:57 DC143"});
  pot("{value: 5, range: [4, 6], distribution: unifrom}");
  EXPECT_NE(first_message().find("did you mean 'uniform'?"), std::string::npos) << first_message();
  pot("{value: 5, distribution: uniform}");
  EXPECT_EQ(problems(), strings{"4:28 DC143"});
}

TEST_F(Ranges, setting_one_ranged_value_copies_the_rule_set) {
  pot("{value: 5, range: [4, 6]}");
  const descheck::rule_set rules = descheck::load_rule_set(root_);
  const descheck::rule_set high = descheck::with_ranged_value(rules, "funding.arrs.national_pot", 6.0);
  EXPECT_EQ(high.funding->national_pot.at(descheck::date::min()), 6.0);
  EXPECT_EQ(rules.funding->national_pot.at(descheck::date::min()), 5.0);
  EXPECT_EQ(high.origins, rules.origins);  // the range and its origin are unchanged
  try {
    (void)descheck::with_ranged_value(rules, "funding.arrs.national_pt", 6.0);
    FAIL() << "an unknown id must throw";
  } catch (const descheck::input_error& e) {
    EXPECT_EQ(e.first().code, "DC145");
    EXPECT_NE(e.first().message.find("did you mean 'funding.arrs.national_pot'?"), std::string::npos)
        << e.first().message;
  }
  descheck::rule_set copy = rules;  // an unranged value cannot be set through this API
  EXPECT_FALSE(descheck::set_ranged_value(copy, "funding.arrs.per_weighted_patient@2020-04-01", 1.0));
}

TEST_F(Ranges, unranged_assumptions_are_listed_in_file_order) {
  const descheck::rule_set rules = descheck::load_rule_set(root_);
  const std::vector<diagnostic> bare = descheck::unranged_assumptions(rules);
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_EQ(bare[0].code, "DC144");
  EXPECT_EQ(bare[0].line, 11);
  EXPECT_NE(bare[0].message.find("roles.pharmacist.available_share@2022-04-01"), std::string::npos) << bare[0].message;
}

TEST_F(Ranges, scenarios_write_ranged_values_too) {
  const descheck::rule_set rules = descheck::load_rule_set(root_);
  const fs::path file = root_ / "wider.yaml";
  std::ofstream(file) << "schema: descheck/scenario/v1\nid: wider\nlabel: Wider\napplies_to: minimal\nchanges:\n"
                         "  - role: {target: gp, available_share: {value: 0.08, range: [0.05, 0.12], "
                         "distribution: uniform, status: assumption, note: an analyst's view}}\n";
  const descheck::rule_set applied = descheck::apply_scenario(rules, descheck::load_scenario(file, rules));
  const auto ranged = descheck::ranged_values(applied);
  ASSERT_EQ(ranged.size(), 1u);
  EXPECT_EQ(ranged[0].id, "roles.gp.available_share");
  EXPECT_EQ(ranged[0].value, 0.08);
  EXPECT_EQ(ranged[0].range, (descheck::plausible_range{0.05, 0.12, descheck::value_distribution::uniform}));
  EXPECT_EQ(ranged[0].file, file.string());
  EXPECT_EQ(ranged[0].line, 6);

  std::ofstream(file, std::ios::trunc)
      << "schema: descheck/scenario/v1\nid: wider\nlabel: Wider\napplies_to: minimal\nchanges:\n"
         "  - role: {target: gp, available_share: {value: 0.08, range: [0.1, 0.12]}}\n";
  try {
    (void)descheck::load_scenario(file, rules);
    FAIL() << "a range that excludes its value must be refused";
  } catch (const descheck::rule_error& e) {
    EXPECT_EQ(e.first().code, "DC141");
    EXPECT_EQ(e.first().line, 6);
  }
}

// The shipped rule set: every assumption has a range, ids are unique and readable.
TEST(RangesShipped, every_assumption_of_des_england_has_a_range) {
  const descheck::rule_set rules = descheck::load_rule_set(source / "specs" / "des-england");
  EXPECT_TRUE(descheck::unranged_assumptions(rules).empty());
  const std::vector<descheck::ranged_value> ranged = descheck::ranged_values(rules);
  std::set<std::string> ids;
  std::size_t assumptions = 0;
  for (const auto& r : ranged) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    EXPECT_LE(r.range.low, r.value) << r.id;
    EXPECT_LE(r.value, r.range.high) << r.id;
    if (r.status == descheck::value_status::assumption) ++assumptions;
  }
  EXPECT_GE(assumptions, 100u);
  const auto find = [&](const std::string& id) -> const descheck::ranged_value* {
    for (const auto& r : ranged)
      if (r.id == id) return &r;
    return nullptr;
  };
  const auto* gp = find("roles.gp.available_share");
  ASSERT_NE(gp, nullptr);
  EXPECT_EQ(gp->value, 0.05);
  EXPECT_EQ(gp->range.low, 0.03);
  EXPECT_EQ(gp->range.high, 0.10);
  EXPECT_NE(find("smr.reviews.demand[0].hours"), nullptr);
  EXPECT_NE(find("smr.reviews.delivered_by.gp.max_share"), nullptr);
  EXPECT_NE(find("smr.clinical_lead.minimum[0].wte"), nullptr);
  const auto* referrals = find("drivers.social_prescribing_referrals.default.ratio@2020-04-01");
  ASSERT_NE(referrals, nullptr);
  EXPECT_EQ(referrals->range.distribution, descheck::value_distribution::uniform);
  EXPECT_EQ(referrals->range.low, 0.004);
  EXPECT_NE(find("roles.clinical_pharmacist.arrs.max_reimbursement@2021-04-01"), nullptr);

  // Every id can be set, and setting one changes that value alone.
  for (std::size_t i = 0; i < ranged.size(); ++i) {
    descheck::rule_set copy = rules;
    ASSERT_TRUE(descheck::set_ranged_value(copy, ranged[i].id, ranged[i].value + 1.0)) << ranged[i].id;
    const auto after = descheck::ranged_values(copy);
    ASSERT_EQ(after.size(), ranged.size());
    for (std::size_t j = 0; j < ranged.size(); ++j)
      EXPECT_EQ(after[j].value, ranged[j].value + (i == j ? 1.0 : 0.0)) << ranged[i].id << " / " << ranged[j].id;
  }
}

}  // namespace

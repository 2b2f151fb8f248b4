// Tests of include/descheck/scenario/scenario.hpp on the minimal rule set: every change kind, the month
// clamp, stacking order, whole-scenario validation and rejection without side effects.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "descheck/scenario/scenario.hpp"

namespace {

namespace fs = std::filesystem;
using namespace descheck;

const fs::path minimal = fs::path(DESCHECK_SOURCE_DIR) / "tests" / "data" / "rules" / "minimal";

date day(const char* iso) { return *parse_date(iso); }

class Scenario : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("descheck-scenario-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    rules_ = load_rule_set(minimal);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes scenario `id` with the given change lines (each already indented as a list item).
  fs::path write(const std::string& id, const std::string& changes, const std::string& applies_to = "minimal") const {
    const fs::path file = dir_ / (id + ".yaml");
    std::ofstream(file) << "schema: descheck/scenario/v1\nid: " << id << "\nlabel: test\napplies_to: " << applies_to
                        << "\nchanges:\n"
                        << changes;
    return file;
  }
  rule_set apply(const std::string& changes) const {
    return apply_scenario(rules_, load_scenario(write("s", changes), rules_));
  }
  const requirement& req(const rule_set& r, const char* service_id, const char* id) const {
    const descheck::service& s = r.services.at(r.find_service(service_id));
    for (const requirement& q : s.requirements)
      if (q.id == id) return q;
    throw std::runtime_error("no requirement");
  }
  // Codes and positions of the problems a scenario is rejected with.
  std::vector<std::string> problems(const std::string& changes, const std::string& applies_to = "minimal") const {
    std::vector<std::string> out;
    try {
      (void)apply_scenario(rules_, load_scenario(write("bad", changes, applies_to), rules_));
    } catch (const rule_error& e) {
      for (const diagnostic& d : e.diagnostics())
        out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.code);
    }
    return out;
  }

  fs::path dir_;
  rule_set rules_;
};

TEST_F(Scenario, ShiftMovesEveryPhaseDateOfAServiceAndNamesTheScenario) {
  const rule_set r = apply("  - shift: {target: ehch, months: -6}\n");
  EXPECT_EQ(req(r, "ehch", "home_round").phase.steps()[0].from, day("2020-04-01"));
  EXPECT_EQ(req(r, "ehch", "home_round").phase.steps()[1].from, day("2020-10-01"));
  EXPECT_EQ(req(r, "ehch", "clinical_lead").phase.steps()[0].from, day("2020-04-01"));
  EXPECT_EQ(req(r, "smr", "reviews").phase, req(rules_, "smr", "reviews").phase);  // untouched
  EXPECT_EQ(r.scenario_id, "s");
  // The shifted date cites the scenario.
  const origin* o = r.origin_of(req(r, "ehch", "home_round").phase.steps()[0].source);
  ASSERT_NE(o, nullptr);
  EXPECT_NE(o->file.find("s.yaml"), std::string::npos);
}

TEST_F(Scenario, ShiftKeepsTheDayClampedToTheMonthEnd) {
  // The lead needs only a constant minimum, so any phase dates are valid.
  const rule_set r = apply(
      "  - phase: {target: ehch.clinical_lead, values: {2020-01-31: 0.5, 2020-03-31: 1.0}}\n"
      "  - shift: {target: ehch.clinical_lead, months: 1}\n");
  EXPECT_EQ(req(r, "ehch", "clinical_lead").phase.steps()[0].from, day("2020-02-29"));
  EXPECT_EQ(req(r, "ehch", "clinical_lead").phase.steps()[1].from, day("2020-04-30"));
  // Two dates that clamp onto one day are refused, at the shift.
  EXPECT_EQ(problems("  - phase: {target: ehch.clinical_lead, values: {2020-01-30: 0.5, 2020-01-31: 1.0}}\n"
                     "  - shift: {target: ehch.clinical_lead, months: 1}\n"),
            (std::vector<std::string>{"7:5 DC082"}));
}

TEST_F(Scenario, PhaseScaleAndSetChangeOneRequirement) {
  const rule_set r = apply(
      "  - phase: {target: ehch.home_round, values: {2021-01-01: 0.25}}\n"
      "  - scale: {target: ehch.home_round, factor: 1.5}\n"
      "  - set: {target: smr.reviews, term: 0, hours: {2020-10-01: 0.02}}\n"
      "  - set: {target: ehch.clinical_lead, term: 0, wte: 0.2}\n");
  const requirement& round = req(r, "ehch", "home_round");
  ASSERT_EQ(round.phase.steps().size(), 1u);
  EXPECT_EQ(round.phase.at(day("2021-06-01")), 0.25);
  EXPECT_EQ(round.phase.at(day("2020-12-01")), std::nullopt);
  EXPECT_DOUBLE_EQ(*round.terms[0].amount.at(day("2021-06-01")), 0.15);
  EXPECT_DOUBLE_EQ(*round.terms[1].amount.at(day("2021-06-01")), 3.0);
  EXPECT_DOUBLE_EQ(*req(r, "smr", "reviews").terms[0].amount.at(day("2021-06-01")), 0.02);
  EXPECT_DOUBLE_EQ(*req(r, "ehch", "clinical_lead").terms[0].amount.at(day("2021-06-01")), 0.2);
}

TEST_F(Scenario, DeliveredByRemoveRoleAndDriver) {
  const rule_set r = apply(
      "  - delivered_by: {target: smr.reviews, add: {gp: {max_share: 0.2}}, remove: [pharmacist]}\n"
      "  - delivered_by: {target: ehch, add: [pharmacist]}\n"
      "  - remove: {target: ehch.clinical_lead}\n"
      "  - role: {target: pharmacist, available_share: 0.5, hours_per_wte: 30}\n"
      "  - driver: {target: care_home_beds, default: {driver: registered_patients, ratio: 0.01}}\n");
  const requirement& reviews = req(r, "smr", "reviews");
  ASSERT_EQ(reviews.delivered_by.size(), 1u);
  EXPECT_EQ(reviews.delivered_by[0].role, r.find_role("gp"));
  EXPECT_EQ(reviews.delivered_by[0].max_share->at(day("2021-01-01")), 0.2);
  // Adding a role a requirement already lists replaces its options: the 0.5 cap is gone.
  const requirement& round = req(r, "ehch", "home_round");
  ASSERT_EQ(round.delivered_by.size(), 2u);
  EXPECT_FALSE(round.delivered_by[1].max_share);
  EXPECT_TRUE(req(r, "ehch", "clinical_lead").phase.empty());  // never in force
  EXPECT_EQ(r.flat.size(), rules_.flat.size());                // indices stay comparable
  const role& pharmacist = r.roles[r.find_role("pharmacist")];
  EXPECT_EQ(pharmacist.available_share.at(day("2023-01-01")), 0.5);
  EXPECT_EQ(pharmacist.hours_per_wte.at(day("2023-01-01")), 30.0);
  EXPECT_EQ(r.drivers[r.find_driver("care_home_beds")].default_value->ratio.at(day("2023-01-01")), 0.01);
  // Targets are kept as written for every kind of change.
  const scenario s = load_scenario(dir_ / "s.yaml", rules_);
  EXPECT_EQ(s.changes[3].target, "pharmacist");
  EXPECT_EQ(s.changes[4].target, "care_home_beds");
}

TEST_F(Scenario, ChangesApplyInOrderAndScenariosStack) {
  // Order within a scenario: the later phase wins over the earlier one.
  const rule_set a = apply(
      "  - phase: {target: smr.reviews, values: {2020-10-01: 0.5}}\n"
      "  - phase: {target: smr.reviews, values: {2020-10-01: 0.75}}\n");
  EXPECT_EQ(req(a, "smr", "reviews").phase.at(day("2021-01-01")), 0.75);
  // Order across scenarios: shift then set is not set then shift.
  const fs::path shift = write("shift", "  - shift: {target: smr, months: 6}\n");
  const fs::path set = write("set", "  - phase: {target: smr.reviews, values: {2020-10-01: 1.0}}\n");
  const rule_set shift_first = apply_scenarios(rules_, {shift, set});
  const rule_set set_first = apply_scenarios(rules_, {set, shift});
  EXPECT_EQ(req(shift_first, "smr", "reviews").phase.steps()[0].from, day("2020-10-01"));
  EXPECT_EQ(req(set_first, "smr", "reviews").phase.steps()[0].from, day("2021-04-01"));
  EXPECT_EQ(shift_first.scenario_id, "shift+set");
}

TEST_F(Scenario, ABadScenarioIsRejectedWholeWithEveryProblemPositioned) {
  const std::vector<std::string> found = problems(
      "  - shift: {target: smr.reviewz, months: 3}\n"
      "  - phase: {target: ehch, values: {2020-02-30: 0.5}}\n"
      "  - scael: {target: smr, factor: 2}\n"
      "  - role: {target: pharmasist, available_share: 1.5}\n"
      "  - shift: {target: ehch, months: 1, extra: 2}\n"
      "  - set: {target: smr.reviews, term: 4, hours: 1}\n",
      "other");
  EXPECT_EQ(found, (std::vector<std::string>{"4:13 DC081", "6:21 DC080", "7:36 DC020", "8:5 DC015", "9:20 DC030",
                                             "9:49 DC022", "10:38 DC015", "11:38 DC022"}));
  // Nothing was changed: the rule set still loads equal to a fresh copy.
  EXPECT_EQ(rules_.services, load_rule_set(minimal).services);
}

TEST_F(Scenario, AResultThatBreaksTheTemporalLintIsRejectedAtTheScenario) {
  // smr.reviews needs its hours from 2020-10-01; a phase from 2020-04-01 makes it active before.
  const std::vector<std::string> found = problems("  - phase: {target: smr.reviews, values: {2020-04-01: 1.0}}\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], "6:5 DC082");
  // Removing a role a requirement does not list is refused too.
  EXPECT_EQ(problems("  - delivered_by: {target: ehch.clinical_lead, remove: [pharmacist]}\n"),
            (std::vector<std::string>{"6:5 DC082"}));
}

TEST_F(Scenario, IdMustMatchTheFileName) {
  const fs::path file = dir_ / "named.yaml";
  std::ofstream(file) << "schema: descheck/scenario/v1\nid: other\nlabel: x\napplies_to: minimal\nchanges: []\n";
  EXPECT_THROW((void)load_scenario(file, rules_), rule_error);
}

}  // namespace

// Tests of include/descheck/rules/rules.hpp: loading a rule-set directory, and every diagnostic the
// loader promises, with its exact code and position.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "realdata.hpp"
#include "descheck/rules/rules.hpp"
#include "io/csv.hpp"

namespace {

namespace fs = std::filesystem;
using descheck::diagnostic;

const fs::path data_dir = fs::path(DESCHECK_SOURCE_DIR) / "tests" / "data" / "rules";

// A private copy of tests/data/rules/minimal that a test may spoil one file of.
class Rules : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("descheck_rules_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
    fs::remove_all(root_);
    fs::copy(data_dir / "minimal", root_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& content) const {
    std::ofstream out(root_ / relative, std::ios::binary | std::ios::trunc);
    out << content;
  }
  [[nodiscard]] std::vector<diagnostic> check() const { return descheck::validate_rule_set(root_); }
  // "relative/file:line:col CODE" for compact, exact comparisons.
  [[nodiscard]] std::string where(const diagnostic& d) const {
    const std::string prefix = root_.string() + "/";
    std::string file = d.file.starts_with(prefix) ? d.file.substr(prefix.size()) : d.file;
    return file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.code;
  }
  [[nodiscard]] std::vector<std::string> where(const std::vector<diagnostic>& all) const {
    std::vector<std::string> out;
    out.reserve(all.size());
    for (const diagnostic& d : all) out.push_back(where(d));
    return out;
  }

  fs::path root_;
};

std::string all_text(const std::vector<diagnostic>& all) {
  std::string out;
  for (const diagnostic& d : all) out += descheck::format(d) + "\n";
  return out;
}

using strings = std::vector<std::string>;

const char* const roles_head = "schema: descheck/roles/v1\nroles:\n";

TEST(RulesLoad, minimal_rule_set_loads_with_every_field) {
  const descheck::rule_set rules = descheck::load_rule_set(data_dir / "minimal");
  EXPECT_EQ(rules.id, "minimal");
  EXPECT_EQ(rules.version, "1");
  ASSERT_TRUE(rules.default_range);
  EXPECT_EQ(descheck::to_string(rules.default_range->from), "2020-04-01");
  EXPECT_EQ(descheck::to_string(rules.default_range->to), "2024-03-31");
  EXPECT_EQ(rules.directory, data_dir / "minimal");

  ASSERT_EQ(rules.roles.size(), 2u);  // file order
  EXPECT_EQ(rules.roles[0].id, "gp");
  EXPECT_EQ(rules.roles[0].hours_per_wte.at(descheck::date{}), 37.5);  // built-in default
  EXPECT_EQ(rules.roles[0].hours_per_wte.steps().front().source, descheck::no_origin);
  ASSERT_TRUE(rules.roles[0].default_wte);
  EXPECT_EQ(rules.roles[0].default_wte->driver, rules.find_driver("registered_patients"));
  const descheck::role& pharmacist = rules.roles[1];
  EXPECT_EQ(pharmacist.available_share.at(*descheck::parse_date("2020-03-31")), std::nullopt);
  EXPECT_EQ(pharmacist.available_share.at(*descheck::parse_date("2021-01-01")), 0.8);
  EXPECT_EQ(pharmacist.available_share.at(*descheck::parse_date("2023-01-01")), 0.9);
  EXPECT_EQ(pharmacist.workforce_labels, strings{"Clinical Pharmacist"});
  ASSERT_TRUE(pharmacist.arrs);
  EXPECT_EQ(pharmacist.arrs->max_reimbursement.at(*descheck::parse_date("2021-01-01")), 55670.0);

  ASSERT_EQ(rules.drivers.size(), 2u);
  ASSERT_TRUE(rules.drivers[1].default_value);
  EXPECT_EQ(rules.drivers[1].default_value->driver, 0u);

  ASSERT_EQ(rules.services.size(), 2u);  // sorted by id, not by file listing order
  EXPECT_EQ(rules.services[0].id, "ehch");
  EXPECT_EQ(rules.services[1].id, "smr");
  EXPECT_EQ(rules.services[0].depends_on, std::vector<std::uint32_t>{1});
  EXPECT_EQ(rules.services[1].reference.title, "Network Contract DES specification 2020/21");

  const descheck::requirement& round = rules.services[0].requirements[0];
  EXPECT_EQ(round.id, "home_round");
  EXPECT_EQ(round.priority, 2);
  ASSERT_EQ(round.terms.size(), 2u);
  EXPECT_EQ(round.terms[0].driver, rules.find_driver("care_home_beds"));
  EXPECT_EQ(round.terms[0].per, "week");
  EXPECT_EQ(round.terms[1].driver, descheck::no_index);
  EXPECT_EQ(round.terms[1].per, "month");
  EXPECT_DOUBLE_EQ(round.terms[1].weeks_per_period, 365.25 / 7.0 / 12.0);
  ASSERT_EQ(round.delivered_by.size(), 2u);
  EXPECT_FALSE(round.delivered_by[0].max_share);
  ASSERT_TRUE(round.delivered_by[1].max_share);
  EXPECT_EQ(round.delivered_by[1].role, rules.find_role("pharmacist"));
  EXPECT_EQ(round.indicators, strings{"NCD012"});

  const descheck::requirement& lead = rules.services[0].requirements[1];
  EXPECT_EQ(lead.kind, descheck::requirement_kind::staffing);
  ASSERT_EQ(lead.terms.size(), 1u);
  EXPECT_EQ(lead.terms[0].per, "");
  EXPECT_EQ(lead.terms[0].weeks_per_period, 1.0);
  EXPECT_EQ(rules.services[1].requirements[0].terms[0].per, "year");
  EXPECT_DOUBLE_EQ(rules.services[1].requirements[0].terms[0].weeks_per_period, 365.25 / 7.0);

  // flat is ordered by (service id, requirement id), not by file order.
  ASSERT_EQ(rules.flat.size(), 3u);
  EXPECT_EQ(rules.at(rules.flat[0]).id, "clinical_lead");
  EXPECT_EQ(rules.at(rules.flat[1]).id, "home_round");
  EXPECT_EQ(rules.at(rules.flat[2]).id, "reviews");

  ASSERT_TRUE(rules.funding);
  EXPECT_EQ(rules.funding->per_weighted_patient.at(*descheck::parse_date("2021-05-01")), 12.98);
}

TEST(RulesLoad, values_remember_file_line_status_and_note) {
  const descheck::rule_set rules = descheck::load_rule_set(data_dir / "minimal");
  const auto& steps = rules.roles[1].available_share.steps();
  ASSERT_EQ(steps.size(), 2u);
  const descheck::origin* first = rules.origin_of(steps[0].source);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->file, (data_dir / "minimal" / "roles.yaml").string());
  EXPECT_EQ(first->line, 10);
  EXPECT_EQ(first->column, 19);
  EXPECT_EQ(first->status, descheck::value_status::unspecified);
  const descheck::origin* second = rules.origin_of(steps[1].source);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->line, 11);
  EXPECT_EQ(second->column, 27);  // the `value`, not the date key
  EXPECT_EQ(second->status, descheck::value_status::assumption);
  EXPECT_EQ(second->note, "less time on repeat prescribing");

  const auto& hours = rules.services[1].requirements[0].terms[0].amount.steps();
  ASSERT_EQ(hours.size(), 1u);
  const descheck::origin* published = rules.origin_of(hours[0].source);
  ASSERT_NE(published, nullptr);
  EXPECT_EQ(published->file, (data_dir / "minimal" / "services" / "smr.yaml").string());
  EXPECT_EQ(published->line, 12);
  EXPECT_EQ(published->status, descheck::value_status::published);
  EXPECT_EQ(published->reference, "SMR specification, section 4");

  const descheck::origin* requirement = rules.origin_of(rules.services[0].requirements[1].source);
  ASSERT_NE(requirement, nullptr);
  EXPECT_EQ(requirement->line, 18);
  EXPECT_EQ(requirement->column, 5);
  EXPECT_EQ(requirement->note, "The lead is a GP in most networks.");
}

TEST(RulesLoad, shipped_rule_set_loads_without_diagnostics) {
  const fs::path shipped = fs::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england";
  const std::vector<diagnostic> problems = descheck::validate_rule_set(shipped);
  EXPECT_TRUE(problems.empty()) << all_text(problems);
  if (problems.empty()) {
    const descheck::rule_set rules = descheck::load_rule_set(shipped);
    EXPECT_FALSE(rules.services.empty());
    EXPECT_FALSE(rules.flat.empty());
  }
}

TEST(RulesLoad, missing_directory_is_one_io_error) {
  const auto problems = descheck::validate_rule_set(data_dir / "no_such_rule_set");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "DC001");
  EXPECT_EQ(problems[0].file, (data_dir / "no_such_rule_set").string());
}

TEST(RulesLoad, errors_in_several_files_arrive_in_one_throw_sorted) {
  const fs::path dir = data_dir / "bad_many";
  try {
    (void)descheck::load_rule_set(dir);
    FAIL() << "bad_many loaded";
  } catch (const descheck::rule_error& e) {
    std::vector<std::string> got;
    for (const diagnostic& d : e.diagnostics())
      got.push_back(fs::relative(d.file, dir).string() + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) +
                    " " + d.code);
    EXPECT_EQ(got,
              (strings{"roles.yaml:5:20 DC022", "roles.yaml:8:40 DC014", "ruleset.yaml:1:1 DC017",
                       "ruleset.yaml:4:1 DC015", "services/ehch.yaml:10:18 DC031", "services/smr.yaml:11:32 DC030"}));
    EXPECT_EQ(e.diagnostics(), descheck::validate_rule_set(dir));
  }
}

TEST_F(Rules, yaml_syntax_error_is_positioned) {
  write("roles.yaml", std::string(roles_head) + "  gp: {label: [GP}\n");
  const auto problems = check();
  EXPECT_EQ(where(problems), strings{"roles.yaml:3:18 DC010"}) << all_text(problems);
}

TEST_F(Rules, tab_in_indentation_points_at_the_tab) {
  write("roles.yaml", std::string(roles_head) + "  gp:\n  \tlabel: GP\n");
  EXPECT_EQ(where(check()), strings{"roles.yaml:4:3 DC011"});
}

TEST_F(Rules, duplicate_key_names_the_first_line) {
  write("roles.yaml", std::string(roles_head) + "  gp: {label: GP}\n  pharmacist: {label: P}\n  gp: {label: Again}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"roles.yaml:5:3 DC014"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("line 3"), std::string::npos) << problems[0].message;
}

TEST_F(Rules, unknown_key_suggests_the_closest) {
  write("roles.yaml", std::string(roles_head) + "  gp: {label: GP, hours_per_wtee: 37.5}\n  pharmacist: {label: P}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"roles.yaml:3:19 DC015"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("did you mean 'hours_per_wte'?"), std::string::npos) << problems[0].message;
}

TEST_F(Rules, missing_required_key_is_reported_at_the_parent_map) {
  write("roles.yaml", std::string(roles_head) + "  gp: {label: GP}\n  pharmacist:\n    hours_per_wte: 37.5\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"roles.yaml:5:5 DC017"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("'label'"), std::string::npos);
}

TEST_F(Rules, wrong_type_is_reported) {
  write("roles.yaml", std::string(roles_head) + "  gp: {label: GP, hours_per_wte: [37.5]}\n  pharmacist: {label: P}\n");
  EXPECT_EQ(where(check()), strings{"roles.yaml:3:34 DC016"});
}

TEST_F(Rules, quoted_number_is_text_not_a_number) {
  write("roles.yaml",
        std::string(roles_head) + "  gp: {label: GP, hours_per_wte: \"37.5\"}\n  pharmacist: {label: P}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"roles.yaml:3:34 DC016"});
  EXPECT_NE(problems[0].message.find("quoted"), std::string::npos);
}

TEST_F(Rules, empty_file_is_refused) {
  write("drivers.yaml", "\n  \n");
  EXPECT_EQ(where(check()), strings{"drivers.yaml:1:1 DC003"});
  write("drivers.yaml", "# only a comment\n");
  EXPECT_EQ(where(check()), strings{"drivers.yaml:1:1 DC003"});
}

TEST_F(Rules, windows_1252_bytes_are_refused_at_their_position) {
  write("drivers.yaml",
        "schema: descheck/drivers/v1\ndrivers:\n  registered_patients: {label: Patients \x96 all, unit: p}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"drivers.yaml:3:41 DC004"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("0x96"), std::string::npos);
}

TEST_F(Rules, impossible_date_is_refused_at_the_key) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - id: r\n    label: R\n    kind: staffing\n    phase: {2020-02-30: 1}\n"
        "    minimum: [{wte: 1}]\n    delivered_by: [gp]\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"services/smr.yaml:8:13 DC020"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("2020-02-30"), std::string::npos);
}

TEST_F(Rules, short_or_textual_dates_are_refused) {
  write("funding.yaml", "schema: descheck/funding/v1\narrs:\n  per_weighted_patient: {2020-1-5: 1, soon: 2}\n");
  EXPECT_EQ(where(check()), (strings{"funding.yaml:3:26 DC020", "funding.yaml:3:39 DC020"}));
}

TEST_F(Rules, dates_must_increase_in_file_order) {
  write("funding.yaml",
        "schema: descheck/funding/v1\narrs:\n  per_weighted_patient:\n"
        "    2021-04-01: 12.98\n    2020-04-01: 7.131\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"funding.yaml:5:5 DC021"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("line 4"), std::string::npos);
}

TEST_F(Rules, duplicate_date_is_a_duplicate_key) {
  write("funding.yaml", "schema: descheck/funding/v1\narrs:\n  per_weighted_patient: {2021-04-01: 1, 2021-04-01: 2}\n");
  EXPECT_EQ(where(check()), strings{"funding.yaml:3:41 DC014"});
}

TEST_F(Rules, phase_above_one_is_out_of_range) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - id: r\n    label: R\n    kind: staffing\n    phase: {2020-04-01: 1.5}\n"
        "    minimum: [{wte: 1}]\n    delivered_by: [gp]\n");
  EXPECT_EQ(where(check()), strings{"services/smr.yaml:8:25 DC022"});
}

TEST_F(Rules, priority_must_be_a_whole_number_from_one) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - {id: a, label: A, kind: staffing, priority: 0, phase: 1, minimum: [{wte: 1}], delivered_by: [gp]}\n"
        "  - {id: b, label: B, kind: staffing, priority: 1.5, phase: 1, minimum: [{wte: 1}], delivered_by: [gp]}\n");
  EXPECT_EQ(where(check()), (strings{"services/smr.yaml:5:49 DC022", "services/smr.yaml:6:49 DC016"}));
}

TEST_F(Rules, unknown_role_suggests_the_closest) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - id: r\n    label: R\n    kind: staffing\n    phase: 1\n"
        "    minimum: [{wte: 1}]\n    delivered_by: [gp, pharmacsit]\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"services/smr.yaml:10:24 DC030"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("did you mean 'pharmacist'?"), std::string::npos) << problems[0].message;
}

TEST_F(Rules, unknown_driver_suggests_the_closest) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - id: r\n    label: R\n    kind: staffing\n    phase: 1\n"
        "    minimum: [{driver: care_home_bed, wte: 0.01}]\n    delivered_by: [gp]\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"services/smr.yaml:9:24 DC031"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("did you mean 'care_home_beds'?"), std::string::npos);
}

TEST_F(Rules, depends_on_cycle_names_its_members) {
  write("services/smr.yaml", "schema: descheck/service/v1\nid: smr\nlabel: S\ndepends_on: [ehch]\nrequirements: []\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"services/ehch.yaml:4:14 DC034"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("ehch -> smr -> ehch"), std::string::npos) << problems[0].message;
}

TEST_F(Rules, unknown_service_in_depends_on) {
  write("services/smr.yaml", "schema: descheck/service/v1\nid: smr\nlabel: S\ndepends_on: [ehhc]\nrequirements: []\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"services/smr.yaml:4:14 DC032"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("did you mean 'ehch'?"), std::string::npos);
}

TEST_F(Rules, driver_default_cycle_names_its_members) {
  write("drivers.yaml",
        "schema: descheck/drivers/v1\ndrivers:\n"
        "  registered_patients: {label: P, unit: p, default: {driver: care_home_beds, ratio: 100}}\n"
        "  care_home_beds: {label: B, unit: b, default: {driver: registered_patients, ratio: 0.01}}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"drivers.yaml:4:57 DC035"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("care_home_beds -> registered_patients -> care_home_beds"), std::string::npos)
      << problems[0].message;
}

TEST_F(Rules, self_default_is_a_cycle_too) {
  write("drivers.yaml",
        "schema: descheck/drivers/v1\ndrivers:\n"
        "  registered_patients: {label: P, unit: p, default: {driver: registered_patients, ratio: 1}}\n"
        "  care_home_beds: {label: B, unit: b}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"drivers.yaml:3:62 DC035"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("registered_patients -> registered_patients"), std::string::npos);
}

TEST_F(Rules, temporal_lint_finds_a_term_undefined_while_active) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - id: r\n    label: R\n    kind: workload\n    phase: {2020-10-01: 1, 2024-04-01: 0}\n"
        "    demand:\n      - {hours: {2020-10-01: 1, 2023-04-01: null}, per: week}\n"
        "    delivered_by: [gp]\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"services/smr.yaml:10:45 DC036"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("smr.r"), std::string::npos) << problems[0].message;
  EXPECT_NE(problems[0].message.find("demand[0].hours"), std::string::npos);
  EXPECT_NE(problems[0].message.find("2023-04-01"), std::string::npos);
}

TEST_F(Rules, temporal_lint_checks_roles_of_workload_requirements) {
  // The pharmacist's available_share starts on 2020-04-01; a requirement active from 2019 needs it.
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - {id: r, label: R, kind: workload, phase: {2019-04-01: 1},\n"
        "     demand: [{hours: 1, per: week}], delivered_by: [pharmacist]}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"roles.yaml:10:19 DC036"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("roles.pharmacist.available_share"), std::string::npos);
  EXPECT_NE(problems[0].message.find("2019-04-01"), std::string::npos);
}

TEST_F(Rules, inactive_or_zero_phase_needs_nothing) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - {id: r, label: R, kind: workload, phase: {2019-04-01: 0, 2021-01-01: 1, 2022-01-01: null},\n"
        "     demand: [{hours: {2021-01-01: 1, 2022-01-01: null}, per: week}], delivered_by: [gp]}\n");
  EXPECT_EQ(where(check()), strings{});
}

TEST_F(Rules, missing_schema_line) {
  write("drivers.yaml",
        "drivers:\n  registered_patients: {label: P, unit: p}\n  care_home_beds: {label: B, unit: b}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"drivers.yaml:1:1 DC018"}) << all_text(problems);
  write("drivers.yaml", "schema: descheck/roles/v1\ndrivers: {}\n");
  EXPECT_EQ(where(check()), strings{"drivers.yaml:1:9 DC018"});
}

TEST_F(Rules, published_needs_a_reference_and_assumption_a_note) {
  write("funding.yaml",
        "schema: descheck/funding/v1\narrs:\n"
        "  per_weighted_patient: {2020-04-01: {value: 7.131, status: published}}\n"
        "  national_pot: {value: 1, status: assumption}\n");
  EXPECT_EQ(where(check()), (strings{"funding.yaml:3:61 DC023", "funding.yaml:4:36 DC023"}));
}

TEST_F(Rules, unknown_status_suggests_the_closest) {
  write("funding.yaml", "schema: descheck/funding/v1\narrs:\n  per_weighted_patient: {value: 7, status: drafted}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"funding.yaml:3:44 DC023"});
  EXPECT_NE(problems[0].message.find("did you mean 'draft'?"), std::string::npos);
}

TEST_F(Rules, anchors_and_aliases_are_refused) {
  write("roles.yaml", std::string(roles_head) + "  gp: &base {label: GP}\n  pharmacist: *base\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"roles.yaml:3:7 DC012"}) << all_text(problems);
}

TEST_F(Rules, huge_file_is_refused_before_reading) {
  fs::resize_file(root_ / "roles.yaml", 100u << 20);  // sparse: costs no disk
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"roles.yaml:0:0 DC002"}) << all_text(problems);
}

TEST_F(Rules, deep_nesting_is_refused_without_crashing) {
  write("services/smr.yaml", std::string(100000, '['));
  const auto problems = check();
  ASSERT_EQ(problems.size(), 1u) << all_text(problems);
  EXPECT_EQ(problems[0].code, "DC013");
  EXPECT_EQ(problems[0].line, 1);
}

TEST_F(Rules, workload_and_staffing_keys_are_not_mixed) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - {id: a, label: A, kind: workload, phase: 1, minimum: [{wte: 1}], delivered_by: [gp]}\n"
        "  - {id: b, label: B, kind: staffing, phase: 1, minimum: [{wte: 1}],\n"
        "     delivered_by: {gp: {max_share: 0.5}}}\n");
  EXPECT_EQ(where(check()),
            (strings{"services/smr.yaml:5:5 DC017", "services/smr.yaml:5:49 DC015", "services/smr.yaml:7:26 DC015"}));
}

TEST_F(Rules, duplicate_requirement_id_and_mismatched_service_id) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smrx\nlabel: S\nrequirements:\n"
        "  - {id: a, label: A, kind: staffing, phase: 1, minimum: [{wte: 1}], delivered_by: [gp]}\n"
        "  - {id: a, label: B, kind: staffing, phase: 1, minimum: [{wte: 1}], delivered_by: [gp]}\n");
  EXPECT_EQ(where(check()), (strings{"services/smr.yaml:2:5 DC016", "services/smr.yaml:6:10 DC033"}));
}

TEST_F(Rules, delivered_by_accepts_a_list_or_a_map_with_empty_options) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - id: a\n    label: A\n    kind: workload\n    phase: {2020-10-01: 1}\n"
        "    demand: [{hours: 1, per: week}]\n    delivered_by:\n      gp:\n      pharmacist: {}\n");
  const descheck::rule_set rules = descheck::load_rule_set(root_);
  const descheck::requirement& a = rules.services[rules.find_service("smr")].requirements[0];
  ASSERT_EQ(a.delivered_by.size(), 2u);
  EXPECT_EQ(a.delivered_by[0].role, rules.find_role("gp"));
  EXPECT_EQ(a.delivered_by[1].role, rules.find_role("pharmacist"));
}

TEST_F(Rules, second_yaml_document_is_refused) {
  write("drivers.yaml", "schema: descheck/drivers/v1\ndrivers: {}\n---\nmore: 1\n");
  EXPECT_EQ(where(check()), strings{"drivers.yaml:3:1 DC010"});
}

TEST_F(Rules, diagnostics_are_capped_with_a_count_of_the_rest) {
  std::string roles = roles_head;
  for (int i = 0; i < 10; ++i) roles += "  r" + std::to_string(i) + ": {label: R, hours_per_wte: -1}\n";
  write("roles.yaml", roles);
  const std::size_t total = check().size();
  ASSERT_GT(total, 10u);  // ten range errors, plus the services' references to gp and pharmacist
  descheck::load_limits limits;
  limits.max_diagnostics = 3;
  const auto problems = descheck::validate_rule_set(root_, limits);
  ASSERT_EQ(problems.size(), 4u) << all_text(problems);
  EXPECT_EQ(where(problems[2]), "roles.yaml:5:33 DC022");
  EXPECT_EQ(problems[3].message,
            std::to_string(total - 3) + " more problems not shown, the first of them here (the limit is 3)");
  EXPECT_EQ(where(problems[3]), "roles.yaml:6:33 DC022");
}

TEST_F(Rules, a_role_listed_twice_is_a_duplicate) {
  write("services/smr.yaml",
        "schema: descheck/service/v1\nid: smr\nlabel: S\nrequirements:\n"
        "  - {id: a, label: A, kind: staffing, phase: 1, minimum: [{wte: 1}],\n"
        "     delivered_by: [gp, gp]}\n");
  const auto problems = check();
  ASSERT_EQ(where(problems), strings{"services/smr.yaml:6:25 DC033"}) << all_text(problems);
  EXPECT_NE(problems[0].message.find("first on line 6"), std::string::npos);
}

// Random edits of the minimal files must come back as diagnostics: never a crash, never an
// exception other than rule_error. Seeded, so a failure reproduces.
TEST_F(Rules, mutated_rule_sets_never_crash) {
  const strings files{"roles.yaml", "drivers.yaml", "services/smr.yaml", "services/ehch.yaml", "funding.yaml"};
  const std::string alphabet = "[]{}:,-?&*!|>'\"#% \n\tab01.~";
  std::mt19937 rng(7);
  int invalid = 0;
  for (int round = 0; round < 300; ++round) {
    const std::string& file = files[rng() % files.size()];
    std::ifstream in(data_dir / "minimal" / file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (int e = 0, edits = 1 + static_cast<int>(rng() % 5); e < edits; ++e) {
      const std::size_t at = rng() % text.size();
      if (rng() % 2 == 0)
        text[at] = alphabet[rng() % alphabet.size()];
      else
        text.erase(at, 1 + rng() % 8);
    }
    write(file, text);
    std::vector<diagnostic> problems;
    EXPECT_NO_THROW(problems = check()) << text;
    try {
      (void)descheck::load_rule_set(root_);
      EXPECT_TRUE(problems.empty());
    } catch (const descheck::rule_error& e) {
      EXPECT_EQ(e.diagnostics(), problems);
      ++invalid;
    }
    std::ifstream original(data_dir / "minimal" / file, std::ios::binary);
    write(file, std::string((std::istreambuf_iterator<char>(original)), std::istreambuf_iterator<char>()));
  }
  EXPECT_GT(invalid, 200);  // the edits do break files, so the loop exercised the error paths
}

TEST_F(Rules, load_throws_rule_error_carrying_the_same_diagnostics) {
  write("services/smr.yaml", "schema: descheck/service/v1\nid: smr\n");
  const auto expected = check();
  ASSERT_EQ(where(expected), (strings{"services/smr.yaml:1:1 DC017", "services/smr.yaml:1:1 DC017"}));
  try {
    (void)descheck::load_rule_set(root_);
    FAIL() << "no exception";
  } catch (const descheck::rule_error& e) {
    EXPECT_EQ(e.diagnostics(), expected);
    EXPECT_NE(std::string(e.what()).find("error[DC017]"), std::string::npos);
  }
}

// Every NCDES indicator the shipped rule set cites exists in NHS England's indicator dictionary and
// belongs to the requirement's own specification or to one the service builds on (EHCH's care-home
// medication reviews cite an SMR indicator).
TEST(RulesReal, shipped_rule_set_cites_dictionary_indicators_of_its_own_services) {
  const fs::path dictionary = fs::path(DESCHECK_SHARED_DATA) / "ncdes" / "indicator-dictionary.csv";
  REQUIRE_SHARED_DATA(dictionary);
  std::vector<diagnostic> problems;
  const auto table = descheck::detail::read_csv(dictionary, descheck::detail::csv_encoding::cp1252, 1u << 20, problems);
  ASSERT_TRUE(table) << all_text(problems);
  std::map<std::string, std::string> specification;  // indicator id -> "Ruleset ID"
  for (const auto& rec : table->records)
    if (rec.fields.size() >= 3) specification[rec.fields[0]] = rec.fields[2];
  ASSERT_GT(specification.size(), 100u);

  const std::map<std::string, std::set<std::string>> names{
      {"anticipatory_care", {"Anticipatory Care"}},
      {"cvd", {"Cardiovascular Disease Prevention"}},
      {"early_cancer", {"Early Cancer Diagnosis", "Cancer"}},
      {"ehch", {"Enhanced Health in Care Homes"}},
      {"enhanced_access", {"Access"}},
      {"health_inequalities", {"Tackling Health Inequalities"}},
      {"network_leadership", {}},
      {"personalised_care", {"Personalised Care"}},
      {"smr", {"Structured Medication Reviews & Medicines Optimisation"}}};
  const descheck::rule_set rules = descheck::load_rule_set(fs::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  std::size_t cited = 0;
  for (const descheck::service& svc : rules.services) {
    ASSERT_TRUE(names.count(svc.id)) << "no specification name for service " << svc.id;
    std::set<std::string> allowed = names.at(svc.id);
    for (const std::uint32_t d : svc.depends_on) allowed.merge(std::set<std::string>(names.at(rules.services[d].id)));
    for (const descheck::requirement& req : svc.requirements)
      for (const std::string& id : req.indicators) {
        ++cited;
        const auto found = specification.find(id);
        ASSERT_NE(found, specification.end()) << svc.id << "." << req.id << " cites unknown indicator " << id;
        EXPECT_TRUE(allowed.count(found->second))
            << svc.id << "." << req.id << " cites " << id << " of '" << found->second << "'";
      }
  }
  EXPECT_GT(cited, 20u);
}

}  // namespace

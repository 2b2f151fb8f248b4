// The census against published ARRS counts (workforce.hpp): the new rule-set keys, the comparison on
// a hand-made panel, and the report section on the shipped rule set and data/england.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_runner.hpp"
#include "fixtures.hpp"

namespace {

namespace fs = std::filesystem;
using namespace descheck;
using fixtures::day;

schedule counts(std::vector<std::pair<const char*, double>> values) {
  std::vector<step> steps;
  for (const auto& [at, v] : values) steps.push_back({day(at), v, no_origin});
  return schedule(std::move(steps));
}

TEST(Workforce, NearestCountIsTheClosestWithinAYearAndTheEarlierOnATie) {
  const schedule s = counts({{"2021-09-30", 100}, {"2022-12-31", 200}, {"2023-03-31", 300}});
  ASSERT_TRUE(nearest_count(s, day("2022-09-01")));
  EXPECT_EQ(nearest_count(s, day("2022-09-01"))->value, 200);  // 121 days after, not 336 before
  EXPECT_EQ(to_string(nearest_count(s, day("2023-03-01"))->on), "2023-03-31");
  EXPECT_EQ(nearest_count(s, day("2030-01-01")), std::nullopt);  // the last count is years away
  EXPECT_EQ(nearest_count(s, day("2020-09-01")), std::nullopt);  // 394 days before the first
  EXPECT_EQ(nearest_count(counts({{"2022-01-01", 1}, {"2022-01-31", 2}}), day("2022-01-16"))->value, 1);
  EXPECT_EQ(nearest_count(schedule(), day("2022-01-16")), std::nullopt);
}

// Three networks; C's staff are known only to the end of 2020. Pharmacists are reimbursable from
// April 2020, care coordinators from April 2021, GPs never.
struct small {
  fixtures::builder b;
  fixtures::panel_fixture p;
  role_index pharm = 0, coord = 0, gp = 0;
  small() {
    pharm = b.role("pharm");
    coord = b.role("coord");
    gp = b.role("gp");
    b.rules.roles[pharm].arrs = arrs_terms{counts({{"2020-04-01", 55670}}), schedule::constant(1.0), schedule()};
    b.rules.roles[coord].arrs = arrs_terms{counts({{"2021-04-01", 29726}}), schedule::constant(1.0), schedule()};
    b.rules.roles[pharm].reported_wte = counts({{"2021-03-31", 3}});
    b.rules.roles[coord].reported_wte = counts({{"2021-12-31", 5}});
    b.rules.funding = funding_terms{counts({{"2020-04-01", 7.0}}),
                                    {},
                                    counts({{"2019-07-01", 20000}, {"2020-02-06", 26000}}),
                                    counts({{"2020-03-31", 10}, {"2021-09-30", 9}})};
    b.finish();
    const auto a = p.network("A", 0), bn = p.network("B", 0), c = p.network("C", 0);
    p.post(a, pharm, 2, "2020-06-01");
    p.post(a, gp, 3, "2020-06-01");      // not an ARRS role: never counted
    p.post(bn, coord, 2, "2020-06-01");  // counted only once reimbursable
    p.post(bn, pharm, 1, "2021-06-01");
    p.post(c, pharm, 4, "2020-06-01");  // counted only while C is covered
    p.finish();
    p.p.coverage = {{coverage_window{day("2020-01-01")}},
                    {coverage_window{day("2020-06-01")}},
                    {coverage_window{day("2020-06-01"), day("2020-12-31")}}};
  }
};

TEST(Workforce, CensusCountsReimbursableRolesInCoveredNetworksAgainstTheNearestCount) {
  small s;
  EXPECT_TRUE(has_workforce_figures(s.b.rules));
  const workforce_comparison c = compare_workforce(s.b.rules, s.p.p, day("2020-04-01"), day("2021-12-31"));
  EXPECT_EQ(c.networks, 3u);
  // The census dates: posts start on 2020-06-01 and 2021-06-01; C's coverage ends with 2020.
  ASSERT_EQ(c.points.size(), 3u);
  EXPECT_EQ(to_string(c.points[0].on), "2020-06-01");
  EXPECT_DOUBLE_EQ(c.points[0].census_wte, 2 + 4);  // A and C pharmacists; coordinators not yet reimbursable
  EXPECT_EQ(c.points[0].networks_with_data, 3u);
  ASSERT_TRUE(c.points[0].reported);
  EXPECT_EQ(to_string(c.points[0].reported->on), "2020-03-31");  // 62 days before, not 486 after
  EXPECT_EQ(c.points[0].target, 26000);
  EXPECT_EQ(to_string(c.points[1].on), "2021-01-01");
  EXPECT_DOUBLE_EQ(c.points[1].census_wte, 2);  // C has no data from 2021: its 4 WTE are out
  EXPECT_EQ(c.points[1].networks_with_data, 2u);
  EXPECT_EQ(to_string(c.points[2].on), "2021-06-01");
  EXPECT_DOUBLE_EQ(c.points[2].census_wte, 2 + 2 + 1);
  ASSERT_TRUE(c.points[2].reported);
  EXPECT_EQ(c.points[2].reported->value, 9);  // 2021-09-30, after the census date
  ASSERT_EQ(c.roles.size(), 2u);              // gp: neither reimbursable nor counted nationally
  EXPECT_EQ(c.roles[0].role, s.pharm);
  EXPECT_DOUBLE_EQ(c.roles[0].census_wte, 3);
  EXPECT_EQ(c.roles[0].reported->value, 3);
  EXPECT_DOUBLE_EQ(c.roles[1].census_wte, 2);
  EXPECT_EQ(to_string(c.roles[1].reported->on), "2021-12-31");

  std::ostringstream md;
  write_workforce_markdown(md, s.b.rules, c);
  EXPECT_NE(md.str().find("The census holds 5 WTE of ARRS roles on 2021-06-01 (2 of 3 networks with data), about "
                          "55.6% of the 9 FTE NHS England reported for 2021-09-30. It is a partial record"),
            std::string::npos)
      << md.str();
  EXPECT_NE(md.str().find("| 2020-06-01 | 3 | 6 | 10 | 2020-03-31 | 60.0% | 26,000 |"), std::string::npos) << md.str();
  EXPECT_NE(md.str().find("| coord | 2 | 5 | 2021-12-31 | 40.0% |"), std::string::npos) << md.str();
}

TEST(Workforce, WithoutACoverageFileEveryNetworkHasData) {
  small s;
  s.p.p.coverage.clear();
  const workforce_comparison c = compare_workforce(s.b.rules, s.p.p, day("2021-06-01"), day("2021-06-01"));
  ASSERT_EQ(c.points.size(), 1u);
  EXPECT_DOUBLE_EQ(c.points[0].census_wte, 2 + 2 + 1 + 4);
  EXPECT_EQ(c.points[0].networks_with_data, 3u);
}

TEST(Workforce, ARuleSetWithoutFiguresHasNothingToCompare) {
  fixtures::builder b;
  b.role("pharm");
  EXPECT_FALSE(has_workforce_figures(b.rules));
}

// A private copy of tests/data/rules/minimal with one file rewritten.
class WorkforceKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("descheck_workforce_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::copy(fs::path(DESCHECK_SOURCE_DIR) / "tests" / "data" / "rules" / "minimal", root_,
             fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& relative, const std::string& content) const {
    std::ofstream(root_ / relative, std::ios::binary | std::ios::trunc) << content;
  }
  std::vector<std::string> problems() const {
    std::vector<std::string> out;
    for (const diagnostic& d : validate_rule_set(root_))
      out.push_back(fs::path(d.file).filename().string() + ":" + std::to_string(d.line) + ":" +
                    std::to_string(d.column) + " " + d.code);
    return out;
  }
  fs::path root_;
};

const char* const funding_head = "schema: descheck/funding/v1\narrs:\n  per_weighted_patient: {2020-04-01: 7.131}\n";
const char* const roles_text =
    "schema: descheck/roles/v1\nroles:\n  gp: {label: GP}\n  pharmacist:\n    label: Pharmacist\n"
    "    arrs:\n      max_reimbursement: {2020-04-01: 55670}\n      reported_wte: {2023-03-31: %s}\n";

std::string roles_with(const std::string& count) {
  std::string s = roles_text;
  s.replace(s.find("%s"), 2, count);
  return s;
}

TEST_F(WorkforceKeys, NewKeysLoadAsSchedulesWithTheirSources) {
  write("funding.yaml", std::string(funding_head) +
                            "  recruitment_target: {2019-07-01: 20000, 2020-02-06: {value: 26000, status: draft, "
                            "note: remembered}}\n"
                            "  reported_workforce:\n    2023-03-31: {value: 26877, status: published, reference: "
                            "\"a trade paper\", note: \"claims plus NWRS\"}\n");
  write("roles.yaml", roles_with("6331"));
  ASSERT_EQ(problems(), std::vector<std::string>{});
  const rule_set rules = load_rule_set(root_);
  ASSERT_TRUE(rules.funding);
  EXPECT_EQ(rules.funding->recruitment_target.at(day("2021-01-01")), 26000);
  EXPECT_EQ(rules.funding->recruitment_target.at(day("2019-12-31")), 20000);
  const step* s = rules.funding->reported_workforce.step_at(day("2023-03-31"));
  ASSERT_TRUE(s && rules.origin_of(s->source));
  EXPECT_EQ(rules.origin_of(s->source)->note, "claims plus NWRS");
  EXPECT_EQ(rules.roles[rules.find_role("pharmacist")].reported_wte.at(day("2023-03-31")), 6331);
}

TEST_F(WorkforceKeys, NegativeCountsAndUnknownKeysAreErrorsWithPositions) {
  write("funding.yaml", std::string(funding_head) +
                            "  reported_workforce: {2023-03-31: -5}\n  recruitment_target: "
                            "{2019-07-01: -1}\n");
  write("roles.yaml", roles_with("-1"));
  EXPECT_EQ(problems(),
            (std::vector<std::string>{"funding.yaml:4:36 DC022", "funding.yaml:5:36 DC022", "roles.yaml:8:34 DC022"}));
  write("funding.yaml", std::string(funding_head) + "  reported_workfroce: {2023-03-31: 5}\n");
  write("roles.yaml",
        "schema: descheck/roles/v1\nroles:\n  gp: {label: GP}\n  pharmacist:\n    label: Pharmacist\n"
        "    arrs: {max_reimbursement: 1, reported_fte: 3}\n");
  EXPECT_EQ(problems(), (std::vector<std::string>{"funding.yaml:4:3 DC015", "roles.yaml:6:34 DC015"}));
}

// The shipped rule set on the shipped national inputs: the report gains the section, with the
// census's ARRS WTE on 2022-09-01 as measured.
TEST(Workforce, ShippedReportOnEnglandHasTheSection) {
  const fs::path src = DESCHECK_SOURCE_DIR;
  const fs::path dir = cli_runner::scratch("descheck-workforce");
  const std::string data = (src / "data" / "england").string();
  const std::string args = "report --rules " + (src / "specs" / "des-england").string() + " --networks " + data +
                           "/networks.csv --staff " + data + "/staff.csv --coverage " + data +
                           "/coverage.csv --from 2020-04-01 --to 2024-03-31";
  const cli_runner::outcome r = cli_runner::run(args, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\n## ARRS workforce: the census against published counts and the target\n"), std::string::npos);
  EXPECT_NE(r.out.find("| 2022-09-01 | 1,056 | 11,820 | 25,262 | 2022-12-31 [4] | 46.8% | 26,000 |"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("| care_coordinator | 1,817 | 5,507 | 2023-03-31"), std::string::npos);
  const cli_runner::outcome csv = cli_runner::run(args + " --format csv", dir);
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out.find("ARRS workforce"), std::string::npos);  // CSV rows unchanged
}

}  // namespace

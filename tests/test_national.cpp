// Tests of include/descheck/report/national.hpp: counts, shortfall and bottleneck roles per service and
// date on a hand-built panel, and the same report for any thread count.
#include <gtest/gtest.h>

#include <sstream>

#include "descheck/report/national.hpp"
#include "fixtures.hpp"

namespace {

using namespace descheck;
using fixtures::day;

struct National : ::testing::Test {
  fixtures::builder b;
  fixtures::panel_fixture p;
  role_index pharmacist = b.role("pharmacist");
  role_index gp = b.role("gp");

  void SetUp() override {
    b.workload("smr", "reviews", 37.5, {fixtures::by(pharmacist)}, 1, "2021-01-01");
    b.workload("ehch", "round", 10, {fixtures::by(gp), fixtures::by(pharmacist, 0.5)}, 1, "2021-04-01");
    b.finish();
    // A: enough for both. B: pharmacist half-time, no GP, from April short of both.
    // C: nothing at all. D: a GP only.
    const std::uint32_t a = p.network("A", 0);
    p.post(a, pharmacist, 1.0);
    p.post(a, gp, 1.0);
    const std::uint32_t c_b = p.network("B", 0);
    p.post(c_b, pharmacist, 0.5);
    (void)p.network("C", 0);
    const std::uint32_t d = p.network("D", 0);
    p.post(d, gp, 0.5);
    p.finish();
  }

  national_report run(unsigned threads) {
    national_options o;
    o.from = day("2020-12-01");
    o.to = day("2021-06-30");
    o.threads = threads;
    return summarise_nation(b.rules, p.p, o);
  }
};

TEST_F(National, CountsShortfallAndBottleneckRolesByServiceAndDate) {
  const national_report r = run(1);
  ASSERT_EQ(r.dates.size(), 2u);  // 2021-01-01 and 2021-04-01
  ASSERT_EQ(r.cells.size(), 6u);  // (ehch, smr, all) x 2 dates
  // 2021-01-01: only SMR in force. A meets it; B gives 18.75 of 37.5; C and D give nothing.
  const national_cell& ehch_jan = r.cells[0];
  EXPECT_EQ(ehch_jan.in_force, 0u);
  const national_cell& smr_jan = r.cells[1];
  EXPECT_EQ(smr_jan.service, 1u);
  EXPECT_EQ(smr_jan.in_force, 4u);
  EXPECT_EQ(smr_jan.compliant, 1u);
  EXPECT_NEAR(smr_jan.shortfall_hours, 18.75 + 37.5 + 37.5, 1e-6);
  ASSERT_EQ(smr_jan.bottleneck_roles.size(), 1u);
  EXPECT_EQ(smr_jan.bottleneck_roles[0].role, pharmacist);
  EXPECT_EQ(smr_jan.bottleneck_roles[0].networks, 3u);
  // 2021-04-01: the round (10 h, GP or at most 5 h pharmacist) joins. A meets both. B: pharmacist
  // 18.75 h shared fairly, x_smr/37.5 = x_round/10 with x_round <= 5: 14.80 + 3.95. D: GP 18.75 h
  // covers the round, SMR unmet. C: nothing.
  const national_cell& ehch_apr = r.cells[3];
  EXPECT_EQ(ehch_apr.in_force, 4u);
  EXPECT_EQ(ehch_apr.compliant, 2u);  // A and D
  EXPECT_NEAR(ehch_apr.shortfall_hours, (10 - 18.75 * 10 / 47.5) + 10, 1e-5);
  const national_cell& all_apr = r.cells[5];
  EXPECT_EQ(all_apr.service, no_index);
  EXPECT_EQ(all_apr.in_force, 4u);
  EXPECT_EQ(all_apr.compliant, 1u);
  EXPECT_NEAR(all_apr.shortfall_hours, 37.5 + 10 - 18.75 + 47.5 + 37.5, 1e-5);
  // GP is in the bottleneck of C's round (none in post) and B's; pharmacist of B, C and D.
  ASSERT_GE(all_apr.bottleneck_roles.size(), 2u);
  EXPECT_EQ(all_apr.bottleneck_roles[0].role, pharmacist);
  EXPECT_EQ(all_apr.bottleneck_roles[0].networks, 3u);
}

TEST_F(National, SameReportForAnyThreadCountAndBothFormats) {
  std::ostringstream one, two, csv;
  write_national_report(one, b.rules, run(1), table_format::markdown);
  write_national_report(two, b.rules, run(3), table_format::markdown);
  EXPECT_EQ(one.str(), two.str());
  EXPECT_NE(one.str().find("| 2021-04-01 | 4 | 2 (50.0%) |"), std::string::npos) << one.str();
  write_national_report(csv, b.rules, run(2), table_format::csv);
  EXPECT_EQ(csv.str().rfind("scenario,service,date,networks_in_force,compliant,share_compliant,shortfall_hours,"
                            "bottleneck_roles\nbaseline,ehch,2021-01-01,0,0,",
                            0),
            0u)
      << csv.str();
  EXPECT_NE(csv.str().find("\nbaseline,smr,2021-01-01,4,1,0.2500,93.7500,pharmacist:3\n"), std::string::npos)
      << csv.str();
}

TEST_F(National, FinancialYearsCountNetworksCompliantAllYear) {
  const national_report r = run(1);  // 2020-12-01 to 2021-06-30
  ASSERT_EQ(r.years.size(), 2u);
  EXPECT_EQ(r.years[0].label(), "2020/21");
  EXPECT_EQ(to_string(r.years[0].from), "2020-12-01");
  EXPECT_EQ(to_string(r.years[0].to), "2021-03-31");
  EXPECT_EQ(r.years[1].label(), "2021/22");
  EXPECT_EQ(to_string(r.years[1].to), "2021-06-30");
  // 2020/21: SMR from January; only A meets it. 2021/22: only A meets both services.
  EXPECT_EQ(r.years[0].in_force, 4u);
  EXPECT_EQ(r.years[0].compliant, 1u);
  EXPECT_EQ(r.years[1].compliant, 1u);
}

TEST_F(National, ComparisonPutsScenariosSideBySideAndSaysItPlainly) {
  // A variant in which the SMR work is halved: B (18.75 h of pharmacist time) then meets it until
  // the round starts in April.
  rule_set halved = b.rules;
  halved.scenario_id = "halved";
  for (auto& q : halved.services[halved.find_service("smr")].requirements)
    for (auto& st : q.terms[0].amount.steps()) *st.value /= 2;
  national_options o;
  o.from = day("2020-12-01");
  o.to = day("2021-06-30");
  std::vector<labelled_report> reports{{&b.rules, "the enacted timeline", summarise_nation(b.rules, p.p, o)},
                                       {&halved, "half the SMR work", summarise_nation(halved, p.p, o)}};
  std::ostringstream md, csv;
  write_national_comparison(md, reports, table_format::markdown);
  EXPECT_NE(md.str().find("In 2020/21, under the enacted timeline, 1 of 4 networks would have had the staff for all "
                          "requirements in force all year; and under half the SMR work, 2 of 4."),
            std::string::npos)
      << md.str();
  EXPECT_NE(md.str().find("| 2021-01-01 | 1 of 4 (25.0%) | 2 of 4 (50.0%) |"), std::string::npos) << md.str();
  write_national_comparison(csv, reports, table_format::csv);
  EXPECT_NE(csv.str().find("\nbaseline,smr,2021-01-01,4,1,"), std::string::npos) << csv.str();
  EXPECT_NE(csv.str().find("\nhalved,smr,2021-01-01,4,2,"), std::string::npos) << csv.str();
}

}  // namespace

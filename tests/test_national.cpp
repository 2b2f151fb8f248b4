// Tests of include/descheck/report/national.hpp: counts, shortfall and bottleneck roles per service and
// date on a hand-built panel, and the same report for any thread count.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "descheck/analysis/uncertainty.hpp"
#include "descheck/report/national.hpp"
#include "descheck/synthetic/synthetic.hpp"
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

TEST_F(National, ComparisonWithoutSampleDatesSaysSo) {
  // A range that holds no sample date: the comparison used to read the cells of a date it did not have.
  national_options o;
  o.from = day("2021-01-02");
  o.to = day("2021-01-20");
  std::vector<labelled_report> reports{{&b.rules, "one", summarise_nation(b.rules, p.p, o)},
                                       {&b.rules, "two", summarise_nation(b.rules, p.p, o)}};
  ASSERT_TRUE(reports[0].report.dates.empty());
  std::ostringstream md;
  write_national_comparison(md, reports, table_format::markdown);
  EXPECT_NE(md.str().find("4 networks, 0 dates from - to -.\n\nNo sample dates in the range.\n"), std::string::npos)
      << md.str();
}

// The report's bands on the tiny rule set (two ranged values, 0.25, 0.4 and 1.0 WTE against 10
// hours a week): base 2 of 3 compliant, a band that must hold it, and the figures of the same draws
// as `descheck uncertainty`.
struct NationalBands : ::testing::Test {
  std::filesystem::path tiny = std::filesystem::path(DESCHECK_SOURCE_DIR) / "tests" / "data" / "rules" / "two_ranged";
  rule_set rules = load_rule_set(tiny);
  panel networks = load_panel(rules, tiny / "networks.csv", tiny / "staff.csv");
  national_options options(unsigned threads) const {
    national_options o;
    o.from = day("2020-04-01");
    o.to = day("2021-12-31");
    o.threads = threads;
    return o;
  }
  national_report banded(unsigned threads, std::uint32_t draws, std::uint64_t seed) const {
    national_report r = summarise_nation(rules, networks, options(threads));
    add_national_bands(r, rules, networks, options(threads), draws, seed);
    return r;
  }
  static std::string rendered(const rule_set& rules, const national_report& r) {
    std::ostringstream out;
    for (const table_format f : {table_format::markdown, table_format::csv, table_format::json, table_format::table})
      write_national_report(out, rules, r, f);
    return out.str();
  }
};

TEST_F(NationalBands, BandsHoldTheBaseAndAreThoseOfTheUncertaintyRun) {
  const national_report r = banded(1, 200, 5);
  ASSERT_TRUE(r.bands.has_value());
  EXPECT_EQ(r.bands->draws, 200u);
  EXPECT_EQ(r.bands->values, 2u);
  ASSERT_EQ(r.bands->cells.size(), r.cells.size());
  ASSERT_EQ(r.bands->years.size(), r.years.size() * 2);
  const national_cell& last = r.cells.back();
  ASSERT_EQ(last.compliant, 2u);  // share 0.8 of 37.5 h a WTE: N2 and N3 cover 10 h, N1 does not
  const compliance_band& band = r.bands->cells.back();
  EXPECT_LE(band.p5, 2.0);  // N3 falls short only when both values are near their worst ends
  EXPECT_GE(band.p95, 2.0);
  EXPECT_LE(band.p5, band.p50);
  EXPECT_LE(band.p50, band.p95);
  uncertainty_options u;
  u.from = options(1).from;
  u.to = options(1).to;
  u.draws = 200;
  u.seed = 5;
  const uncertainty_result drawn = run_uncertainty(rules, networks, u);
  const measure_summary& m = drawn.measures[(drawn.dates.size() - 1) * 4 + 1];
  EXPECT_EQ(band.p5, m.p5);
  EXPECT_EQ(band.p95, m.p95);
  // The all-services year cells are the report's own national_year figures.
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    const national_year_cell& cell = r.bands->years[y * 2 + 1];
    EXPECT_EQ(cell.service, no_index);
    EXPECT_EQ(cell.compliant, r.years[y].compliant) << y;
    EXPECT_EQ(cell.in_force, r.years[y].in_force) << y;
    EXPECT_EQ(cell.no_data, r.years[y].no_data) << y;
    EXPECT_LE(cell.band.p5, cell.compliant);
    EXPECT_GE(cell.band.p95, cell.compliant);
  }
}

TEST_F(NationalBands, SameSeedSameReportForAnyThreadCountAndAnotherSeedDiffers) {
  const std::string one = rendered(rules, banded(1, 60, 3));
  EXPECT_EQ(one, rendered(rules, banded(2, 60, 3)));
  EXPECT_EQ(one, rendered(rules, banded(1, 60, 3)));
  EXPECT_NE(one, rendered(rules, banded(2, 60, 4)));
  EXPECT_NE(one.find("(90% range "), std::string::npos) << one;
  EXPECT_NE(one.find("over 60 draws in which all 2 ranged values of the rule set were drawn at once (seed 3)"),
            std::string::npos)
      << one;
  EXPECT_NE(one.find(",bottleneck_roles,financial_year,p5,p50,p95\n"), std::string::npos) << one;
  EXPECT_NE(one.find("\nbaseline,svc,,3,"), std::string::npos) << one;  // a financial-year row
  // Without bands the report is what it always was.
  national_report plain = banded(1, 10, 1);
  plain.bands.reset();
  EXPECT_EQ(rendered(rules, plain), rendered(rules, summarise_nation(rules, networks, options(2))));
}

// On the shipped rule set the report's financial years (judged on its timelines) and the
// measures' (judged interval by interval) agree for every service.
TEST(NationalBandsShipped, YearCellsAgreeWithTheReportAndComparisonsCarryBands) {
  const rule_set rules = load_rule_set(std::filesystem::path(DESCHECK_SOURCE_DIR) / "specs" / "des-england");
  synthetic_options so;
  so.networks = 30;
  const synthetic_panel panel = make_synthetic_panel(rules, 8, so);
  national_options o;
  o.from = day("2020-01-01");
  o.to = day("2022-12-31");
  national_report r = summarise_nation(rules, panel.networks, o);
  add_national_bands(r, rules, panel.networks, o, 5, 1);
  const std::size_t cells = rules.services.size() + 1;
  ASSERT_EQ(r.years.size(), 4u);
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    EXPECT_EQ(r.bands->years[y * cells + cells - 1].compliant, r.years[y].compliant) << y;
    EXPECT_EQ(r.bands->years[y * cells + cells - 1].in_force, r.years[y].in_force) << y;
  }
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    EXPECT_LE(r.bands->cells[i].p5, r.bands->cells[i].p95);
    if (r.cells[i].in_force == 0) {
      EXPECT_EQ(r.bands->cells[i].p95, 0.0) << i;
    }
  }
  std::vector<labelled_report> both{{&rules, "as enacted", r}, {&rules, "again", r}};
  std::ostringstream md;
  write_national_comparison(md, both, table_format::markdown);
  EXPECT_NE(md.str().find("; 90% range "), std::string::npos) << md.str();
  std::ostringstream csv;
  write_national_comparison(csv, both, table_format::csv);
  EXPECT_NE(csv.str().find(",financial_year,p5,p50,p95\n"), std::string::npos);
}

}  // namespace

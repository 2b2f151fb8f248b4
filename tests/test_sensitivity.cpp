// Tests of include/descheck/analysis/sensitivity.hpp and measures.hpp: a hand-made rule set whose
// tornado can be worked out by hand, thread-count independence, and the shipped rule set on the
// shipped national panel.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "descheck/analysis/sensitivity.hpp"
#include "descheck/panel/panel.hpp"
#include "descheck/report/national.hpp"
#include "descheck/scenario/scenario.hpp"

namespace {

namespace fs = std::filesystem;
using namespace descheck;

const fs::path source = DESCHECK_SOURCE_DIR;
const fs::path tiny = source / "tests" / "data" / "rules" / "two_ranged";

struct tiny_set {
  rule_set rules = load_rule_set(tiny);
  panel networks = load_panel(rules, tiny / "networks.csv", tiny / "staff.csv");
};

// Capacities at 37.5 h/WTE: 0.25, 0.4 and 1.0 WTE give 9.375, 15 and 37.5 hours, times the share.
TEST(Sensitivity, TwoRangedValuesByHand) {
  const tiny_set t;
  sensitivity_options o;
  o.window = at_date(*parse_date("2021-01-01"));
  const sensitivity_result r = run_sensitivity(t.rules, t.networks, o);
  // Share 0.8: 7.5, 12, 30 hours against 10: two networks compliant.
  EXPECT_EQ(r.base, 2.0);
  ASSERT_EQ(r.rows.size(), 2u);
  // Demand 5: all three; demand 20: only the third. Swing 2.
  EXPECT_EQ(r.rows[0].value.id, "svc.work.demand[0].hours@2020-04-01");
  EXPECT_EQ(r.rows[0].low, 3.0);
  EXPECT_EQ(r.rows[0].high, 1.0);
  EXPECT_EQ(r.rows[0].swing(), 2.0);
  // Share 0.4: 3.75, 6, 15 (one); share 1.0: 9.375, 15, 37.5 (two). Swing 1.
  EXPECT_EQ(r.rows[1].value.id, "roles.pharmacist.available_share@2020-04-01");
  EXPECT_EQ(r.rows[1].low, 1.0);
  EXPECT_EQ(r.rows[1].high, 2.0);
  EXPECT_EQ(r.rows[1].value.line, 6);
  EXPECT_EQ(r.skipped, 0u);
}

TEST(Sensitivity, ShortfallByHand) {
  const tiny_set t;
  sensitivity_options o;
  o.window = at_date(*parse_date("2021-01-01"));
  o.measure = measure_kind::shortfall;
  const sensitivity_result r = run_sensitivity(t.rules, t.networks, o);
  EXPECT_NEAR(r.base, 2.5, 1e-9);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].value.id, "svc.work.demand[0].hours@2020-04-01");
  EXPECT_NEAR(r.rows[0].low, 0.0, 1e-9);
  EXPECT_NEAR(r.rows[0].high, 12.5 + 8.0, 1e-9);
  EXPECT_NEAR(r.rows[1].low, 6.25 + 4.0, 1e-9);
  EXPECT_NEAR(r.rows[1].high, 0.625, 1e-9);
}

TEST(Sensitivity, ValueNotInForceInTheWindowIsSkipped) {
  const tiny_set t;
  sensitivity_options o;
  o.window = at_date(*parse_date("2019-06-01"));  // before every step: nothing in force
  const sensitivity_result r = run_sensitivity(t.rules, t.networks, o);
  EXPECT_EQ(r.base, 0.0);
  EXPECT_EQ(r.skipped, 2u);
  for (const sensitivity_row& row : r.rows) EXPECT_EQ(row.swing(), 0.0);
}

TEST(Sensitivity, FinancialYearParsing) {
  const measure_window w = parse_financial_year("2021/22");
  EXPECT_EQ(w.from, *parse_date("2021-04-01"));
  EXPECT_EQ(w.to, *parse_date("2022-03-31"));
  EXPECT_EQ(to_string(w), "2021/22");
  for (const char* bad : {"2021/23", "2021-22", "21/22", "2021/2", "2021/22x", ""})
    EXPECT_THROW((void)parse_financial_year(bad), input_error) << bad;
  EXPECT_THROW((void)parse_measure("compliance"), input_error);
}

// The shipped rule set on the shipped national panel (data/england, with coverage).
struct england {
  rule_set rules = load_rule_set(source / "specs" / "des-england");
  panel networks = [this] {
    panel p = load_panel(rules, source / "data" / "england" / "networks.csv",
                         source / "data" / "england" / "staff.csv");
    load_coverage(p, source / "data" / "england" / "coverage.csv");
    return p;
  }();
};

const england& shipped() {
  static const england e;
  return e;
}

TEST(Sensitivity, MeasuresAgreeWithTheNationalReport) {
  const england& e = shipped();
  national_options n;
  n.from = *parse_date("2020-04-01");
  n.to = *parse_date("2022-03-31");
  const national_report report = summarise_nation(e.rules, e.networks, n);
  std::vector<measure_window> windows;
  for (const date d : report.dates) windows.push_back(at_date(d));
  windows.push_back(parse_financial_year("2021/22"));
  const national_measures m = measure_nation(e.rules, e.networks, windows, 2);
  const std::uint32_t cells = m.services + 1;
  for (std::size_t d = 0; d < report.dates.size(); ++d)
    for (std::uint32_t c = 0; c < cells; ++c) {
      const national_cell& want = report.cells[d * cells + c];
      const measure_cell& got = m.cells[d * cells + c];
      EXPECT_EQ(got.service, want.service);
      EXPECT_EQ(got.in_force, want.in_force);
      EXPECT_EQ(got.compliant, want.compliant);
      EXPECT_EQ(got.no_data, want.no_data);
      EXPECT_NEAR(got.shortfall_hours, want.shortfall_hours, 1e-6);
    }
  ASSERT_EQ(report.years.size(), 2u);
  const measure_cell& year = m.cell(report.dates.size(), no_index);
  EXPECT_EQ(year.compliant, report.years[1].compliant);
  EXPECT_EQ(year.in_force, report.years[1].in_force);
  EXPECT_EQ(year.no_data, report.years[1].no_data);
}

TEST(Sensitivity, ShippedRuleSetTopValueAndThreads) {
  const england& e = shipped();
  sensitivity_options o;
  o.window = at_date(*parse_date("2021-06-01"));
  o.threads = 1;
  const sensitivity_result one = run_sensitivity(e.rules, e.networks, o);
  o.threads = 2;
  const sensitivity_result two = run_sensitivity(e.rules, e.networks, o);
  EXPECT_EQ(one.rows, two.rows);
  EXPECT_EQ(one.rows.size(), ranged_values(e.rules).size());
  ASSERT_FALSE(one.rows.empty());
  // The share of GP time given to network services moves the headline most.
  EXPECT_EQ(one.rows[0].value.id, "roles.gp.available_share");
  EXPECT_GT(one.rows[0].swing(), 100.0);
  for (std::size_t i = 1; i < one.rows.size(); ++i) EXPECT_GE(one.rows[i - 1].swing(), one.rows[i].swing());
  // A value the check never reads (funding) is skipped with a zero swing.
  EXPECT_GT(one.skipped, 0u);
  std::ostringstream a;
  std::ostringstream b;
  write_tornado(a, e.rules, one, analysis_format::csv);
  write_tornado(b, e.rules, two, analysis_format::csv);
  EXPECT_EQ(a.str(), b.str());
}

TEST(Sensitivity, SkippedValuesReallyCannotChangeTheMeasure) {
  // Every value the fast path skips gives the base measure when run in full.
  const england& e = shipped();
  sensitivity_options o;
  o.window = at_date(*parse_date("2021-06-01"));
  const std::vector<ranged_value> values = ranged_values(e.rules);
  const national_measures base = measure_nation(e.rules, e.networks, {o.window}, 2);
  std::size_t tried = 0;
  for (const ranged_value& v : values) {
    if (!v.id.starts_with("funding.") && v.id.find("cost_per_wte") == std::string::npos) continue;
    const rule_set high = with_ranged_value(e.rules, v.id, v.range.high);
    EXPECT_EQ(measure_nation(high, e.networks, {o.window}, 2), base) << v.id;
    if (++tried == 3) break;
  }
  EXPECT_GT(tried, 0u);
}

}  // namespace
